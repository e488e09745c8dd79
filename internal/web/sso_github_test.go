package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/sso/ssotest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestGitHubSignIn signs in against a fake of GitHub's documented endpoints: the
// verified primary address makes the account, organisations are the groups the
// rules read, and the organisation restriction and an unverified address refuse.
func TestGitHubSignIn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		withRules(t, db)
		gh := ssotest.NewGitHub(t, ssotest.GitHubUser{ID: 583231, Login: "Octo-Cat", Name: "The Octocat",
			Email: "octo@example.org", Verified: true, Orgs: []string{"BCGov", "/cop-iac"}})
		site := newSSOSite(t, db, githubAt(gh, "bcgov"))

		b := site.browser()
		b.get("/signin").expect(http.StatusOK, "Sign in with GitHub")
		b.get("/signin/sso/github?next=/communities/iac").expect(http.StatusOK, "Welcome!", "You are a member of this community")
		if got := b.me(); got != "octo-cat" {
			t.Fatalf("signed in as %q, want octo-cat", got)
		}
		if !strings.Contains(b.body, `"admin":false`) { // the admin rule is IDIR's alone
			t.Errorf("/api/v1/me: %s", b.body)
		}

		// Not in the organisation: refused, whatever else is right.
		gh.SetUser(ssotest.GitHubUser{ID: 9, Login: "stranger", Email: "stranger@example.org", Verified: true, Orgs: []string{"elsewhere"}})
		site.browser().get("/signin/sso/github").expect(http.StatusForbidden, "Only members of the GitHub organisation bcgov may sign in here")

		// An unverified primary address makes no account.
		gh.SetUser(ssotest.GitHubUser{ID: 10, Login: "newbie", Email: "newbie@example.org", Verified: false, Orgs: []string{"bcgov"}})
		site.browser().get("/signin/sso/github").expect(http.StatusForbidden, "GitHub has not verified your email address newbie@example.org")
	})
}
