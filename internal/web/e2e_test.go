package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/browsertest"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// startServer runs copse's real handler on a local port for a browser.
func startServer(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	h, err := server.New(db, server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// withPassword creates a person who can sign in with the password.
func withPassword(t *testing.T, db *store.DB, handle, name string) {
	t.Helper()
	if _, err := db.CreateUser(context.Background(), copse.NewUser{Handle: handle, Email: handle + "@example.org", Name: name, Password: password}); err != nil {
		t.Fatal(err)
	}
}

// signIn signs a person in through the sign-in form, as they would.
func signIn(t *testing.T, p *browsertest.Page, base, handle string) {
	t.Helper()
	p.Visit(base + "/")
	p.Submit(`header a[href^="/signin"]`)
	p.Fill("#login", handle)
	p.Fill("#password", password)
	p.Submit(`form[action="/signin"] button[type=submit]`)
	if !strings.Contains(p.URL(), "notice=signedin") || !strings.Contains(p.Text("main .notice"), "You are signed in") {
		t.Fatalf("%s did not sign in: at %s", handle, p.URL())
	}
}

// TestEndToEnd: a person signs in and starts a community through the form, two
// more people each sign in (in browsers of their own) and join it, and the
// directory then lists it among the active communities. Every page is axe-checked.
func TestEndToEnd(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	srv := startServer(t, db)
	for _, p := range [][2]string{{"ada", "Ada Lovelace"}, {"bob", "Bob Okafor"}, {"cyd", "Cyd Rahman"}} {
		withPassword(t, db, p[0], p[1])
	}

	ada := b.NewPage(t)
	signIn(t, ada, srv.URL, "ada")
	ada.Submit(`nav a[href="/communities/new"]`)
	ada.Fill("#name", "Accessibility Guild")
	ada.Fill("#subject", "Making public services work for everyone")
	ada.Fill("#description", "## Vision\nEvery service passes **WCAG 2.2 AA**.")
	ada.Fill("#tags", "a11y, wcag")
	ada.Fill("#channel_name", "#a11y")
	ada.Fill("#channel_url", "https://chat.example.org/a11y")
	ada.Click("#cadence-1") // Monthly
	ada.Check()             // the script has shown the fields a monthly cadence needs
	ada.Fill("#cadence_week", "Fourth")
	ada.Fill("#cadence_day", "Thursday")
	ada.Submit(`form[action="/communities"] button[type=submit]`)
	if got := ada.Text("h1"); got != "Accessibility Guild" {
		t.Fatalf("after creating, the page's h1 is %q at %s", got, ada.URL())
	}
	if got := ada.Text(".details"); !strings.Contains(got, "Monthly on the fourth Thursday, 11:00–12:00 London time") {
		t.Errorf("the cadence reads %q", got)
	}
	community := ada.URL()
	community = community[:strings.Index(community, "?")]

	for _, handle := range []string{"bob", "cyd"} {
		p := b.NewPage(t)
		signIn(t, p, srv.URL, handle)
		p.Visit(community)
		p.Submit(`form[action$="/join"] button[type=submit]`)
		if !strings.Contains(p.Text("main"), "You are a member of this community") {
			t.Fatalf("%s did not join: %s", handle, p.URL())
		}
	}

	ada.Visit(srv.URL + "/communities")
	if !ada.Exists(`section[aria-labelledby="active-title"] a[href="/communities/accessibility-guild"]`) {
		t.Errorf("the directory does not list the community as active:\n%s", ada.Text("main"))
	}
	ada.Visit(community)
	if got := ada.Text(".badge"); got != "Active" {
		t.Errorf("the community's badge says %q, want Active", got)
	}
}

// TestKeyboardSignIn reaches the sign-in link from the home page and signs in with
// Tab, typing and Enter alone.
func TestKeyboardSignIn(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	srv := startServer(t, db)
	withPassword(t, db, "ada", "Ada Lovelace")
	p := b.NewPage(t)
	p.Visit(srv.URL + "/")

	p.Press("Tab")
	if f := p.Focused(); !strings.Contains(f, "Skip to main content") {
		t.Fatalf("the first Tab reaches %s, want the skip link", f)
	}
	tabTo(t, p, "Sign in", 10)
	p.PressAndWait("Enter")
	if !strings.Contains(p.URL(), "/signin") {
		t.Fatalf("Enter on the sign-in link went to %s", p.URL())
	}
	tabTo(t, p, `id="login"`, 14)
	typeText(p, "ada")
	p.Press("Tab")
	if f := p.Focused(); !strings.Contains(f, `id="password"`) {
		t.Fatalf("Tab from the handle reaches %s, want the password", f)
	}
	typeText(p, password)
	p.PressAndWait("Enter")
	if !strings.Contains(p.URL(), "notice=signedin") || !p.Exists(`form[action="/signout"]`) {
		t.Fatalf("keyboard sign-in ended at %s", p.URL())
	}
}

// tabTo presses Tab until the focused element's tag or text contains want.
func tabTo(t *testing.T, p *browsertest.Page, want string, most int) {
	t.Helper()
	for range most {
		p.Press("Tab")
		if strings.Contains(p.Focused(), want) {
			return
		}
	}
	t.Fatalf("%d Tabs did not reach %q; focus is on %s", most, want, p.Focused())
}

func typeText(p *browsertest.Page, s string) {
	for _, r := range s {
		key := string(r)
		if r == ' ' {
			key = "Space"
		}
		p.Press(key)
	}
}

// TestScreenshots loads the demo and photographs the home page, the directory and
// a community page at desktop and phone widths, checking each layout with axe.
// They go to $COPSE_SCREENSHOTS (else a temporary folder); with
// COPSE_DOCS_SCREENSHOTS=1 the desktop home and community pages also replace the
// ones the README shows, in docs/.
func TestScreenshots(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	// The demo's people have no password; give one to a facilitator, to show the page
	// as someone who belongs there sees it.
	u, err := db.FindUser(ctx, "david.heath")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ChangePassword(copse.WithUser(ctx, u), "", password, ""); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, db)
	dir := os.Getenv("COPSE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shots := []struct{ name, path string }{
		{"home", "/"},
		{"directory", "/communities"},
		{"community", "/communities/uk-public-sector-cloud"},
	}
	anon, member := b.NewPage(t), b.NewPage(t)
	signIn(t, member, srv.URL, "david.heath")
	for _, s := range shots {
		p := anon
		if s.name != "directory" {
			p = member
		}
		for _, v := range []struct {
			suffix        string
			width, height int
		}{{"desktop", 1280, 900}, {"mobile", 390, 844}, {"narrow", 320, 640}} {
			p.SetViewport(v.width, v.height)
			p.Visit(srv.URL + s.path)
			var overflow []string
			p.Eval(overflowJS, &overflow)
			if len(overflow) > 0 {
				t.Errorf("%s at %dpx: wider than the screen: %v", s.path, v.width, overflow)
			}
			// Headless Chromium crops a full-page screenshot by its scrollbar's width;
			// hide the scrollbar so the picture shows the page as laid out.
			p.Eval(`document.documentElement.style.scrollbarWidth = "none"`, nil)
			file := filepath.Join(dir, s.name+"-"+v.suffix+".png")
			p.Screenshot(file)
			t.Logf("screenshot: %s", file)
			if v.suffix == "desktop" && s.name != "directory" && os.Getenv("COPSE_DOCS_SCREENSHOTS") == "1" {
				p.Screenshot(filepath.Join("..", "..", "docs", "screenshot-"+s.name+".png"))
			}
		}
	}
}

// overflowJS lists the elements wider than the viewport, which would make people
// scroll sideways (WCAG 1.4.10 Reflow).
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	if (document.documentElement.scrollWidth <= w) return out;
	out.push("scrollWidth " + document.documentElement.scrollWidth + " > " + w + " innerWidth " + window.innerWidth);
	for (const el of document.querySelectorAll("body *")) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 1 && r.width > 0 && !el.closest(".visually-hidden")) out.push(el.tagName.toLowerCase() + "." + el.className + " " + Math.round(r.right));
	}
	return out.slice(0, 10);
})()`
