package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportStackExchange(t *testing.T) {
	dump := filepath.Join("..", "..", "..", "shared", "testdata", "stackexchange-conlang-meta", "data")
	if _, err := os.Stat(dump); err != nil {
		t.Skipf("the real dump is not beside the repository (%v)", err)
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "copse.db")
	_, _, err := runCopse(t, "", nil, "import", "stackexchange", "--db", db, dump)
	if err == nil || !strings.Contains(err.Error(), "--site conlang.meta.stackexchange.com") {
		t.Errorf("without a site: %v", err)
	}
	want := "54 questions (54 new, 0 already imported), 115 answers, 11 accepted; median time to first answer 2 h 33 min"
	out, stderr, err := runCopse(t, "", nil, "import", "stackexchange", "--site", "conlang.meta.stackexchange.com", "--db", db, dump)
	if err != nil || !strings.HasPrefix(out, want) {
		t.Fatalf("import: %v\n%s\n%s", err, out, stderr)
	}
	// Again, naming the folder that holds the dump's data folder, as it is shared.
	out, _, err = runCopse(t, "", nil, "import", "stackexchange", "--site", "conlang.meta.stackexchange.com", "--db", db, filepath.Dir(dump))
	if err != nil || !strings.HasPrefix(out, "54 questions (0 new, 54 already imported), 115 answers, 11 accepted") || !strings.Contains(out, "; 0 placeholder accounts") {
		t.Fatalf("again: %v\n%s", err, out)
	}
	if _, _, err := runCopse(t, "", nil, "import", "stackexchange", "--db", db, "--site", "conlang.meta.stackexchange.com", "--community", "nowhere", dump); err == nil ||
		!strings.Contains(err.Error(), `no community at "nowhere"`) {
		t.Errorf("an unknown community: %v", err)
	}
	if _, _, err := runCopse(t, "", nil, "import", "stackexchange", "--db", db, filepath.Join(dump, "Posts.xml")); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("a file for a folder: %v", err)
	}
}
