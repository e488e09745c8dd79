package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestResourceAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		body := `{"title": "Migrating Jenkins", "description": "Move your pipelines.", "resource_type": "Documentation",
			"personas": ["Developer", "Product Owner"], "tags": ["CI/CD"], "community": "iac", "authors": ["mel", "Patrick Simonian"],
			"body": "## Why\n\n| tool | native |\n| --- | --- |\n| Tekton | yes |\n\n<script>alert(1)</script>\n\n` + "```go\\nfmt.Println()\\n```" + `"}`
		r := s.must("mel", "POST", "/api/v1/resources", body, 201)
		id := fmt.Sprint(r.body["id"])
		if r.header.Get("Location") != "/api/v1/resources/"+id || r.body["community"].(map[string]any)["slug"] != "iac" {
			t.Errorf("created: %s", r.raw)
		}
		html := r.body["html"].(string)
		for _, want := range []string{"<table>", `<h3 id="why"`, `class="language-go"`} {
			if !strings.Contains(html, want) {
				t.Errorf("html lacks %q: %s", want, html)
			}
		}
		if strings.Contains(html, "<script") {
			t.Errorf("html keeps a script: %s", html)
		}
		got := s.must("", "GET", "/api/v1/resources/"+id, "", 200)
		if got.body["title"] != "Migrating Jenkins" || got.body["created_by"] != "mel" {
			t.Errorf("read back: %s", got.raw)
		}

		// Per role: anonymous 401, outsider and another member 403, facilitator, core and admin allowed.
		cora := s.must("cora", "POST", "/api/v1/resources", `{"title": "Terraform state", "body": "Keep it remote.", "community": "iac"}`, 201)
		coraID := fmt.Sprint(cora.body["id"])
		for _, tt := range []struct {
			who    string
			path   string
			status int
		}{
			{"", id, 401}, {"otto", id, 403}, {"mel", coraID, 403},
			{"fay", id, 200}, {"cora", id, 200}, {"root", coraID, 200}, {"mel", id, 200},
		} {
			r := s.call(tt.who, "PATCH", "/api/v1/resources/"+tt.path, `{"description": "Changed."}`)
			if r.status != tt.status {
				t.Errorf("%q patches %s: %d, want %d: %s", tt.who, tt.path, r.status, tt.status, r.raw)
			}
		}
		checkProblem(t, s.call("otto", "POST", "/api/v1/resources", `{"title": "X", "body": "x", "community": "iac"}`), 403)
		checkProblem(t, s.call("", "POST", "/api/v1/resources", `{"title": "X", "body": "x"}`), 401)
		checkProblem(t, s.call("otto", "POST", "/api/v1/resources", `{"title": "", "url": "javascript:alert(1)", "visibility": "members", "review_by": "2026-13-40", "tags": ["<b>"]}`),
			422, "title", "url", "visibility", "review_by", "tags")
		checkProblem(t, s.call("otto", "POST", "/api/v1/resources", `{"title": "No body"}`), 422, "body")
		checkProblem(t, s.call("otto", "POST", "/api/v1/resources", `{"title": "X", "body": "x", "community": "nowhere"}`), 422, "community")
		checkProblem(t, s.call("otto", "POST", "/api/v1/resources", `{"title": "X", "body": "x", "owner": "me"}`), 400)
		checkProblem(t, s.call("otto", "POST", "/api/v1/resources", `{"title": "X", "body": "`+strings.Repeat("x", 1<<20)+`"}`), 413)

		// Archived communities are read-only.
		s.must("fay", "PATCH", "/api/v1/communities/iac", `{"status": "archived"}`, 200)
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/resources/"+id, `{"title": "Frozen"}`), 409)
		checkProblem(t, s.call("mel", "POST", "/api/v1/resources", `{"title": "X", "body": "x", "community": "iac"}`), 409)
		checkProblem(t, s.call("mel", "POST", "/api/v1/resources/"+id+"/review", ""), 409)
		s.must("fay", "PATCH", "/api/v1/communities/iac", `{"status": "active"}`, 200)

		// Still accurate: members vouch, outsiders cannot.
		checkProblem(t, s.call("otto", "POST", "/api/v1/resources/"+id+"/review", ""), 403)
		rev := s.must("mel", "POST", "/api/v1/resources/"+id+"/review", "", 200)
		if rev.body["reviewed_by"] != "mel" || rev.body["reviewed_at"] == nil {
			t.Errorf("reviewed: %s", rev.raw)
		}

		// A near-duplicate is reported when it is created.
		dup := s.must("otto", "POST", "/api/v1/resources", `{"title": "Jenkins, moved", "body": "## Why\n\n| tool | native |\n| --- | --- |\n| Tekton | yes |\n\n<script>alert(1)</script>\n\n`+"```go\\nfmt.Println()\\n```"+`"}`, 201)
		if sim, _ := dup.body["similar"].([]any); len(sim) != 1 || fmt.Sprint(sim[0].(map[string]any)["id"]) != id {
			t.Errorf("similar: %s", dup.raw)
		}

		// Lists filter and page.
		list := s.must("", "GET", "/api/v1/resources?community=iac&persona=Developer&tag=ci/cd&type=Documentation", "", 200)
		if len(items(list)) != 1 || items(list)[0]["title"] != "Migrating Jenkins" {
			t.Errorf("filtered list: %s", list.raw)
		}
		p1 := s.must("", "GET", "/api/v1/resources?limit=2&sort=title", "", 200)
		p2 := s.must("", "GET", "/api/v1/resources?limit=2&sort=title&cursor="+p1.body["next_cursor"].(string), "", 200)
		if len(items(p1)) != 2 || len(items(p2)) != 1 || p2.body["next_cursor"] != "" || items(p2)[0]["title"] != "Terraform state" {
			t.Errorf("pages: %s / %s", p1.raw, p2.raw)
		}
		checkProblem(t, s.call("", "GET", "/api/v1/resources?cursor=%21", ""), 422, "cursor")

		checkProblem(t, s.call("otto", "DELETE", "/api/v1/resources/"+id, ""), 403)
		s.must("fay", "DELETE", "/api/v1/resources/"+id, "", 204)
		checkProblem(t, s.call("", "GET", "/api/v1/resources/"+id, ""), 404)
	})
}

// TestProtectedContentNeverLeaks: a resource of a members-only community, a
// members-only resource of a public community and a signed-in resource are
// shown to exactly the people who may read them, through every route that
// could show them: the list, each facet filter, the resource, search.
func TestProtectedContentNeverLeaks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		s.must("otto", "POST", "/api/v1/communities", `{"name": "Quiet Ones", "subject": "Members only", "visibility": "members"}`, 201)
		ids := map[string]string{}
		for name, b := range map[string]string{
			"quiet":    `{"title": "Zanzibar plan", "body": "The zanzibar rollout.", "community": "quiet-ones", "tags": ["zanzibar"]}`,
			"members":  `{"title": "Zanzibar notes", "body": "Zanzibar notes for members.", "community": "iac", "visibility": "members", "tags": ["zanzibar"]}`,
			"signedin": `{"title": "Zanzibar intro", "body": "Zanzibar for anyone signed in.", "visibility": "signed-in", "tags": ["zanzibar"]}`,
		} {
			who := "fay"
			if name == "quiet" {
				who = "otto"
			}
			ids[name] = fmt.Sprint(s.must(who, "POST", "/api/v1/resources", b, 201).body["id"])
		}
		want := map[string][]string{ // who → what they may read
			"":     nil,
			"otto": {"quiet", "signedin"},
			"mel":  {"members", "signedin"},
			"root": {"members", "quiet", "signedin"},
		}
		for who, may := range want {
			canRead := map[string]bool{}
			for _, m := range may {
				canRead[m] = true
			}
			for name, id := range ids {
				r := s.call(who, "GET", "/api/v1/resources/"+id, "")
				if (r.status == 200) != canRead[name] {
					t.Errorf("%q reads %s: %d", who, name, r.status)
				}
				if r.status == 404 && strings.Contains(string(r.raw), "Zanzibar") {
					t.Errorf("the 404 names it: %s", r.raw)
				}
			}
			for _, path := range []string{"/api/v1/resources", "/api/v1/resources?tag=zanzibar", "/api/v1/resources?q=zanzibar",
				"/api/v1/search?q=zanzibar", "/api/v1/search?q=zanz&kind=resource", "/api/v1/resources?community=quiet-ones"} {
				r := s.call(who, "GET", path, "")
				if r.status != 200 {
					if path == "/api/v1/resources?community=quiet-ones" && r.status == 200 {
						continue
					}
					t.Errorf("%q GET %s: %d", who, path, r.status)
					continue
				}
				got := 0
				for _, it := range items(r) {
					if strings.Contains(fmt.Sprint(it["title"]), "Zanzibar") {
						got++
					}
				}
				if path == "/api/v1/resources?community=quiet-ones" {
					if got > 0 && !canRead["quiet"] {
						t.Errorf("%q lists the quiet community's resources", who)
					}
					continue
				}
				if got != len(may) {
					t.Errorf("%q GET %s finds %d protected resources, want %d: %s", who, path, got, len(may), r.raw)
				}
			}
		}
	})
}
