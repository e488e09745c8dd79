package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/browsertest"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestLibraryInBrowser drives the library in Chromium on the demo site, every
// page checked with axe-core: a reader narrows the library by a facet, reads a
// resource and searches from the header's box; a facilitator previews and adds a
// resource, is warned of a near-duplicate, and vouches for a stale one.
// Screenshots of each page at desktop and phone widths go to $COPSE_SCREENSHOTS
// (else a temporary folder).
func TestLibraryInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	u, err := db.FindUser(ctx, "darwinjs")
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
	shoot := func(p *browsertest.Page, name string) {
		t.Helper()
		for _, v := range []struct {
			suffix        string
			width, height int
		}{{"desktop", 1280, 900}, {"mobile", 390, 844}, {"narrow", 320, 640}} {
			p.SetViewport(v.width, v.height)
			var overflow []string
			p.Eval(overflowJS, &overflow)
			if len(overflow) > 0 {
				t.Errorf("%s at %dpx: wider than the screen: %v", name, v.width, overflow)
			}
			p.Eval(`document.documentElement.style.scrollbarWidth = "none"`, nil)
			p.Screenshot(filepath.Join(dir, name+"-"+v.suffix+".png"))
		}
		p.SetViewport(1280, 900)
	}

	reader := b.NewPage(t)
	reader.Visit(srv.URL + "/library")
	if got := reader.Text("#results-title"); got != "6 resources" {
		t.Errorf("the library counts %q", got)
	}
	shoot(reader, "library")
	reader.Submit(`.facets a[href*="community=devops-commons"]`)
	if got := reader.Text("#results-title"); got != "2 resources found" {
		t.Errorf("after the community facet: %q", got)
	}
	reader.Submit(`.resource-item:nth-child(2) .resource-item-title a`)
	if got := reader.Text("h1"); got != "Welcome to our Platform Community" || !reader.Exists(".prose table") {
		t.Errorf("the resource page %q has no rendered table", got)
	}
	shoot(reader, "resource")
	reader.Fill("#site-search-q", "roman vot")
	reader.Submit(`.site-search button[type=submit]`)
	if got := reader.Text(".search-snippet"); !strings.Contains(got, "Roman vote") {
		t.Errorf("the snippet reads %q", got)
	}
	if got := reader.Text(".search-title"); got != "Running a Lean Coffee" {
		t.Errorf("search finds %q", got)
	}
	shoot(reader, "search")

	fac := b.NewPage(t)
	signIn(t, fac, srv.URL, "darwinjs")
	fac.Visit(srv.URL + "/library/new?community=infrastructure-as-code")
	fac.Fill("#title", "Module conventions, again")
	original, err := os.ReadFile(filepath.Join("..", "demo", "resources", "terraform-module-conventions.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(original)[3:], "---\n")
	fac.Fill("#body", strings.Replace(body, "monthly call", "call last March", 1))
	fac.Submit(`button[value=preview]`)
	if !strings.Contains(fac.Text(".preview"), "Every module has an example") {
		t.Errorf("the preview shows %q", fac.Text(".preview"))
	}
	if !strings.Contains(fac.Text(".similar-warning"), "Terraform module conventions") {
		t.Errorf("no near-duplicate warning: %q", fac.Text("main"))
	}
	shoot(fac, "resource-form")
	fac.Submit(`button[value=save-anyway]`)
	if got := fac.Text("h1"); got != "Module conventions, again" {
		t.Fatalf("after saving, the page's h1 is %q", got)
	}
	fac.Visit(srv.URL + "/library/review")
	shoot(fac, "needs-review")
	fac.Submit(`.resource-item-action button`)
	if !strings.Contains(fac.Text(".notice"), "still accurate") {
		t.Errorf("no notice after still accurate: %q", fac.Text("main"))
	}
	fac.Visit(srv.URL + "/library/duplicates")
	shoot(fac, "duplicates")
	t.Logf("screenshots in %s", dir)
}
