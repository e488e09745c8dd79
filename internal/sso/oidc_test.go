package sso_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/sso"
	"github.com/copse-dev/copse/internal/sso/ssotest"
)

// signIn goes through the issuer's authorization endpoint without a browser and
// exchanges the code it gives.
func signIn(t *testing.T, p *sso.OIDC, verifier string) error {
	t.Helper()
	ctx := context.Background()
	state, nonce := sso.Random(), sso.Random()
	to, err := p.AuthURL(ctx, state, nonce, verifier)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(to)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))
	if back.Query().Get("state") != state {
		t.Fatalf("the issuer sent back %s", back)
	}
	_, err = p.Exchange(ctx, back.Query().Get("code"), verifier, nonce)
	return err
}

// TestKeyRotation: when the provider rotates its signing key, the next ID token
// names a key copse has not seen; go-oidc fetches the key set again and verifies it.
func TestKeyRotation(t *testing.T) {
	is := ssotest.NewIssuer(t)
	p := sso.NewOIDC(sso.OIDCConfig{Name: "corp", Issuer: is.URL, ClientID: ssotest.ClientID, ClientSecret: ssotest.ClientSecret,
		RedirectURL: "http://127.0.0.1:1/signin/sso/corp/callback"})
	if err := p.Discover(); err != nil {
		t.Fatal(err)
	}
	if err := signIn(t, p, sso.Random()); err != nil {
		t.Fatalf("first sign-in: %v", err)
	}
	is.Rotate(t)
	if err := signIn(t, p, sso.Random()); err != nil {
		t.Fatalf("after the key rotated: %v", err)
	}
	if p.LogoutURL(context.Background(), "tok", "http://127.0.0.1:1/") != "" {
		t.Error("a provider without an end_session_endpoint got a sign-out address")
	}
}

// TestUnreachableProvider: copse starts without its provider, and a sign-in then
// says the provider cannot be reached.
func TestUnreachableProvider(t *testing.T) {
	p := sso.NewOIDC(sso.OIDCConfig{Name: "corp", Label: "Corp SSO", Issuer: "http://127.0.0.1:1/realms/x", ClientID: "c"})
	_, err := p.AuthURL(context.Background(), "s", "n", "v")
	if err == nil || !strings.Contains(err.Error(), "could not reach Corp SSO") {
		t.Fatalf("AuthURL with the provider down: %v", err)
	}
}
