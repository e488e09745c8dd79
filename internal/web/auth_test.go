package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

const password = "correct horse battery staple"

// sessionCookie returns the session cookie a response sets, or nil.
func sessionCookie(r *response) *http.Cookie {
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == (httpx.Cookies{}).Name() {
			return c
		}
	}
	return nil
}

// TestSignIn covers the sign-in form: what it refuses, where it goes after, and
// that ?next= never leads off the site.
func TestSignIn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		a := newApp(t, db)
		if _, err := db.CreateUser(context.Background(), copse.NewUser{Handle: "ada", Email: "ada@example.org", Name: "Ada", Password: password}); err != nil {
			t.Fatal(err)
		}
		anon := a.anon()

		t.Run("the form keeps next", func(t *testing.T) {
			anon.get("/signin?next=%2Fcommunities%2Fnew").expect(t, http.StatusOK, `name="next" value="/communities/new"`)
		})
		t.Run("empty fields", func(t *testing.T) {
			anon.post("/signin", form("login", "", "password", "")).
				expect(t, http.StatusUnprocessableEntity, "Handle or email is required", "Password is required", `href="#login"`)
		})
		t.Run("wrong password keeps the login, not the password", func(t *testing.T) {
			r := anon.post("/signin", form("login", "ada", "password", "wrong password!"))
			r.expect(t, http.StatusUnauthorized, "do not match an account", `value="ada"`)
			r.lacks(t, "wrong password!")
			if sessionCookie(r) != nil {
				t.Error("a failed sign-in set a session cookie")
			}
		})
		redirects := []struct{ next, want string }{
			{"/communities/new", "/communities/new?notice=signedin"},
			{"/communities?tag=go", "/communities?notice=signedin&tag=go"},
			{"", "/?notice=signedin"},
			{"//evil.example/x", "/?notice=signedin"},
			{"/\\evil.example", "/?notice=signedin"},
			{"https://evil.example/", "/?notice=signedin"},
			{"javascript:alert(1)", "/?notice=signedin"},
			{"/%0d%0aSet-Cookie:x=y", "/%0d%0aSet-Cookie:x=y?notice=signedin"},
		}
		for _, tt := range redirects {
			t.Run("next "+tt.next, func(t *testing.T) {
				r := anon.post("/signin", form("login", "ADA@example.org", "password", password, "next", tt.next))
				r.redirects(t, tt.want)
				c := sessionCookie(r)
				if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.MaxAge <= 0 {
					t.Fatalf("session cookie %+v, want HttpOnly, SameSite=Lax, with a max age", c)
				}
				signedIn := &client{a: a, cookie: &http.Cookie{Name: c.Name, Value: c.Value}}
				signedIn.get("/").expect(t, http.StatusOK, "Sign out")
			})
		}
		t.Run("signed in people skip the form", func(t *testing.T) {
			a.as("ada", false).get("/signin?next=/account").redirects(t, "/account")
		})
		t.Run("sign out ends the session", func(t *testing.T) {
			r := anon.post("/signin", form("login", "ada", "password", password))
			c := sessionCookie(r)
			me := &client{a: a, cookie: &http.Cookie{Name: c.Name, Value: c.Value}}
			out := me.post("/signout", nil)
			out.redirects(t, "/?notice=signedout")
			if cleared := sessionCookie(out); cleared == nil || cleared.MaxAge >= 0 {
				t.Errorf("sign out did not clear the cookie: %+v", cleared)
			}
			me.get("/?notice=signedout").expect(t, http.StatusOK, "You are signed out.", "Sign in").lacks(t, "Sign out")
		})
		t.Run("too many failures slow sign-in down", func(t *testing.T) {
			var r *response
			for range 11 {
				r = anon.post("/signin", form("login", "mallory", "password", "guess guess guess"))
			}
			r.expect(t, http.StatusTooManyRequests, "Too many failed sign-in attempts")
			if r.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
		})
		t.Run("a cross-site form post is refused", func(t *testing.T) {
			req := strings.NewReader("login=ada&password=x")
			r := anon.do(newCrossSite(req))
			if r.Status != http.StatusForbidden {
				t.Errorf("cross-site sign-in got %d, want 403", r.Status)
			}
		})
	})
}

// TestSetup creates the first admin with the one-time link, once.
func TestSetup(t *testing.T) {
	db, _ := storetest.SQLite(t)
	a := newApp(t, db)
	token, err := db.CreateSetupToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	anon := a.anon()
	anon.get("/setup?token="+token).expect(t, http.StatusOK, "Create the first admin account", `value="`+token+`"`)
	fields := func(kv ...string) []string {
		return append([]string{"token", token, "handle", "root", "email", "root@example.org", "name", "Root", "password", password, "password_confirm", password}, kv...)
	}
	bad := form(fields()...)
	bad.Set("password_confirm", "something else")
	bad.Set("email", "nope")
	anon.post("/setup", bad).expect(t, http.StatusUnprocessableEntity, "Password again does not match the password", "Email must be an email address", `value="root"`)
	r := anon.post("/setup", form(fields()...))
	r.redirects(t, "/admin?notice=setup")
	c := sessionCookie(r)
	if c == nil {
		t.Fatal("setup did not sign the admin in")
	}
	admin := &client{a: a, cookie: &http.Cookie{Name: c.Name, Value: c.Value}}
	admin.get("/admin?notice=setup").expect(t, http.StatusOK, "Your admin account is ready")
	anon.get("/setup?token="+token).expect(t, http.StatusForbidden, "This setup link no longer works")
	anon.post("/setup", form(fields("handle", "again")...)).expect(t, http.StatusForbidden)
}

// TestAccount changes a person's own details and password.
func TestAccount(t *testing.T) {
	db, _ := storetest.SQLite(t)
	a := newApp(t, db)
	u, err := db.CreateUser(context.Background(), copse.NewUser{Handle: "ada", Email: "ada@example.org", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	ada := a.as(u.Handle, false)
	ada.post("/account", form("name", "Ada Lovelace", "email", "not an email", "organisation", "Analytical")).
		expect(t, http.StatusUnprocessableEntity, "Email must be an email address", `value="Analytical"`)
	ada.post("/account", form("name", "Ada Lovelace", "email", "ada@example.org", "organisation", "Analytical Engines")).redirects(t, "/account?notice=profile")
	a.anon().get("/people/ada").expect(t, http.StatusOK, "<h1>Ada Lovelace</h1>", "Analytical Engines")
	ada.post("/account/password", form("current_password", "wrong", "password", "another long password", "password_confirm", "another long password")).
		expect(t, http.StatusUnprocessableEntity, "Current password is not your current password")
	ada.post("/account/password", form("current_password", password, "password", "short", "password_confirm", "short")).
		expect(t, http.StatusUnprocessableEntity, "New password must be at least 10 characters")
	ada.post("/account/password", form("current_password", password, "password", "another long password", "password_confirm", "typo")).
		expect(t, http.StatusUnprocessableEntity, "New password again does not match")
	ada.post("/account/password", form("current_password", password, "password", "another long password", "password_confirm", "another long password")).
		redirects(t, "/account?notice=password")
	a.anon().post("/signin", form("login", "ada", "password", "another long password")).redirects(t, "/?notice=signedin")
	a.anon().post("/account", form("name", "x")).expect(t, http.StatusUnauthorized)
}

// TestAdmin changes the site settings and adds a person; only admins may.
func TestAdmin(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		a := newApp(t, db)
		root, ada := a.as("root", true), a.as("ada", false)
		ada.post("/admin", form("site_name", "Guilds", "min_members", "2")).expect(t, http.StatusForbidden)
		ada.post("/admin/people", form("new_handle", "eve", "new_email", "eve@example.org", "new_password", password)).expect(t, http.StatusForbidden)

		root.post("/admin", form("site_name", "", "min_members", "many")).
			expect(t, http.StatusUnprocessableEntity, "Site name is required", "Members needed must be a whole number", `value="many"`)
		root.post("/admin", form("site_name", "Guilds", "min_members", "2")).redirects(t, "/admin?notice=settings")
		a.anon().get("/").expect(t, http.StatusOK, "<title>What is alive now – Guilds</title>")

		root.post("/admin/people", form("new_handle", "Not Valid", "new_email", "eve@example.org", "new_password", "")).
			expect(t, http.StatusUnprocessableEntity, "Handle must be", "Initial password is required", `value="eve@example.org"`)
		root.post("/admin/people", form("new_handle", "eve", "new_email", "eve@example.org", "new_name", "Eve", "new_password", password)).
			redirects(t, "/admin?notice=person")
		root.post("/admin/people", form("new_handle", "eve", "new_email", "eve2@example.org", "new_password", password)).
			expect(t, http.StatusUnprocessableEntity, "Handle is taken")
		a.anon().post("/signin", form("login", "eve", "password", password)).redirects(t, "/?notice=signedin")
	})
}
