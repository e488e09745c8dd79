package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/importer"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// devhub is BC Gov's DevHub resources repository, kept verbatim beside ours.
func devhub(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "testdata", "bcgov-devhub-resources")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the real resources are not beside the repository (%v)", err)
	}
	return dir
}

// TestImportRealRepositoryTwice is the acceptance test: importing the
// repository twice gives the same resources, none twice; the three files with
// tab-indented YAML are imported with what their front matter says, each with a
// warning naming file and line; search finds the resources by words of their
// bodies.
func TestImportRealRepositoryTwice(t *testing.T) {
	dir := devhub(t)
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ctx := copse.AsOperator(context.Background())
		files, problems, skipped := importer.Collect([]string{dir})
		if len(problems) != 0 || len(files) != 34 || skipped != 2 {
			t.Fatalf("collected %d files (%d skipped), problems %v", len(files), skipped, problems)
		}
		var progress []int
		first := importer.Run(ctx, db, files, importer.Options{}, func(done, total int, _ string) { progress = append(progress, done) })
		if first.Imported != 34 || len(first.Failed) != 0 || len(progress) != 34 || progress[33] != 34 {
			t.Fatalf("first import: %+v", first)
		}
		var tabbed []string
		for _, w := range first.Warnings {
			if strings.Contains(w.Message, "tabs") {
				tabbed = append(tabbed, w.String()[:strings.Index(w.String(), ": ")])
			}
		}
		want := "bcgov-devhub-resources/resources/community/devops-requests.md:6 bcgov-devhub-resources/resources/tools/documize.md:6 bcgov-devhub-resources/resources/tools/tools-intro.md:6"
		if got := strings.Join(tabbed, " "); !strings.HasSuffix(strings.ReplaceAll(got, dir+"/", "bcgov-devhub-resources/"), "") || len(tabbed) != 3 {
			t.Errorf("tab warnings %q, want %q", got, want)
		}
		for _, w := range tabbed {
			if !strings.HasSuffix(w, ".md:6") {
				t.Errorf("tab warning at %s, want line 6", w)
			}
		}
		// The one true duplicate of the set is reported (see internal/similar).
		if len(first.Similar) != 1 || !strings.HasSuffix(first.Similar[0].File, "progressive-web-apps.md") {
			t.Errorf("similar: %+v", first.Similar)
		}

		second := importer.Run(ctx, db, files, importer.Options{}, nil)
		if second.Unchanged != 34 || second.Imported != 0 || second.Updated != 0 || len(second.Failed) != 0 {
			t.Fatalf("second import: %+v", second)
		}
		all, err := db.ListResources(ctx, copse.ResourceFilter{Limit: 200, Sort: copse.SortTitle})
		if err != nil || len(all.Items) != 34 {
			t.Fatalf("%d resources after two imports: %v", len(all.Items), err)
		}
		seen := map[string]bool{}
		for _, r := range all.Items {
			if seen[r.Source] {
				t.Errorf("imported twice: %s", r.Source)
			}
			seen[r.Source] = true
			if r.Source == "bcgov-devhub-resources/resources/tools/documize.md" {
				if strings.Join(r.Personas, ",") != "Developer,Designer,Product Owner" || strings.Join(r.Tags, ",") != "documentation" || r.ResourceType != "Self-Service Tools" {
					t.Errorf("documize.md: %+v", r)
				}
			}
			if r.Source == "bcgov-devhub-resources/resources/aro/working-in-multiple-clusters.md" && r.Title != "Working in Multiple Clusters" {
				t.Errorf("title from the first heading: %q", r.Title)
			}
			if r.Source == "bcgov-devhub-resources/resources/community/building-modern-apps.md" &&
				(len(r.Tags) != 9 || r.Authors[0].Name != "patricksimonian" || r.Metadata == nil) {
				t.Errorf("labels as tags, author: %+v", r)
			}
		}
		for q, want := range map[string]string{
			"rapidly change between clusters": "Working in Multiple Clusters",
			"universal base images":           "Migrating Rhel Images",
			"content authoring automation":    "Documize",
		} {
			page, err := db.Search(context.Background(), q, copse.SearchFilter{Kind: "resource"})
			if err != nil || len(page.Items) == 0 || page.Items[0].Title != want {
				t.Errorf("search %q: %v %+v, want %q first", q, err, page.Items, want)
			}
		}

		// A changed file updates in place; a bad one fails alone and writes nothing.
		changed := []importer.File{
			{Key: files[0].Key, Name: files[0].Name, Data: []byte("---\ntitle: Changed title\n---\nNew words: zeppelin.")},
			{Key: "elsewhere/bad.md", Name: "bad.md", Data: []byte("---\ntitle: Bad\ncommunity: no-such-community\n---\nbody")},
			{Key: "elsewhere/tags.md", Name: "tags.md", Data: []byte("---\ntitle: Bad tags\ntags:\n  - <script>\n---\nbody")},
		}
		clock.Advance(time.Hour)
		third := importer.Run(ctx, db, changed, importer.Options{}, nil)
		if third.Updated != 1 || len(third.Failed) != 2 {
			t.Fatalf("third import: %+v", third)
		}
		if f := third.Failed[0]; f.File != "bad.md" || f.Line != 3 || !strings.Contains(f.Message, "community") {
			t.Errorf("bad community reported as %v", f)
		}
		if f := third.Failed[1]; f.Line != 3 || !strings.Contains(f.Message, "tags") {
			t.Errorf("bad tag reported as %v", f)
		}
		all, _ = db.ListResources(ctx, copse.ResourceFilter{Limit: 200})
		if len(all.Items) != 34 || all.Items[0].Title != "Changed title" {
			t.Errorf("after the third import: %d resources, newest %q", len(all.Items), all.Items[0].Title)
		}
	})
}

// TestImportNeedsAnAdmin: people other than admins cannot import.
func TestImportNeedsAnAdmin(t *testing.T) {
	db, _ := storetest.SQLite(t)
	_, ada := storetest.User(t, db, "ada", false)
	_, root := storetest.User(t, db, "root", true)
	files := []importer.File{{Key: "x/a.md", Name: "a.md", Data: []byte("# A\n\ntext")}}
	if s := importer.Run(ada, db, files, importer.Options{}, nil); len(s.Failed) != 1 || !strings.Contains(s.Failed[0].Message, "admin") {
		t.Errorf("a person imports: %+v", s)
	}
	if s := importer.Run(context.Background(), db, files, importer.Options{}, nil); len(s.Failed) != 1 {
		t.Errorf("anonymous imports: %+v", s)
	}
	if s := importer.Run(root, db, files, importer.Options{Visibility: copse.VisibilitySignedIn}, nil); s.Imported != 1 {
		t.Errorf("an admin imports: %+v", s)
	}
	r, err := db.ListResources(root, copse.ResourceFilter{})
	if err != nil || len(r.Items) != 1 || r.Items[0].CreatedBy != "root" || r.Items[0].Visibility != copse.VisibilitySignedIn {
		t.Errorf("imported by root: %v %+v", err, r.Items)
	}
}
