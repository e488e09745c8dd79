package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/sso/ssotest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// grace is a person at the example provider, in the groups the rules below read.
var grace = ssotest.Person{ID: "u-grace", Username: "grace", Password: "verysecure-1", FirstName: "Grace", LastName: "Hopper",
	Email: "grace@example.org", EmailVerified: true, Groups: []string{"/platform-team", "/cop-iac", "/copse-admins"}}

// withRules makes the infrastructure-as-code community and the rules the tests use.
func withRules(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := adminCtx(t, db)
	if _, err := db.CreateCommunity(ctx, copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform and friends"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []copse.RoleRule{
		{Group: "/platform-team", Grant: copse.GrantPlatformStaff},
		{Group: "/cop-iac", Grant: copse.GrantCommunity, Community: "iac", Role: copse.RoleMember},
		{Group: "/copse-admins", Grant: copse.GrantAdmin, Provider: "idir"},
	} {
		if _, err := db.CreateRoleRule(ctx, r, []string{"idir", "github"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSSOCodeFlow runs the whole authorization code flow against a real provider
// (the zitadel/oidc example server, a separate process on 127.0.0.1) with a plain
// HTTP client: copse's button, the provider's own login form, the callback, and the
// API then knows the person, with the roles their groups give. Signing out ends the
// provider's session too (RP-initiated logout with id_token_hint).
func TestSSOCodeFlow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		issuer := ssotest.StartProvider(t, []ssotest.Person{grace})
		withRules(t, db)
		site := newSSOSite(t, db, oidcAt("idir", "IDIR", issuer))
		b := site.browser()

		b.get("/signin").expect(http.StatusOK, `href="/signin/sso/idir"`, "Sign in with IDIR").clean()
		b.get("/signin/sso/idir?next=/communities/iac")
		if !strings.HasPrefix(b.url(), issuer+"login/username") {
			t.Fatalf("the button led to %s, not the provider's login page", b.url())
		}
		b.signInAtProvider("grace", "verysecure-1")
		if want := site.URL + "/communities/iac?notice=welcome"; b.url() != want {
			t.Fatalf("after the provider, the browser is at %s, want %s:\n%s", b.url(), want, excerpt(b.body))
		}
		b.expect(http.StatusOK, "Welcome! Your account is ready", "You are a member of this community")
		if got := b.me(); got != "grace" {
			t.Fatalf("/api/v1/me says %q, want grace", got)
		}
		if !strings.Contains(b.body, `"admin":true`) || !strings.Contains(b.body, `"email":"grace@example.org"`) {
			t.Errorf("/api/v1/me: %s", b.body)
		}
		page, err := db.People(adminCtx(t, db), store.PeopleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			if p.Handle == "grace" && (!p.PlatformStaff || p.HasPassword || len(p.Providers) != 1 || p.Name != "Grace Hopper") {
				t.Errorf("grace is %+v, want platform staff, no password, one identity", p)
			}
		}

		// Sign out: copse's session ends, then the provider's.
		b.post("/signout", nil).expect(http.StatusOK, "You are signed out of copse", "Sign out of IDIR").clean()
		logout := regexp.MustCompile(`content="0; url=([^"]+)"`).FindStringSubmatch(b.body)
		if logout == nil {
			t.Fatalf("no refresh to the provider's sign-out:\n%s", b.body)
		}
		to := html.UnescapeString(logout[1])
		u, _ := url.Parse(to)
		if !strings.HasPrefix(to, issuer+"end_session?") || u.Query().Get("id_token_hint") == "" ||
			u.Query().Get("post_logout_redirect_uri") != site.URL+"/?notice=signedout" {
			t.Fatalf("the sign-out goes to %s", to)
		}
		b.get(to).expect(http.StatusOK, "You are signed out.")
		if b.url() != site.URL+"/?notice=signedout" {
			t.Errorf("after the provider's sign-out the browser is at %s", b.url())
		}
		if got := b.me(); got != "" {
			t.Errorf("still signed in as %q after signing out", got)
		}

		// The second sign-in finds the same account.
		b.get("/signin/sso/idir").signInAtProvider("grace", "verysecure-1").expect(http.StatusOK, "You are signed in.")
		if got := b.me(); got != "grace" {
			t.Fatalf("second sign-in: %q", got)
		}
		if n, _ := countUsers(t, db); n != 2 { // root and grace
			t.Errorf("%d accounts after two sign-ins, want 2", n)
		}
	})
}

func countUsers(t testing.TB, db *store.DB) (int, error) {
	page, err := db.People(adminCtx(t, db), store.PeopleFilter{Limit: 100})
	return len(page.Items), err
}
