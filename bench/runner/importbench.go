package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// importFiles is how many Markdown resources the import budget is measured on.
const importFiles = 1000

// measureImport times `copse import resources` of 1,000 Markdown files with front
// matter into an empty database. Each file is made of paragraphs of the real
// Markdown documents in ../shared/testdata, drawn in a different order for every
// file, so that the files are as distinct as a real repository's.
func measureImport(ctx context.Context, cfg config, db string) (time.Duration, error) {
	dir := "bench/out/import"
	if err := writeImportFiles(dir); err != nil {
		return 0, err
	}
	var target string
	switch db {
	case "sqlite":
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove("bench/out/import.db" + s)
		}
		target = "sqlite:" + abs("bench/out/import.db")
	case "postgres":
		var err error
		if target, err = freshDatabase(ctx, cfg, "copse_bench_import"); err != nil {
			return 0, err
		}
	}
	if err := sh("bench/out/copse", "migrate", "--db", target); err != nil {
		return 0, err
	}
	start := time.Now()
	err := sh("bench/out/copse", "import", "resources", "--db", target, dir)
	return time.Since(start), err
}

func writeImportFiles(dir string) error {
	if err := os.RemoveAll(dir); err != nil { // written afresh: cheap, and never stale
		return err
	}
	var paras []string
	err := filepath.WalkDir(testdata(), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, p := range strings.Split(string(stripFrontMatter(b)), "\n\n") {
				if p = strings.TrimSpace(p); len(p) > 80 {
					paras = append(paras, p)
				}
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(paras) < 100 {
		return fmt.Errorf("too few Markdown paragraphs in %s", testdata())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	types := []string{"Documentation", "Guide", "Case study", "Repository"}
	for i := range importFiles {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Imported document %d\ndescription: Paragraphs of real documents, for the import benchmark.\nresourceType: %s\ntags: [bench, part-%d]\n---\n\n# Imported document %d\n\n",
			i, types[i%len(types)], i%20, i)
		for range 6 + rng.IntN(6) {
			b.WriteString(paras[rng.IntN(len(paras))])
			b.WriteString("\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d.md", i)), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// stripFrontMatter drops a document's own front matter, so each copy carries ours.
func stripFrontMatter(b []byte) []byte {
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return b
	}
	if end := bytes.Index(b[4:], []byte("\n---")); end >= 0 {
		rest := b[4+end+4:]
		return bytes.TrimLeft(rest, "-\n")
	}
	return b
}
