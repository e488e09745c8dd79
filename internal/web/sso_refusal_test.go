package web_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse/internal/sso/ssotest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestSSORefusals signs in through an issuer whose tokens each case spoils, and
// checks that copse refuses each with a message that says what went wrong, signs
// no one in, and makes no account.
func TestSSORefusals(t *testing.T) {
	db, _ := storetest.SQLite(t)
	is := ssotest.NewIssuer(t)
	site := newSSOSite(t, db, oidcAt("corp", "Corp SSO", is.URL))

	valid := func(nonce string) map[string]any { return is.Standard(nonce, "sub-ada", "ada@example.org", true) }
	with := func(change func(c map[string]any)) func(string) map[string]any {
		return func(nonce string) map[string]any {
			c := valid(nonce)
			change(c)
			return c
		}
	}
	// tamper changes the payload after signing: a different email, same signature.
	tamper := func(signed string) string {
		parts := strings.Split(signed, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		payload = []byte(strings.Replace(string(payload), "ada@example.org", "eve@example.org", 1))
		parts[1] = base64.RawURLEncoding.EncodeToString(payload)
		return strings.Join(parts, ".")
	}
	for _, c := range []struct {
		name   string
		claims func(string) map[string]any
		spoil  func(string) string
		want   string
	}{
		{"tampered token", valid, tamper, "failed its signature check (or names another issuer), so it may have been tampered with"},
		{"wrong audience", with(func(c map[string]any) { c["aud"] = "another-app" }), nil, "issued this sign-in for another application (another-app), not for copse (copse)"},
		{"expired token", with(func(c map[string]any) { c["exp"] = time.Now().Add(-10 * time.Minute).Unix() }), nil, "had expired (at "},
		{"unverified email", with(func(c map[string]any) { c["email_verified"] = false }), nil, "Corp SSO has not verified your email address ada@example.org"},
		{"no email", with(func(c map[string]any) { delete(c, "email") }), nil, "Corp SSO did not share your email address"},
		{"another sign-in's nonce", with(func(c map[string]any) { c["nonce"] = "not-this-one" }), nil, "does not belong to this sign-in (its nonce differs)"},
		{"another issuer", with(func(c map[string]any) { c["iss"] = "https://evil.example" }), nil, "or names another issuer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			is.Shape(c.claims, c.spoil)
			b := site.browser()
			b.get("/signin/sso/corp").expect(http.StatusForbidden, c.want, "Sign in with Corp SSO").clean()
			if got := b.me(); got != "" {
				t.Errorf("signed in as %q", got)
			}
		})
	}
	if n, _ := countUsers(t, db); n != 1 { // root only, made by countUsers
		t.Errorf("refused sign-ins made %d accounts", n-1)
	}

	// A clock a minute behind the provider's is tolerated.
	is.Shape(with(func(c map[string]any) { c["exp"] = time.Now().Add(-time.Minute).Unix() }), nil)
	b := site.browser()
	b.get("/signin/sso/corp").expect(http.StatusOK, "Welcome!")
	if got := b.me(); got != "ada" {
		t.Fatalf("with a minute of skew: signed in as %q", got)
	}
}

// TestSSOStateChecks: the provider's answer must come back to the browser that
// started the sign-in, once.
func TestSSOStateChecks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		is := ssotest.NewIssuer(t)
		site := newSSOSite(t, db, oidcAt("corp", "Corp SSO", is.URL))

		// Stop at the callback: the browser keeps the flow cookie and the address.
		b := site.browser()
		b.client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if strings.Contains(req.URL.Path, "/callback") {
				return http.ErrUseLastResponse
			}
			return nil
		}
		b.get("/signin/sso/corp")
		callback := b.last.Header.Get("Location")
		if !strings.Contains(callback, "/signin/sso/corp/callback?code=") {
			t.Fatalf("the issuer sent the browser to %q", callback)
		}
		flowCookie := b.client.Jar.Cookies(b.last.Request.URL)
		b.client.CheckRedirect = nil

		// Another browser, without the flow cookie, cannot use the answer.
		other := site.browser()
		other.get(callback).expect(http.StatusForbidden, "cannot be matched to your browser")

		// A forged state is refused.
		forged := strings.Replace(callback, "state=", "state=x", 1)
		b.get(forged).expect(http.StatusForbidden, "does not belong to the sign-in this browser started (its state differs)")

		// The real answer, with the cookie put back, signs in once…
		replay := site.browser()
		replay.client.Jar.SetCookies(b.last.Request.URL, flowCookie)
		replay.get(callback).expect(http.StatusOK, "Welcome!")
		// …and replayed, state and cookie and all, it is refused.
		again := site.browser()
		again.client.Jar.SetCookies(b.last.Request.URL, flowCookie)
		again.get(callback).expect(http.StatusForbidden, "This sign-in has been used already")
		if got := again.me(); got != "" {
			t.Errorf("the replay signed in %q", got)
		}

		// A provider's own refusal is passed on.
		b.get("/signin/sso/corp/callback?error=access_denied&error_description=The+user+cancelled").
			expect(http.StatusForbidden, "Corp SSO did not sign you in (access_denied The user cancelled)")
	})
}
