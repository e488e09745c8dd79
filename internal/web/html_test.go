package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestEveryPageIsCleanHTML renders every page — as each kind of viewer, with and
// without form errors, and the error pages — and checks what the CSP and the
// accessibility rules need of its HTML: no inline style or script, one h1, a main
// landmark reached by the skip link, a label for every control, unique ids, and
// aria-describedby pointing at elements that exist.
func TestEveryPageIsCleanHTML(t *testing.T) {
	db, _ := storetest.SQLite(t)
	s := newSite(t, db)
	token, err := db.CreateSetupToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		who  *client
		path string
		form url.Values // nil for a GET
	}{
		{s.anon, "/", nil}, {s.ada, "/", nil}, {s.root, "/", nil},
		{s.anon, "/communities", nil}, {s.cyd, "/communities?status=archived", nil}, {s.anon, "/communities?status=bogus", nil},
		{s.anon, "/communities?q=zzz", nil},
		{s.anon, "/communities/iac", nil}, {s.bob, "/communities/iac?notice=joined", nil}, {s.cyd, "/communities/iac", nil},
		{s.ada, "/communities/iac", nil}, {s.ada, "/communities/old", nil}, {s.bob, "/communities/openshift", nil},
		{s.anon, "/communities/openshift", nil}, {s.ada, "/communities/secret", nil},
		{s.anon, "/communities/iac/members", nil}, {s.ada, "/communities/iac/members", nil},
		{s.ada, "/communities/new", nil}, {s.ada, "/communities/iac/edit", nil}, {s.ada, "/communities/iac/archive", nil},
		{s.ada, "/communities", form("name", "", "cadence", "monthly", "cadence_time", "")},
		{s.ada, "/communities/iac/edit", form("name", "", "cadence", "custom", "cadence_rrule", "nope")},
		{s.ada, "/communities/iac/members", form("handle", "nobody")},
		{s.anon, "/people/ada", nil}, {s.anon, "/people/nobody", nil},
		{s.anon, "/signin", nil}, {s.anon, "/signin", form("login", "")},
		{s.anon, "/setup?token=" + token, nil}, {s.anon, "/setup", form("token", token, "handle", "")},
		{s.anon, "/setup?token=nope", nil},
		{s.bob, "/account", nil}, {s.bob, "/account", form("email", "x")}, {s.bob, "/account/password", form("password", "x")},
		{s.root, "/admin", nil}, {s.root, "/admin", form("site_name", "")}, {s.root, "/admin/people", form("new_handle", "")},
		{s.ada, "/admin", nil}, {s.anon, "/no/such/page", nil}, {s.cyd, "/communities/secret", nil},
		{s.anon, "/communities/iac/join", url.Values{}}, {s.ada, "/communities/iac/leave", url.Values{}},
	}
	for _, p := range pages {
		name := p.path
		if p.form != nil {
			name = "POST " + name
		}
		if p.who.user != nil {
			name += " as " + p.who.user.Handle
		}
		t.Run(name, func(t *testing.T) {
			var r *response
			if p.form == nil {
				r = p.who.get(p.path)
			} else {
				r = p.who.post(p.path, p.form)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("status %d, Content-Type %q: not a page", r.Status, r.Header.Get("Content-Type"))
			}
			for _, problem := range lintHTML(r.Body) {
				t.Error(problem)
			}
		})
	}
}

// lintHTML returns what is wrong with a page's HTML.
func lintHTML(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"does not parse: " + err.Error()}
	}
	var (
		problems  []string
		ids       = map[string]int{}
		labelFor  = map[string]bool{}
		described []string
		controls  []*html.Node
		h1, mains int
		title     string
	)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "style":
					problems = append(problems, fmt.Sprintf("<%s> has a style attribute", n.Data))
				case strings.HasPrefix(a.Key, "on"):
					problems = append(problems, fmt.Sprintf("<%s> has an inline handler %s", n.Data, a.Key))
				case a.Key == "id":
					ids[a.Val]++
				case a.Key == "aria-describedby":
					described = append(described, strings.Fields(a.Val)...)
				case (a.Key == "href" || a.Key == "action" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
					problems = append(problems, fmt.Sprintf("<%s> has a javascript: URL", n.Data))
				}
			}
			switch n.Data {
			case "style":
				problems = append(problems, "a <style> element")
			case "script":
				if attr(n, "src") == "" || n.FirstChild != nil {
					problems = append(problems, "an inline <script>")
				}
			case "h1":
				h1++
			case "main":
				mains++
			case "title":
				if n.FirstChild != nil {
					title = n.FirstChild.Data
				}
			case "label":
				labelFor[attr(n, "for")] = true
			case "input", "select", "textarea":
				if t := attr(n, "type"); t != "hidden" && t != "submit" && t != "button" {
					controls = append(controls, n)
				}
			case "html":
				if attr(n, "lang") == "" {
					problems = append(problems, "<html> has no lang")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h1 != 1 {
		problems = append(problems, fmt.Sprintf("%d <h1> elements, want 1", h1))
	}
	if mains != 1 || ids["main"] != 1 || !strings.Contains(page, `href="#main"`) {
		problems = append(problems, "no single <main id=main> reached by a skip link")
	}
	if strings.TrimSpace(title) == "" {
		problems = append(problems, "an empty <title>")
	}
	for id, n := range ids {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("id %q is used %d times", id, n))
		}
	}
	for _, id := range described {
		if ids[id] == 0 {
			problems = append(problems, fmt.Sprintf("aria-describedby names %q, which is not on the page", id))
		}
	}
	for _, c := range controls {
		if id := attr(c, "id"); id == "" || !labelFor[id] {
			if attr(c, "aria-label") == "" {
				problems = append(problems, fmt.Sprintf("<%s name=%q> has no label", c.Data, attr(c, "name")))
			}
		}
	}
	return problems
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestStaticAssets checks that pages link static files by content hash, that those
// URLs may be cached forever, and what happens to an old hash or an unknown file.
func TestStaticAssets(t *testing.T) {
	db, _ := storetest.SQLite(t)
	a := newApp(t, db)
	page := a.anon().get("/").Body
	for _, name := range []string{"copse.css", "copse.js", "icon.svg"} {
		t.Run(name, func(t *testing.T) {
			i := strings.Index(page, "/"+name+`"`)
			if i < 0 {
				t.Fatalf("the home page does not link %s", name)
			}
			start := strings.LastIndex(page[:i], `"`) + 1
			path := page[start : i+len(name)+1]
			hash := strings.TrimPrefix(strings.TrimSuffix(path, "/"+name), "/static/")
			if len(hash) != 12 || strings.Trim(hash, "0123456789abcdef") != "" {
				t.Fatalf("%s has no content hash: %s", name, path)
			}
			r := a.anon().get(path)
			if r.Status != http.StatusOK || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: %d, Cache-Control %q", path, r.Status, r.Header.Get("Cache-Control"))
			}
			if ct := r.Header.Get("Content-Type"); ct == "" || strings.HasPrefix(ct, "text/plain") {
				t.Errorf("%s: Content-Type %q", path, ct)
			}
			// An old hash, from a page cached before a release, still gets the file,
			// but not for ever under that name.
			stale := a.anon().get("/static/000000000000/" + name)
			if stale.Status != http.StatusOK || stale.Header.Get("Cache-Control") != "no-cache" || stale.Body != r.Body {
				t.Errorf("stale hash: %d, Cache-Control %q", stale.Status, stale.Header.Get("Cache-Control"))
			}
		})
	}
	if r := a.anon().get("/static/000000000000/nope.css"); r.Status != http.StatusNotFound {
		t.Errorf("unknown static file: %d, want 404", r.Status)
	}
}

// TestLintHTMLCatches keeps the linter honest: each bad page must be caught.
func TestLintHTMLCatches(t *testing.T) {
	ok := `<!doctype html><html lang="en"><head><title>x</title></head><body><a href="#main">Skip</a><main id="main"><h1>x</h1>%s</main></body></html>`
	bad := map[string]string{
		"style attribute": `<p style="color:red">x</p>`,
		"inline handler":  `<button onclick="x()">x</button>`,
		"inline script":   `<script>alert(1)</script>`,
		"style element":   `<style>p{}</style>`,
		"second h1":       `<h1>again</h1>`,
		"unlabelled":      `<input name="q">`,
		"duplicate id":    `<p id="a"></p><p id="a"></p>`,
		"dangling aria":   `<label for="q">Q</label><input id="q" aria-describedby="q-hint">`,
		"javascript url":  `<a href="javascript:alert(1)">x</a>`,
	}
	if p := lintHTML(fmt.Sprintf(ok, `<label for="q">Q</label><input id="q"><script src="/x.js"></script>`)); len(p) > 0 {
		t.Fatalf("a clean page was faulted: %v", p)
	}
	for name, snippet := range bad {
		if len(lintHTML(fmt.Sprintf(ok, snippet))) == 0 {
			t.Errorf("%s was not caught", name)
		}
	}
}
