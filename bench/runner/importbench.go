package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// importFiles is how many Markdown resources the import budget is measured on.
const importFiles = 1000

// measureImport times `copse import resources` of 1,000 Markdown files with front
// matter into an empty database. The files are the Markdown documents of
// ../shared/testdata, each written several times under new titles.
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
	if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("%04d.md", importFiles-1))); err == nil {
		return nil // written by an earlier run
	}
	var docs [][]byte
	err := filepath.WalkDir(testdata(), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			b, err := os.ReadFile(path)
			if err == nil && len(b) > 200 {
				docs = append(docs, stripFrontMatter(b))
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return fmt.Errorf("no Markdown documents in %s", testdata())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	types := []string{"Documentation", "Guide", "Case study", "Repository"}
	for i := range importFiles {
		front := fmt.Sprintf("---\ntitle: Imported document %d\ndescription: A copy of a real document, for the import benchmark.\nresourceType: %s\ntags: [bench, copy-%d]\n---\n\n",
			i, types[i%len(types)], i%20)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d.md", i)), append([]byte(front), docs[i%len(docs)]...), 0o644); err != nil {
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
