// Command gen fills a copse database, through the store, with a realistic dataset at
// one of three sizes, for bench/run. Text comes from ../shared/testdata so that
// search and rendering see real words. It writes a manifest (JSON) naming what it
// made, so bench/run knows which pages to ask for.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/copse-dev/copse/internal/store"
)

// size is how much of everything a dataset holds.
type size struct {
	Communities, People, Topics, Meetings, Resources, Questions, Answers int
}

var sizes = map[string]size{
	"small":  {Communities: 12, People: 60, Topics: 200, Meetings: 40, Resources: 100, Questions: 300, Answers: 900},
	"medium": {Communities: 200, People: 5000, Topics: 20000, Meetings: 2000, Resources: 10000, Questions: 50000, Answers: 150000},
	"large":  {Communities: 2000, People: 50000, Topics: 200000, Meetings: 20000, Resources: 100000, Questions: 500000, Answers: 1500000},
}

// manifest tells bench/run what the dataset holds.
type manifest struct {
	Size        string   `json:"size"`
	Database    string   `json:"database"`
	Communities []string `json:"communities"` // a sample of slugs, busiest first
	Tag         string   `json:"tag"`
	Person      string   `json:"person"`
	Session     string   `json:"session"`  // a signed-in person's session cookie value
	Resource    int64    `json:"resource"` // a resource in the busiest community
	Question    int64    `json:"question"` // a well-answered question in the busiest community
	Queries     []string `json:"queries"`  // search queries of several shapes
	Counts      size     `json:"counts"`
	Seconds     float64  `json:"seconds"`
}

func main() {
	var (
		sizeName = flag.String("size", "small", "small, medium or large")
		dbURL    = flag.String("db", "sqlite:bench/out/small.db", "database URL (an empty database)")
		data     = flag.String("testdata", "../shared/testdata", "folder of real documents to draw text from")
		out      = flag.String("manifest", "", "where to write the manifest (default stdout)")
		seed     = flag.Uint64("seed", 1, "random seed: the same seed gives the same dataset")
	)
	flag.Parse()
	if err := run(context.Background(), *sizeName, *dbURL, *data, *out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, sizeName, dbURL, data, out string, seed uint64) error {
	sz, ok := sizes[sizeName]
	if !ok {
		return fmt.Errorf("--size %q: use small, medium or large", sizeName)
	}
	words, err := loadCorpus(data)
	if err != nil {
		return fmt.Errorf("read %s: %w", data, err)
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if empty, err := db.Empty(ctx); err != nil || !empty {
		return fmt.Errorf("the database must be empty (err %v)", err)
	}
	start := time.Now()
	g := &generator{db: db, c: words, r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), size: sz}
	m := manifest{Size: sizeName, Database: db.Dialect(), Counts: sz}
	for _, s := range g.steps() {
		t := time.Now()
		n, err := s.run(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(os.Stderr, "gen: %-12s %8d in %6.1fs\n", s.name, n, time.Since(t).Seconds())
	}
	if err := g.finish(ctx, &m); err != nil {
		return err
	}
	m.Seconds = time.Since(start).Seconds()
	w := os.Stdout
	if out != "" {
		if w, err = os.Create(out); err != nil {
			return err
		}
		defer w.Close()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
