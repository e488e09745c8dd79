package web_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse/internal/browsertest"
	"github.com/copse-dev/copse/internal/sso/ssotest"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// waitAt waits until the page is at an address that starts with prefix, for the
// navigations that Click starts (the provider's pages are not copse's, so they are
// not axe-checked).
func waitAt(t *testing.T, p *browsertest.Page, prefix string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.HasPrefix(p.URL(), prefix) {
		if time.Now().After(deadline) {
			t.Fatalf("the browser is at %s, not at %s…", p.URL(), prefix)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for ready := ""; ready != "complete"; {
		if time.Now().After(deadline) {
			t.Fatalf("%s never finished loading", p.URL())
		}
		p.Eval(`document.readyState`, &ready)
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSSOInBrowser: a person clicks their provider's button on copse's sign-in
// page, signs in on the provider's own page (the zitadel/oidc example server, a
// real process), and lands back in copse signed in, in the community and with the
// admin rights their groups give. Every copse page on the way is axe-checked;
// signing out ends the provider's session too and comes back to copse.
func TestSSOInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	issuer := ssotest.StartProvider(t, []ssotest.Person{grace})
	withRules(t, db)
	site := newSSOSite(t, db, oidcAt("idir", "IDIR", issuer))

	p := b.NewPage(t)
	p.Visit(site.URL + "/communities/iac")
	p.Submit(`header a[href^="/signin"]`)
	ssoShot(p, "sso-signin")
	p.Click(`a.sso-button[href^="/signin/sso/idir"]`)
	waitAt(t, p, issuer+"login/")
	p.Fill("#username", "grace")
	p.Fill("#password", "verysecure-1")
	p.Click(`button[type=submit]`)
	waitAt(t, p, site.URL+"/communities/iac")
	p.Check()
	if got := p.Text("main .notice"); !strings.Contains(got, "Welcome!") {
		t.Errorf("the notice says %q", got)
	}
	if got := p.Text("main"); !strings.Contains(got, "You are a member of this community") {
		t.Errorf("grace is not shown as a member of iac:\n%s", got)
	}
	if got := p.Text(".account-name"); got != "Grace Hopper" {
		t.Errorf("the header shows %q", got)
	}
	if !p.Exists(`nav a[href="/admin"]`) {
		t.Error("the /copse-admins group did not make grace an admin")
	}

	p.Visit(site.URL + "/account/identities")
	if got := p.Text("main table"); !strings.Contains(got, "IDIR") || !strings.Contains(got, "grace") {
		t.Errorf("connected accounts: %s", got)
	}
	ssoShot(p, "sso-identities")
	p.Visit(site.URL + "/admin/sso")
	ssoShot(p, "sso-admin")
	p.Visit(site.URL + "/admin/people")
	ssoShot(p, "sso-people")

	p.Click(`form[action="/signout"] button`)
	waitAt(t, p, site.URL+"/?notice=signedout")
	p.Check()
	if p.Exists(".account-name") {
		t.Error("still signed in after signing out")
	}
	// The provider's session is over: its button leads to its login page again.
	p.Visit(site.URL + "/signin")
	p.Click(`a.sso-button`)
	waitAt(t, p, issuer+"login/")
}

// ssoShot saves a screenshot for a person to look at when COPSE_SCREENSHOTS names a
// folder.
func ssoShot(p *browsertest.Page, name string) {
	if dir := os.Getenv("COPSE_SCREENSHOTS"); dir != "" {
		p.Screenshot(dir + "/" + name + ".png")
	}
}

// TestLinkInBrowser: signing in with a new identity whose email has an account
// leads to the page that explains why and how to prove the account is yours; the
// password proves it, and the identity is connected. Every page is axe-checked.
func TestLinkInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	is := ssotest.NewIssuer(t)
	site := newSSOSite(t, db, oidcAt("corp", "Corp SSO", is.URL))
	withPassword(t, db, "ada", "Ada Lovelace")

	p := b.NewPage(t)
	p.Visit(site.URL + "/signin")
	p.Click(`a.sso-button`)
	waitAt(t, p, site.URL+"/signin/link")
	p.Check()
	ssoShot(p, "sso-link")
	if got := p.Text("h1"); got != "Connect your Corp SSO account" {
		t.Fatalf("the link page's h1 is %q", got)
	}
	p.Submit(`a[href="/signin"]`)
	p.Fill("#login", "ada")
	p.Fill("#password", password)
	p.Submit(`form[action="/signin"] button[type=submit]`)
	if got := p.Text("main .notice"); !strings.Contains(got, "The account is connected") {
		t.Fatalf("after the password: %q at %s", got, p.URL())
	}
	if got := p.Text("main table"); !strings.Contains(got, "Corp SSO") {
		t.Errorf("connected accounts: %s", got)
	}
}
