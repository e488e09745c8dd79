package api_test

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		archive := zipOf(t, map[string]string{
			"repo/resources/guide.md":    "---\ntitle: Guide\npersona: Developer\nlabels: [onboarding]\n---\nHow we onboard teams.",
			"repo/resources/broken.md":   "---\ntitle: Broken\ntags:\n\t- x\n  - : y\n---\nbody",
			"repo/resources/image.png":   "\x89PNG",
			"repo/.git/config":           "[core]",
			"repo/resources/binary.md":   "\x00\x01\x02",
			"repo/resources/nothing.md":  "---\ntitle: Nothing\n---\n",
			"repo/resources/heading.md":  "# From the heading\n\nWords.",
			"repo/resources/in-iac.md":   "---\ncommunity: iac\n---\n# IaC guide\n\nTerraform.",
			"repo/resources/no-such.md":  "---\ncommunity: nowhere\n---\n# Lost\n\nx",
			"repo/resources/members.md":  "---\nvisibility: members\n---\n# Private\n\nx",
			"../escape.md":               "# Escape\n\nx",
			"repo/resources/sub/deep.md": "# Deep\n\nx",
		})
		r := s.call("root", "POST", "/api/v1/imports", string(archive), "Content-Type", "application/zip")
		if r.status != 200 {
			t.Fatalf("zip import: %d %s", r.status, r.raw)
		}
		if r.body["imported"] != float64(4) || r.body["skipped"] != float64(3) || len(r.body["failed"].([]any)) != 5 {
			t.Errorf("zip summary: %s", r.raw)
		}
		for _, want := range []string{`"file":"repo/resources/broken.md","line":4`, `"file":"repo/resources/binary.md","message":"is not a text file`,
			`"file":"repo/resources/nothing.md","message":"has no body and no url`, `no-such.md","line":2,"message":"community`,
			`members.md","line":2,"message":"visibility`} {
			if !strings.Contains(string(r.raw), want) {
				t.Errorf("the summary lacks %s: %s", want, r.raw)
			}
		}
		again := s.call("root", "POST", "/api/v1/imports", string(archive), "Content-Type", "application/zip")
		if again.body["unchanged"] != float64(4) || again.body["imported"] != float64(0) {
			t.Errorf("the same zip again: %s", again.raw)
		}

		// Multipart: Markdown files and a zip side by side, with a default community.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("community", "iac")
		fw, _ := mw.CreateFormFile("files", "team-notes.md")
		fw.Write([]byte("# Team notes\n\nWe meet monthly."))
		fw, _ = mw.CreateFormFile("files", "bundle.zip")
		fw.Write(zipOf(t, map[string]string{"bundle/a.md": "# A\n\nalpha", "bundle/b.txt": "b"}))
		mw.Close()
		r = s.call("root", "POST", "/api/v1/imports", buf.String(), "Content-Type", mw.FormDataContentType())
		if r.status != 200 || r.body["imported"] != float64(2) || r.body["skipped"] != float64(1) {
			t.Fatalf("multipart import: %d %s", r.status, r.raw)
		}
		list := s.must("", "GET", "/api/v1/resources?community=iac&sort=title", "", 200)
		var titles []string
		for _, it := range items(list) {
			titles = append(titles, it["title"].(string))
		}
		if strings.Join(titles, "|") != "A|IaC guide|Team notes" {
			t.Errorf("iac's library after the imports: %q", titles)
		}

		// Only admins; bad uploads are named.
		checkProblem(t, s.call("fay", "POST", "/api/v1/imports", string(archive), "Content-Type", "application/zip"), 403)
		checkProblem(t, s.call("", "POST", "/api/v1/imports", string(archive), "Content-Type", "application/zip"), 401)
		checkProblem(t, s.call("root", "POST", "/api/v1/imports", "not a zip", "Content-Type", "application/zip"), 422, "files")
		checkProblem(t, s.call("root", "POST", "/api/v1/imports", strings.Repeat("x", 33<<20), "Content-Type", "application/zip"), 413)
		checkProblem(t, s.call("root", "POST", "/api/v1/imports", `{"files": [{"path": "a.md", "content": "x"}], "extra": 1}`), 400)
		checkProblem(t, s.call("root", "POST", "/api/v1/imports", `{"files": []}`), 422, "files")
	})
}
