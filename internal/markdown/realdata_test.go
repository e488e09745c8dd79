package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shared is the project's shared folder, beside the repository, holding real
// documents written by other people (see shared/testdata/README.md).
const shared = "../../../shared"

// realDocs returns the seed documents and the BC Gov DevHub resource pages,
// or skips t when the shared folder is not beside the repository.
func realDocs(t *testing.T) map[string]string {
	t.Helper()
	var paths []string
	seeds, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	paths = append(paths, seeds...)
	_ = filepath.WalkDir(filepath.Join(shared, "testdata", "bcgov-devhub-resources", "resources"),
		func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				paths = append(paths, p)
			}
			return nil
		})
	if len(paths) == 0 {
		t.Skipf("no real documents under %s: the shared folder is not beside the repository", shared)
	}
	docs := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p)] = string(b)
	}
	return docs
}

func TestRealDocuments(t *testing.T) {
	r := New()
	docs := realDocs(t)
	if len(docs) < 30 {
		t.Errorf("found %d real documents, want the 5 seeds and 33 resource pages", len(docs))
	}
	for name, src := range docs {
		t.Run(name, func(t *testing.T) {
			if _, err := convert(r.page, src); err != nil {
				t.Fatal(err)
			}
			out := string(r.HTML(src))
			checkSafe(t, out)
			checkContained(t, out)
			if strings.TrimSpace(out) == "" {
				t.Error("rendered to nothing")
			}
			if txt := r.Text(src, 160); txt == "" {
				t.Error("Text is empty")
			}
		})
	}
}

// TestSeedCharter pins what the first seed, a real community's welcome page
// with YAML front matter, looks like once rendered.
func TestSeedCharter(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(shared, "seeds", "001_*.txt"))
	if len(paths) == 0 {
		t.Skipf("seed 001 not found under %s", shared)
	}
	src, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	out := string(New().HTML(string(src)))
	for _, want := range []string{
		`<h2 id="welcome-to-our-platform-community">Welcome to our Platform Community!</h2>`,
		`<h3 id="were-better-together">`,
		`<strong>We can’t do it alone and we don’t pretend we can.</strong>`,
		"<pre><code>To build a constantly improving application platform",
		"title: Welcome to our Platform Community!", // front matter is the importer's to strip
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	src := benchDoc(b)
	r := New()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r.HTML(src)
	}
}

func BenchmarkText(b *testing.B) {
	src := benchDoc(b)
	r := New()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r.Text(src, 160)
	}
}

func benchDoc(b *testing.B) string {
	p := filepath.Join(shared, "testdata", "bcgov-devhub-resources", "resources", "community", "openshift101.md")
	src, err := os.ReadFile(p)
	if err != nil {
		b.Skipf("benchmark document missing (%v): the shared folder is not beside the repository", err)
	}
	return string(src)
}
