package browsertest

import (
	"bytes"
	"fmt"
	"html/template"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// layout is a page that passes every rule Check runs: a language, a title, a
// skip link, landmarks, one h1, labelled fields. Pages of the test site fill
// in its main part.
var layout = template.Must(template.New("").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="/site.css">
{{if .Script}}<script src="{{.Script}}" defer></script>{{end}}
</head>
<body>
<header>
<a href="#main">Skip to content</a>
<nav aria-label="Main"><a href="/form">Form</a> <a href="/whoami">Who am I</a></nav>
</header>
<main id="main">
<h1>{{.Title}}</h1>
{{.Body}}
</main>
</body>
</html>`))

type pageData struct {
	Title, Script string
	Body          template.HTML
}

// site serves the pages the tests visit, under the same strict
// Content-Security-Policy as copse, so the tests show that axe-core runs
// where an injected <script> could not.
func site(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	render := func(w http.ResponseWriter, d pageData) {
		if err := layout.Execute(w, d); err != nil {
			t.Error(err)
		}
	}
	// Links side by side need room to be touch targets (WCAG 2.2 target-size).
	mux.HandleFunc("GET /site.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, `header a { display: inline-block; padding: 0.5em; }`)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		render(w, pageData{Title: "Communities", Body: "<p>Groups of people who share a craft.</p>"})
	})
	// Everything a person could not use: an image without a text, a field
	// without a label, no language, no landmarks.
	mux.HandleFunc("GET /bad", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html><head><title>Bad</title></head><body>
<img src="/logo.png"><form><input id="email" type="text"></form></body></html>`)
	})
	// Clean as served; its script adds an image without alt text.
	mux.HandleFunc("GET /scripted", func(w http.ResponseWriter, r *http.Request) {
		render(w, pageData{Title: "Scripted", Script: "/scripted.js", Body: "<p>Wait for it.</p>"})
	})
	mux.HandleFunc("GET /scripted.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.querySelector("main").append(Object.assign(document.createElement("img"), {src: "/added.png", id: "added"}));`)
	})
	mux.HandleFunc("GET /form", func(w http.ResponseWriter, r *http.Request) {
		render(w, pageData{Title: "Join", Body: `<form method="post" action="/form">
<p><label for="name">Name</label> <input id="name" name="name" value="placeholder text"></p>
<p><label for="role">Role</label> <select id="role" name="role"><option value="member">Member</option><option value="lead">Lead</option></select></p>
<p><label for="about">About you</label> <textarea id="about" name="about"></textarea></p>
<p><button type="submit">Join</button></p>
</form>`})
	})
	// POST, redirect, GET: the way copse answers forms.
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		q := "name=" + template.URLQueryEscaper(r.FormValue("name")) + "&role=" + template.URLQueryEscaper(r.FormValue("role")) +
			"&about=" + template.URLQueryEscaper(r.FormValue("about"))
		http.Redirect(w, r, "/joined?"+q, http.StatusSeeOther)
	})
	mux.HandleFunc("GET /joined", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		render(w, pageData{Title: "Welcome, " + q.Get("name"), Body: template.HTML(
			`<p id="role">` + template.HTMLEscapeString(q.Get("role")) + `</p><p id="about">` + template.HTMLEscapeString(q.Get("about")) + `</p>`)})
	})
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: r.FormValue("who"), Path: "/", HttpOnly: true})
		http.Redirect(w, r, "/whoami", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
		who := "nobody"
		if c, err := r.Cookie("who"); err == nil {
			who = c.Value
		}
		render(w, pageData{Title: "Signed in as " + who})
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowser(t *testing.T) {
	b := Start(t)
	srv := site(t)

	t.Run("an accessible page passes", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/")
		if got := p.Text("h1"); got != "Communities" {
			t.Errorf("h1 = %q", got)
		}
		if p.Status() != http.StatusOK {
			t.Errorf("status = %d", p.Status())
		}
		if !p.Exists("nav a[href='/form']") || p.Exists("#no-such-thing") {
			t.Error("Exists does not tell what the page has")
		}
	})

	t.Run("an inaccessible page is reported", func(t *testing.T) {
		p := b.NewPage(t)
		if err := p.navigate(srv.URL + "/bad"); err != nil {
			t.Fatal(err)
		}
		vs, err := p.Violations()
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]Violation{}
		for _, v := range vs {
			ids[v.ID] = v
		}
		for _, id := range []string{"image-alt", "label", "html-has-lang", "landmark-one-main"} {
			if _, ok := ids[id]; !ok {
				t.Errorf("no %s violation among %v", id, slices.Collect(func(yield func(string) bool) {
					for _, v := range vs {
						yield(v.ID)
					}
				}))
			}
		}
		img := ids["image-alt"]
		if img.Impact != "critical" || len(img.Nodes) != 1 || img.Nodes[0].Target[0] != "img" ||
			!strings.Contains(img.Nodes[0].HTML, `src="/logo.png"`) || img.HelpURL == "" {
			t.Errorf("image-alt violation lacks details: %+v", img)
		}
		if n := ids["label"].Nodes; len(n) != 1 || n[0].Target[0] != "#email" {
			t.Errorf("label violation names %+v, want #email", n)
		}
	})

	t.Run("Visit fails the test on a violation and says what to fix", func(t *testing.T) {
		rec := &recorder{TB: t}
		p := b.NewPage(rec)
		rec.do(func() { p.Visit(srv.URL + "/bad") })
		if len(rec.errors) != 1 {
			t.Fatalf("Visit of an inaccessible page reported %d errors, want 1: %q", len(rec.errors), rec.errors)
		}
		msg := rec.errors[0]
		for _, want := range []string{
			"accessibility violation(s) on " + srv.URL + "/bad",
			"image-alt (critical): Images must have alternative text",
			"- img\n      <img src=\"/logo.png\">",
			"label (critical)",
			"- #email",
			"dequeuniversity.com",
		} {
			if !strings.Contains(msg, want) {
				t.Errorf("message lacks %q:\n%s", want, msg)
			}
		}
	})

	t.Run("a step that cannot happen fails the test and says which", func(t *testing.T) {
		rec := &recorder{TB: t}
		p := b.NewPage(rec)
		p.Visit(srv.URL + "/")
		p.timeout = 500 * time.Millisecond // after Visit: the first axe run alone can take that long
		on := "(on " + srv.URL + "/)"
		for _, c := range []struct {
			step func()
			want []string
		}{
			{func() { p.Click("#no-such-button") }, []string{`Click("#no-such-button"): gave up after 500ms`, on}},
			{func() { p.Text("#no-such-text") }, []string{`Text("#no-such-text"): gave up after 500ms`, on}},
			{func() { p.Fill("h1", "x") }, []string{`Fill("h1"): not a text field: h1`, on}},
			{func() { p.Submit("h1") }, []string{`Submit("h1"): no page loaded after the click: gave up after 500ms`, on}},
			{func() { p.Press("Hyper+Tab") }, []string{`unknown modifier "Hyper"`}},
		} {
			rec.fatal = ""
			rec.do(c.step)
			for _, w := range c.want {
				if !strings.Contains(rec.fatal, w) {
					t.Errorf("failure %q does not say %q", rec.fatal, w)
				}
			}
		}
	})

	t.Run("axe sees the page after its scripts ran, under a strict CSP", func(t *testing.T) {
		p := b.NewPage(t)
		if err := p.navigate(srv.URL + "/scripted"); err != nil {
			t.Fatal(err)
		}
		vs, err := p.Violations()
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 1 || vs[0].ID != "image-alt" || vs[0].Nodes[0].Target[0] != "#added" {
			t.Errorf("violations = %+v, want only image-alt on the image the script added", vs)
		}
	})

	t.Run("Fill and Submit a form", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/form")
		p.Fill("#name", "Ada Lovelace")
		p.Fill("#role", "Lead") // by label
		p.Fill("#about", "Two lines,\nnot one.")
		p.Submit("button[type=submit]")
		if got := p.Text("h1"); got != "Welcome, Ada Lovelace" {
			t.Errorf("after Submit, h1 = %q (Fill must replace the old value)", got)
		}
		if got := p.Text("#role"); got != "lead" {
			t.Errorf("role = %q", got)
		}
		var about string
		p.Eval(`document.querySelector("#about").textContent`, &about)
		if about != "Two lines,\nnot one." {
			t.Errorf("about = %q", about)
		}
		if !strings.HasPrefix(p.URL(), srv.URL+"/joined?") || p.Status() != http.StatusOK {
			t.Errorf("after the redirect: URL %s, status %d", p.URL(), p.Status())
		}
	})

	t.Run("keyboard only", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/")
		if got := p.Focused(); got != "<body>" {
			t.Errorf("before any key, focus is on %s", got)
		}
		steps := []struct{ key, want string }{
			{"Tab", `<a href="#main">Skip to content</a>`},
			{"Tab", `<a href="/form">Form</a>`},
			{"Tab", `<a href="/whoami">Who am I</a>`},
			{"Shift+Tab", `<a href="/form">Form</a>`},
		}
		for _, s := range steps {
			p.Press(s.key)
			if got := p.Focused(); got != s.want {
				t.Errorf("after %s, focus is on %s, want %s", s.key, got, s.want)
			}
		}
		p.PressAndWait("Enter")
		if got := p.Text("h1"); got != "Join" {
			t.Errorf("Enter on the Form link led to %q", got)
		}
		p.Press("Tab")
		p.Press("Tab")
		p.Press("Tab")
		p.Press("Tab") // skip link, two nav links, then the name field
		if got := p.Focused(); !strings.HasPrefix(got, `<input id="name"`) {
			t.Fatalf("focus on %s, want the name field", got)
		}
		p.Fill("#name", "Grace")
		p.PressAndWait("Enter") // Enter in a text field submits its form
		if got := p.Text("h1"); got != "Welcome, Grace" {
			t.Errorf("h1 = %q", got)
		}
	})

	t.Run("two pages keep their own cookies", func(t *testing.T) {
		ann, bob, guest := b.NewPage(t), b.NewPage(t), b.NewPage(t)
		ann.Visit(srv.URL + "/login?who=ann")
		bob.Visit(srv.URL + "/login?who=bob")
		for _, c := range []struct {
			p    *Page
			want string
		}{{ann, "ann"}, {bob, "bob"}, {guest, "nobody"}} {
			c.p.Visit(srv.URL + "/whoami")
			if got := c.p.Text("h1"); got != "Signed in as "+c.want {
				t.Errorf("got %q, want signed in as %s", got, c.want)
			}
		}
	})

	t.Run("Screenshot writes a PNG of the whole page", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/")
		path := filepath.Join(t.TempDir(), "shots", "home.png")
		p.Screenshot(path)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("not a PNG (%d bytes): %v", len(data), err)
		}
		if s := img.Bounds().Size(); s.X < 100 || s.Y < 100 {
			t.Errorf("screenshot is %v", s)
		}
	})

	t.Run("SetViewport narrows the layout", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/")
		p.SetViewport(375, 667)
		var size struct{ W, H int }
		p.Eval(`({W: window.innerWidth, H: window.innerHeight})`, &size)
		if size.W != 375 || size.H != 667 {
			t.Errorf("viewport %+v, want 375×667", size)
		}
		p.Check()
	})
}

func TestKeyNames(t *testing.T) {
	for _, k := range []string{"Tab", "Shift+Tab", "Enter", "Space", "Escape", "ArrowDown", "Ctrl+a", "a", "é"} {
		if _, err := keyAction(k); err != nil {
			t.Errorf("keyAction(%q): %v", k, err)
		}
	}
	for _, k := range []string{"", "Tabb", "Hyper+Tab", "Shift+"} {
		if _, err := keyAction(k); err == nil {
			t.Errorf("keyAction(%q) accepted", k)
		}
	}
}

// Without Chromium, Start skips with a reason a person can act on, and
// fails instead where COPSE_REQUIRE_BROWSER=1 says the browser must be there.
func TestStartWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("COPSE_CHROMIUM", "")
	const missing = "Chromium not found; install Debian's chromium or set COPSE_CHROMIUM"

	t.Setenv("COPSE_REQUIRE_BROWSER", "")
	rec := &recorder{TB: t}
	rec.do(func() { Start(rec) })
	if !strings.HasPrefix(rec.skipped, "browser tests skipped: "+missing) || rec.fatal != "" {
		t.Errorf("skipped %q, fatal %q; want a skip: %s", rec.skipped, rec.fatal, missing)
	}

	t.Setenv("COPSE_REQUIRE_BROWSER", "1")
	rec = &recorder{TB: t}
	rec.do(func() { Start(rec) })
	if !strings.HasPrefix(rec.fatal, "browser tests cannot run: "+missing) || !strings.Contains(rec.fatal, "COPSE_REQUIRE_BROWSER=1") || rec.skipped != "" {
		t.Errorf("skipped %q, fatal %q; want a failure: %s", rec.skipped, rec.fatal, missing)
	}

	t.Setenv("COPSE_CHROMIUM", "/no/such/chromium")
	if _, _, missing := locate(); !strings.Contains(missing, "COPSE_CHROMIUM=/no/such/chromium is not an executable") {
		t.Errorf("a wrong COPSE_CHROMIUM gives %q", missing)
	}
}

// axe-core is looked for from the test's directory up to the module root,
// where npm ci puts node_modules.
func TestFindAxe(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "internal", "web")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	if _, err := findAxe(); err == nil || !strings.Contains(err.Error(), "run `npm ci` in "+root) {
		t.Errorf("without node_modules: %v", err)
	}
	axe := filepath.Join(root, axeRelPath)
	if err := os.MkdirAll(filepath.Dir(axe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(axe, []byte("/* axe */"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := findAxe(); err != nil || got != axe {
		t.Errorf("findAxe() = %q, %v; want %s", got, err, axe)
	}
}

// recorder is a testing.TB that records failures and skips instead of acting
// on them, to test what the helpers report. Skip and Fatal end the goroutine
// as the real ones do, so run code that may call them through do.
type recorder struct {
	testing.TB
	mu             sync.Mutex
	errors         []string
	skipped, fatal string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Skip(args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.mu.Lock()
	r.fatal = fmt.Sprint(args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) { r.Fatal(fmt.Sprintf(format, args...)) }

func (r *recorder) do(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}
