package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/sso/ssotest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestAdminSSOPages: only admins see and change the role rules and people's flags;
// anonymous readers are sent to sign in, others are told why not.
func TestAdminSSOPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		a := newApp(t, db)
		admin, member := a.as("root", true), a.as("mia", false)
		admin.community(copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform"})

		for _, path := range []string{"/admin/sso", "/admin/people"} {
			if r := a.anon().get(path); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/signin?next=") {
				t.Errorf("anonymous %s: %d to %q", path, r.Status, r.location())
			}
			member.get(path).expect(t, http.StatusForbidden, "Only admins")
		}
		admin.get("/admin/sso").expect(t, http.StatusOK, "No provider is configured", "No rules yet")
		member.post("/admin/sso/rules", form("group", "/x", "grant", "admin")).expect(t, http.StatusForbidden)
		a.anon().post("/admin/sso/rules", form("group", "/x", "grant", "admin")).expect(t, http.StatusUnauthorized)

		bad := admin.post("/admin/sso/rules", form("group", "", "grant", "community", "community", "nowhere", "role", "member")).
			expect(t, http.StatusUnprocessableEntity, "Group is required", "Community: no community has the slug")
		for _, problem := range lintHTML(bad.Body) {
			t.Error(problem)
		}
		admin.post("/admin/sso/rules", form("group", "/cop-iac", "grant", "community", "community", "nowhere", "role", "member")).
			expect(t, http.StatusUnprocessableEntity, `value="/cop-iac"`, "no community has the slug &#34;nowhere&#34;")
		admin.post("/admin/sso/rules", form("group", "/x", "grant", "admin", "provider", "okta")).
			expect(t, http.StatusUnprocessableEntity, "Provider must be one of the configured providers")
		admin.post("/admin/sso/rules", form("group", "/cop-iac", "grant", "community", "community", "iac", "role", "core")).
			redirects(t, "/admin/sso?notice=rule")
		page := admin.get("/admin/sso").expect(t, http.StatusOK, "<code>/cop-iac</code>", "as core member", `href="/communities/iac"`)
		rules, err := db.RoleRules(admin.ctx())
		if err != nil || len(rules) != 1 {
			t.Fatalf("rules %v, %v", rules, err)
		}
		for _, problem := range lintHTML(page.Body) {
			t.Error(problem)
		}
		id := rules[0].ID
		member.post("/admin/sso/rules/"+itoa(id)+"/delete", nil).expect(t, http.StatusForbidden)
		admin.post("/admin/sso/rules/"+itoa(id)+"/delete", nil).redirects(t, "/admin/sso?notice=rule-removed")
		admin.post("/admin/sso/rules/"+itoa(id)+"/delete", nil).expect(t, http.StatusNotFound)

		// People and their flags.
		admin.get("/admin/people").expect(t, http.StatusOK, "@mia", "@root")
		member.post("/admin/people/mia/flags", form("flag", "platform_staff", "on", "true")).expect(t, http.StatusForbidden)
		admin.post("/admin/people/mia/flags", form("flag", "platform_staff", "on", "true")).redirects(t, "/admin/people?notice=flag#person-mia")
		admin.post("/admin/people/mia/flags", form("flag", "break_glass", "on", "true")).expect(t, http.StatusConflict, "Only an admin with a password can be break-glass")
		admin.post("/admin/people/root/flags", form("flag", "admin", "on", "false")).expect(t, http.StatusConflict, "cannot take away your own admin flag")
		admin.post("/admin/people/nobody/flags", form("flag", "admin", "on", "true")).expect(t, http.StatusNotFound)
		ppl, _ := db.People(admin.ctx(), store.PeopleFilter{})
		for _, p := range ppl.Items {
			if p.Handle == "mia" && !p.PlatformStaff {
				t.Error("mia is not platform staff after the toggle")
			}
		}
	})
}

// TestLocalAccountsOff: once single sign-on works an admin switches passwords off;
// then only break-glass admins sign in with one.
func TestLocalAccountsOff(t *testing.T) {
	db, _ := storetest.SQLite(t)
	is := ssotest.NewIssuer(t)
	site := newSSOSite(t, db, oidcAt("corp", "Corp SSO", is.URL))
	withPassword(t, db, "ada", "Ada Lovelace")
	if _, err := db.CreateUser(context.Background(), copse.NewUser{Handle: "boss", Email: "boss@example.org", Admin: true, Password: password}); err != nil {
		t.Fatal(err)
	}
	boss := site.browser()
	boss.post("/signin", url.Values{"login": {"boss"}, "password": {password}}).expect(http.StatusOK, "You are signed in.")
	boss.post("/admin/sso/local", url.Values{"local_accounts": {"off"}}).expect(http.StatusConflict, "Mark at least one admin with a password as break-glass first")
	boss.post("/admin/people/boss/flags", url.Values{"flag": {"break_glass"}, "on": {"true"}}).expect(http.StatusOK, "The change is saved.")
	boss.post("/admin/sso/local", url.Values{"local_accounts": {"off"}}).expect(http.StatusOK, "Who may sign in with a password is saved.")

	ada := site.browser()
	ada.get("/signin").expect(http.StatusOK, "Sign in with Corp SSO", "Break-glass sign-in for admins").clean()
	boss.get("/admin/sso").expect(http.StatusOK, "/signin/sso/corp/callback").clean()
	boss.get("/admin/people").expect(http.StatusOK, "@boss").clean()
	ada.post("/signin", url.Values{"login": {"ada"}, "password": {password}}).expect(http.StatusForbidden, "Passwords are switched off on this site")
	ada.post("/signin", url.Values{"login": {"ada"}, "password": {"wrong password!"}}).expect(http.StatusUnauthorized, "do not match an account")
	if got := ada.me(); got != "" {
		t.Fatalf("ada signed in with a password while they are off: %q", got)
	}
	site.browser().post("/signin", url.Values{"login": {"boss"}, "password": {password}}).expect(http.StatusOK, "You are signed in.")

	boss.post("/admin/sso/local", url.Values{"local_accounts": {"on"}}).expect(http.StatusOK)
	site.browser().post("/signin", url.Values{"login": {"ada"}, "password": {password}}).expect(http.StatusOK, "You are signed in.")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
