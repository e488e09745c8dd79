package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportResources(t *testing.T) {
	devhub := filepath.Join("..", "..", "..", "shared", "testdata", "bcgov-devhub-resources")
	if _, err := os.Stat(devhub); err != nil {
		t.Skipf("the real resources are not beside the repository (%v)", err)
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "copse.db")
	out, stderr, err := runCopse(t, "", nil, "import", "resources", devhub, "--db", db)
	if err != nil || !strings.HasPrefix(out, "34 imported, 0 updated, 0 unchanged, 0 failed (2 files that are not Markdown skipped)\n") {
		t.Fatalf("first import: %v\n%s\n%s", err, out, stderr)
	}
	for _, want := range []string{"resources/tools/documize.md:6: the front matter is indented with tabs",
		"progressive-web-apps.md: a similar resource exists: \"Building Modern Web Applications\""} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	if stderr != "" {
		t.Errorf("a progress bar was drawn into a pipe: %q", stderr)
	}
	out, _, err = runCopse(t, "", nil, "import", "resources", "--db", db, devhub)
	if err != nil || !strings.HasPrefix(out, "0 imported, 0 updated, 34 unchanged, 0 failed") {
		t.Fatalf("second import: %v\n%s", err, out)
	}

	// A bad file fails alone, with its line, and the exit status says so.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.md"), []byte("# Good\n\nWords."), 0o600)
	os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: Bad\npersonas: [a\n---\nbody"), 0o600)
	os.WriteFile(filepath.Join(dir, "big.md"), []byte(strings.Repeat("words ", 400_000)), 0o600)
	os.WriteFile(filepath.Join(dir, "logo.md"), []byte("\x89PNG\r\n\x1a\n\x00\x00"), 0o600)
	out, _, err = runCopse(t, "", nil, "import", "resources", "--db", db, dir, filepath.Join(dir, "missing.md"))
	if err == nil || !strings.Contains(err.Error(), "4 of 5 files could not be imported") {
		t.Errorf("exit error: %v", err)
	}
	if !strings.HasPrefix(out, "1 imported, 0 updated, 0 unchanged, 4 failed") || !strings.Contains(out, "bad.md:3: ") ||
		!strings.Contains(out, "big.md: is 2400000 bytes, larger than the 1048576 bytes") || !strings.Contains(out, "logo.md: is not a text file") ||
		!strings.Contains(out, "missing.md: cannot be read: no such file or directory") {
		t.Errorf("summary:\n%s", out)
	}
	if _, _, err := runCopse(t, "", nil, "import", "resources", "--db", db); err == nil {
		t.Error("an import of nothing succeeds")
	}
}
