package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// libSite is the pages' site with a few resources: a public guide in iac (by
// bob, a member), a resource of the members-only "secret" community, and a
// site-wide one by cyd.
type libSite struct {
	*site
	guide, secret, note *copse.Resource
}

const guideBody = "## Why\n\nJenkins is older; **Tekton** runs pipelines natively on Kubernetes and OpenShift clusters today.\n\n" +
	"| tool | native |\n| --- | --- |\n| Tekton | yes |\n\n```sh\noc apply -f pipeline.yaml\n```\n\n<script>alert('x')</script>\n\n" +
	"Move one pipeline first and watch it for a week before you move the rest of them across."

func newLibSite(t *testing.T, db *store.DB) *libSite {
	t.Helper()
	s := &libSite{site: newSite(t, db)}
	var err error
	if s.guide, _, err = db.CreateResource(s.bob.ctx(), copse.NewResource{Title: "Migrating Jenkins", Description: "Move your pipelines.",
		ResourceType: "Documentation", Personas: []string{"Developer"}, Tags: []string{"ci/cd"}, Community: "iac", Body: guideBody}); err != nil {
		t.Fatal(err)
	}
	if s.secret, _, err = db.CreateResource(s.ada.ctx(), copse.NewResource{Title: "Hidden handbook", Body: "Only for members: zanzibar.", Community: "secret"}); err != nil {
		t.Fatal(err)
	}
	if s.note, _, err = db.CreateResource(s.cyd.ctx(), copse.NewResource{Title: "Chat etiquette", Body: "Use threads. Say what you tried.", ReviewBy: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLibraryPagesByViewer(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newLibSite(t, db)
		g, sec, note := fmt.Sprint(s.guide.ID), fmt.Sprint(s.secret.ID), fmt.Sprint(s.note.ID)
		tests := []struct {
			name   string
			who    *client
			path   string
			status int
			want   []string
			lacks  []string
		}{
			{"library", s.anon, "/library", 200, []string{"<h1>Library</h1>", "Migrating Jenkins", "Chat etiquette", `href="/library?tag=ci%2fcd"`, "Sign in"}, []string{"Hidden handbook", "Secret Society", "Add a resource"}},
			{"library as member", s.ada, "/library", 200, []string{"Hidden handbook", "Secret Society", "Add a resource", `href="/library/duplicates"`}, nil},
			{"community links its library", s.anon, "/communities/iac", 200, []string{`href="/library?community=iac"`}, nil},
			{"library facet", s.anon, "/library?type=Documentation", 200, []string{"1 resource found", "Type: Documentation", `aria-current="true"`}, []string{"Chat etiquette"}},
			{"library community filter", s.anon, "/library?community=-", 200, []string{"Chat etiquette"}, []string{"Migrating Jenkins"}},
			{"library sorted", s.anon, "/library?sort=title", 200, []string{`<option value="title" selected>`}, nil},
			{"library bad sort", s.anon, "/library?sort=sideways", 422, []string{"There is a problem", "Sort must be one of the choices shown"}, nil},
			{"library bad cursor", s.anon, "/library?cursor=%21%21", 422, []string{"This page of results has expired"}, nil},
			{"library empty filter", s.anon, "/library?tag=nothing", 200, []string{"Nothing matches these filters"}, nil},
			{"resource", s.anon, "/library/" + g, 200, []string{"<h1>Migrating Jenkins</h1>", "<table>", `class="language-sh"`, `<h3 id="why">`, "Maintained by", "Related resources"},
				[]string{"<script>alert", "Still accurate", `/edit"`}},
			{"resource as author", s.bob, "/library/" + g, 200, []string{`href="/library/` + g + `/edit"`, "Still accurate"}, nil},
			{"resource as facilitator", s.ada, "/library/" + g, 200, []string{`/edit"`}, nil},
			{"resource as outsider", s.cyd, "/library/" + g, 200, nil, []string{`/edit"`, "Still accurate"}},
			{"members-only resource to anonymous", s.anon, "/library/" + sec, 404, []string{"Page not found"}, []string{"Hidden"}},
			{"members-only resource to outsider", s.cyd, "/library/" + sec, 404, nil, []string{"Hidden"}},
			{"members-only resource to admin", s.root, "/library/" + sec, 200, []string{"Hidden handbook"}, nil},
			{"unknown resource", s.anon, "/library/999", 404, nil, nil},
			{"not a number", s.anon, "/library/abc", 404, nil, nil},
			{"needs review", s.anon, "/library/review", 200, []string{"<h1>Needs review</h1>", "Chat etiquette"}, []string{"Migrating Jenkins", "Review period"}},
			{"needs review as admin", s.root, "/library/review", 200, []string{"Review period", `value="365"`}, nil},
			{"needs review as author", s.cyd, "/library/review", 200, []string{"Still accurate<span"}, nil},
			{"new form", s.bob, "/library/new?community=iac", 200, []string{"<h1>Add a resource</h1>", `<option value="iac" selected>`, "Preview"}, nil},
			{"new form anonymous", s.anon, "/library/new", 303, nil, nil},
			{"edit form", s.bob, "/library/" + g + "/edit", 200, []string{"<h1>Edit Migrating Jenkins</h1>", "ci/cd"}, nil},
			{"edit by outsider", s.cyd, "/library/" + g + "/edit", 403, []string{"You cannot do this"}, nil},
			{"edit by another member", s.bob, "/library/" + note + "/edit", 403, nil, nil},
			{"duplicates as steward", s.ada, "/library/duplicates", 200, []string{"<h1>Duplicates</h1>", "No duplicates found"}, nil},
			{"duplicates as member", s.bob, "/library/duplicates", 403, nil, nil},
			{"duplicates anonymous", s.anon, "/library/duplicates", 303, nil, nil},
			{"search page", s.anon, "/search", 200, []string{"<h1>Search</h1>", "Type a few words"}, []string{`id="site-search-q"`}},
			{"search", s.anon, "/search?q=tekt", 200, []string{"<mark>Tekton</mark>", "Migrating Jenkins"}, []string{"Hidden handbook"}},
			{"search members-only", s.anon, "/search?q=zanzibar", 200, []string{"Nothing found"}, []string{"Hidden"}},
			{"search as member", s.ada, "/search?q=zanzibar", 200, []string{"Hidden handbook"}, nil},
			{"search by kind", s.anon, "/search?q=terraform&kind=community", 200, []string{"Infrastructure as Code"}, nil},
			{"search bad kind", s.anon, "/search?q=x&kind=boat", 422, []string{"There is a problem"}, nil},
			{"search box on every page", s.anon, "/communities", 200, []string{`<form class="site-search" method="get" action="/search"`}, nil},
			{"import form", s.root, "/admin/import", 200, []string{"<h1>Import resources</h1>", `enctype="multipart/form-data"`}, nil},
			{"import form as member", s.ada, "/admin/import", 403, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.who.get(tt.path).expect(t, tt.status, tt.want...)
				r.lacks(t, tt.lacks...)
			})
		}
	})
}

func TestResourceFlows(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newLibSite(t, db)
		// Preview renders without saving; a bad form names each field.
		f := form("title", "Pipelines on OpenShift", "community", "iac", "visibility", "public", "body", "## Steps\n\n1. Build\n2. Deploy", "action", "preview")
		s.bob.post("/library", f).expect(t, 200, `<h2 id="preview-title">Preview</h2>`, `<h3 id="steps">`)
		if page, _ := db.ListResources(s.bob.ctx(), copse.ResourceFilter{Q: "pipelines on"}); len(page.Items) != 0 {
			t.Fatal("a preview saved the resource")
		}
		s.bob.post("/library", form("title", "", "body", "", "url", "ftp://x", "review_by", "soon", "visibility", "members", "action", "save")).
			expect(t, 422, "There is a problem", "Title is required", "Link must be a full http", "Review by must be a date", `href="#title"`)
		s.cyd.post("/library", form("title", "X", "body", "x", "community", "iac", "visibility", "public", "action", "save")).expect(t, 403)

		// Saving a near-duplicate shows it first; "add it anyway" saves.
		dup := form("title", "Jenkins, moved", "community", "", "visibility", "public", "body", guideBody, "action", "save")
		s.cyd.post("/library", dup).expect(t, 200, "A similar resource exists", "Migrating Jenkins", "Add it anyway")
		dup.Set("action", "save-anyway")
		r := s.cyd.post("/library", dup)
		if r.Status != http.StatusSeeOther || !strings.Contains(r.location(), "notice=resource") {
			t.Fatalf("save anyway: %d %s", r.Status, r.location())
		}
		s.cyd.get(r.location()).expect(t, 200, "The resource is in the library", "Possible duplicates")

		// The steward merges the two; the duplicate's address leads to the kept one.
		dupID := strings.TrimPrefix(strings.Split(r.location(), "?")[0], "/library/")
		s.root.get("/library/duplicates").expect(t, 200, "2 resources, up to 100% alike", "Merge the others into it")
		s.root.post("/library/duplicates/merge", form("keep", fmt.Sprint(s.guide.ID), "drop", fmt.Sprint(s.guide.ID), "drop", dupID)).
			redirects(t, fmt.Sprintf("/library/%d?notice=merged", s.guide.ID))
		if r := s.anon.get("/library/" + dupID); r.Status != http.StatusMovedPermanently || r.location() != fmt.Sprintf("/library/%d", s.guide.ID) {
			t.Errorf("a merged resource answers %d → %q", r.Status, r.location())
		}
		s.anon.get("/library").lacks(t, "Jenkins, moved")

		// Edit, then "still accurate" from the needs-review list.
		g := fmt.Sprint(s.guide.ID)
		s.bob.post("/library/"+g+"/edit", form("title", "Migrating Jenkins to Tekton", "community", "iac", "visibility", "public", "tags", "ci/cd, tekton",
			"body", guideBody, "action", "save")).redirects(t, "/library/"+g+"?notice=updated")
		s.anon.get("/library/"+g).expect(t, 200, "<h1>Migrating Jenkins to Tekton</h1>", ">tekton</a>")
		clock.Advance(400 * 24 * time.Hour)
		s.bob, s.cyd, s.root, s.ada = s.as("bob", false), s.as("cyd", false), s.as("root", true), s.as("ada", false) // sessions ended
		s.anon.get("/library/review").expect(t, 200, "Migrating Jenkins to Tekton")
		s.bob.post("/library/"+g+"/reviewed", form("back", "/library/review")).redirects(t, "/library/review?notice=reviewed")
		s.anon.get("/library/review").lacks(t, "Migrating Jenkins to Tekton")
		s.anon.get("/library/"+g).expect(t, 200, "Last checked", "by <a href=\"/people/bob\">@bob</a>")
		s.cyd.post("/library/"+g+"/reviewed", form()).expect(t, 403)

		// The admin changes the review period; a bad one is named.
		s.root.post("/library/review/period", form("review_after_days", "3")).expect(t, 422, "Days must be a whole number from 7 to 3650")
		s.root.post("/library/review/period", form("review_after_days", "90")).redirects(t, "/library/review?notice=reviewdays")
		s.ada.post("/library/review/period", form("review_after_days", "90")).expect(t, 403)

		// Archived communities are read-only.
		status := copse.StatusArchived
		if _, err := db.UpdateCommunity(s.ada.ctx(), "iac", copse.CommunityUpdate{Status: &status}); err != nil {
			t.Fatal(err)
		}
		s.ada.get("/library/"+g+"/edit").expect(t, 409, "read-only")
		s.ada.get("/library/"+g).lacks(t, `/edit"`)
	})
}

func TestAdminImportPage(t *testing.T) {
	db, _ := storetest.SQLite(t)
	s := newLibSite(t, db)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("community", "iac")
	mw.WriteField("visibility", "public")
	for name, content := range map[string]string{
		"guide.md":    "---\ntitle: Onboarding guide\npersonas:\n\t- Developer\n---\nHow to start.",
		"broken.md":   "---\ntitle: [\n---\nx",
		"picture.png": "\x89PNG",
	} {
		w, _ := mw.CreateFormFile("files", name)
		w.Write([]byte(content))
	}
	mw.Close()
	post := func(who *client) *response {
		req := httptest.NewRequest(http.MethodPost, "/admin/import", bytes.NewReader(buf.Bytes()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return who.do(req)
	}
	post(s.root).expect(t, 200, "1 resource imported, 0 updated, 0 unchanged, 1 failed", "<code>broken.md:3</code>",
		"<code>guide.md:4</code> the front matter is indented with tabs", "1 file was skipped")
	post(s.root).expect(t, 200, "0 resources imported, 0 updated, 1 unchanged")
	post(s.ada).expect(t, 403)
	s.root.post("/admin/import", form()).expect(t, 422, "Choose the Markdown files or zip archives to import")
	s.anon.get("/library?community=iac").expect(t, 200, "Onboarding guide")
}

// TestLibraryPagesAreCleanHTML runs html_test.go's checks (no inline style or
// script, one h1, labels, unique ids, aria references) over every library page,
// with and without errors.
func TestLibraryPagesAreCleanHTML(t *testing.T) {
	db, _ := storetest.SQLite(t)
	s := newLibSite(t, db)
	g := fmt.Sprint(s.guide.ID)
	pages := []struct {
		who  *client
		path string
		form map[string]string
	}{
		{s.anon, "/library", nil}, {s.ada, "/library?type=Documentation&sort=title", nil}, {s.anon, "/library?sort=bad", nil},
		{s.anon, "/library?tag=none", nil}, {s.root, "/library/review", nil}, {s.cyd, "/library/review", nil},
		{s.root, "/library/review/period", map[string]string{"review_after_days": "x"}},
		{s.anon, "/library/" + g, nil}, {s.bob, "/library/" + g, nil}, {s.ada, "/library/" + g + "?notice=reviewed", nil},
		{s.bob, "/library/new", nil}, {s.bob, "/library/" + g + "/edit", nil},
		{s.bob, "/library", map[string]string{"title": "", "action": "save"}},
		{s.cyd, "/library", map[string]string{"title": "Copy", "body": guideBody, "action": "save"}},
		{s.bob, "/library", map[string]string{"title": "P", "body": "# Hi\n\ntext", "action": "preview"}},
		{s.ada, "/library/duplicates", nil}, {s.root, "/admin/import", nil}, {s.root, "/admin/import", map[string]string{}},
		{s.anon, "/search", nil}, {s.anon, "/search?q=tekton", nil}, {s.anon, "/search?q=nothing+here", nil}, {s.anon, "/search?q=x&kind=boat", nil},
	}
	for _, p := range pages {
		name := p.path
		if p.form != nil {
			name = "POST " + name
		}
		t.Run(name, func(t *testing.T) {
			var r *response
			if p.form == nil {
				r = p.who.get(p.path)
			} else {
				v := form()
				for k, val := range p.form {
					v.Set(k, val)
				}
				r = p.who.post(p.path, v)
			}
			for _, problem := range lintHTML(r.Body) {
				t.Error(problem)
			}
		})
	}
}
