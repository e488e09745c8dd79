package importer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/importer"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// Benchmarks of the library at 10,000 and 100,000 resources, on SQLite and (with
// COPSE_TEST_POSTGRES) PostgreSQL: import throughput, and search latency on a
// full index. They run only with -bench; the 100,000 sizes also need
// COPSE_BENCH_LARGE=1, as each imports for minutes:
//
//	go test ./internal/importer -run '^$' -bench Import -benchtime 1x
//	go test ./internal/importer -run '^$' -bench Search -benchtime 100x
//	COPSE_BENCH_LARGE=1 go test ./internal/importer -run '^$' -bench Import -benchtime 1x -timeout 2h

var sizes = []int{10_000, 100_000}

// corpus makes n resources of about 250 words each, of a 6,000-word vocabulary
// with a Zipf-like spread plus a few real terms, in files like a repository's.
func corpus(n int) []importer.File {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	syll := []string{"ka", "ro", "mi", "tes", "lan", "vo", "pre", "dor", "qui", "sen", "bal", "fu", "gri", "nox", "tal", "ve"}
	vocab := make([]string, 6000)
	for i := range vocab {
		w := ""
		for j := 0; j < 2+i%3; j++ {
			w += syll[rng.IntN(len(syll))]
		}
		vocab[i] = w
	}
	// Real terms at middling frequency: each is in a few percent of the resources.
	copy(vocab[300:], []string{"kubernetes", "terraform", "pipeline", "openshift", "migration", "onboarding", "security", "jenkins"})
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	types := []string{"Documentation", "Guide", "Deck", "Recording"}
	files := make([]importer.File, n)
	for i := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s %s guide %d\nresourceType: %s\npersonas: [Developer]\ntags: [%s, %s]\n---\n\n## Overview\n\n",
			vocab[zipf.Uint64()], vocab[zipf.Uint64()], i, types[i%len(types)], vocab[rng.IntN(200)], vocab[rng.IntN(200)])
		for w := range 250 {
			if w%40 == 39 {
				b.WriteString(".\n\n")
			}
			b.WriteString(vocab[zipf.Uint64()])
			b.WriteByte(' ')
		}
		files[i] = importer.File{Key: fmt.Sprintf("bench/resources/%05d.md", i), Name: fmt.Sprintf("%05d.md", i), Data: []byte(b.String())}
	}
	return files
}

func large(b *testing.B, n int) {
	if n > 10_000 && os.Getenv("COPSE_BENCH_LARGE") != "1" {
		b.Skip("set COPSE_BENCH_LARGE=1 to benchmark 100,000 resources (minutes per database)")
	}
}

func databases(b *testing.B, fn func(b *testing.B, open func() *store.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, func() *store.DB { db, _ := storetest.SQLite(b); return db }) })
	b.Run("postgres", func(b *testing.B) { fn(b, func() *store.DB { db, _ := storetest.Postgres(b); return db }) })
}

// BenchmarkImport imports n resources into an empty library, each file in its own
// transaction with its search document and near-duplicate check, as the command
// line does.
func BenchmarkImport(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			large(b, n)
			files := corpus(n)
			databases(b, func(b *testing.B, open func() *store.DB) {
				ctx := copse.AsOperator(context.Background())
				var total time.Duration
				for b.Loop() {
					b.StopTimer()
					db := open()
					b.StartTimer()
					start := time.Now()
					s := importer.Run(ctx, db, files, importer.Options{}, nil)
					total += time.Since(start)
					if s.Imported != n {
						b.Fatalf("imported %d of %d: %v", s.Imported, n, s.Failed[:min(3, len(s.Failed))])
					}
				}
				b.ReportMetric(float64(n*b.N)/total.Seconds(), "resources/s")
			})
		})
	}
}

// BenchmarkSearch measures one search on a library of n resources, by kind of
// query: words each in a few percent of the resources, the last word as a
// prefix while it is typed, one word filtered by kind, and a word in every
// title (the worst case: every resource matches and is ranked).
func BenchmarkSearch(b *testing.B) {
	queries := []struct {
		name, q string
		f       copse.SearchFilter
	}{
		{"two-words", "kubernetes migration", copse.SearchFilter{}},
		{"prefix", "terraform pipel", copse.SearchFilter{}},
		{"one-word-by-kind", "jenkins", copse.SearchFilter{Kind: "resource"}},
		{"in-every-title", "guide", copse.SearchFilter{Limit: 20}},
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			large(b, n)
			files := corpus(n)
			databases(b, func(b *testing.B, open func() *store.DB) {
				db := open()
				if s := importer.Run(copse.AsOperator(context.Background()), db, files, importer.Options{}, nil); s.Imported != n {
					b.Fatalf("imported %d of %d", s.Imported, n)
				}
				ctx := context.Background()
				for _, q := range queries {
					b.Run(q.name, func(b *testing.B) {
						hits := 0
						for b.Loop() {
							page, err := db.Search(ctx, q.q, q.f)
							if err != nil {
								b.Fatal(err)
							}
							hits = len(page.Items)
						}
						b.ReportMetric(float64(hits), "results")
					})
				}
				b.Run("library-page", func(b *testing.B) {
					for b.Loop() {
						f := copse.ResourceFilter{Limit: 50}
						if _, err := db.ListResources(ctx, f); err != nil {
							b.Fatal(err)
						}
						if _, err := db.ResourceFacets(ctx, f); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
		})
	}
}
