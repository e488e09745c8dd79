package ssotest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
)

// Issuer is an OpenID Provider in the test's process whose ID tokens the test
// shapes: its authorization endpoint approves at once (as a provider does for a
// person already signed in there), and its token endpoint answers with the claims
// of Shape, signed with its key, then spoiled as Shape says.
type Issuer struct {
	URL string
	Key *rsa.PrivateKey

	mu     sync.Mutex
	keys   *oidctest.Server // discovery and the key set, replaced by Rotate
	kid    string
	claims func(nonce string) map[string]any
	spoil  func(signed string) string // nil: the token as signed
	nonces map[string]string          // code → nonce
}

// Shape sets the claims of the next ID tokens, and what to do to them once signed
// (nil for nothing).
func (is *Issuer) Shape(claims func(nonce string) map[string]any, spoil func(signed string) string) {
	is.mu.Lock()
	defer is.mu.Unlock()
	is.claims, is.spoil = claims, spoil
}

// NewIssuer starts an issuer; its tokens default to a verified person for ClientID.
func NewIssuer(t testing.TB) *Issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &Issuer{Key: key, kid: "k1", nonces: map[string]string{}}
	mux := http.NewServeMux()
	serveKeys := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		is.mu.Lock()
		defer is.mu.Unlock()
		is.keys.ServeHTTP(w, r)
	})
	mux.Handle("/.well-known/openid-configuration", serveKeys)
	mux.Handle("/keys", serveKeys)
	mux.HandleFunc("/auth", is.authorize)
	mux.HandleFunc("/token", is.token)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	is.URL = srv.URL
	is.keys = is.keySet(key, "k1")
	is.claims = func(nonce string) map[string]any {
		return is.Standard(nonce, "sub-1", "ada@example.org", true)
	}
	return is
}

func (is *Issuer) keySet(key *rsa.PrivateKey, kid string) *oidctest.Server {
	keys := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: kid, Algorithm: oidc.RS256}}}
	keys.SetIssuer(is.URL)
	return keys
}

// Rotate replaces the signing key, as a provider does now and then: the old key
// leaves the key set, and new tokens name the new one.
func (is *Issuer) Rotate(t testing.TB) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is.mu.Lock()
	defer is.mu.Unlock()
	is.kid += "+"
	is.Key, is.keys = key, is.keySet(key, is.kid)
}

// Standard is a valid set of claims for ClientID, expiring in five minutes.
func (is *Issuer) Standard(nonce, sub, email string, verified bool) map[string]any {
	now := time.Now()
	return map[string]any{"iss": is.URL, "aud": ClientID, "sub": sub, "nonce": nonce,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"email": email, "email_verified": verified, "preferred_username": "ada", "name": "Ada Lovelace"}
}

func (is *Issuer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code := "code-" + q.Get("state")[:8]
	is.mu.Lock()
	is.nonces[code] = q.Get("nonce")
	is.mu.Unlock()
	back, _ := url.Parse(q.Get("redirect_uri"))
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", q.Get("state"))
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (is *Issuer) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	is.mu.Lock()
	nonce, ok := is.nonces[r.PostForm.Get("code")]
	delete(is.nonces, r.PostForm.Get("code"))
	claims, spoil, key, kid := is.claims(nonce), is.spoil, is.Key, is.kid
	is.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !ok || r.PostForm.Get("code_verifier") == "" {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "unknown code or no PKCE verifier"})
		return
	}
	b, _ := json.Marshal(claims)
	signed := oidctest.SignIDToken(key, kid, oidc.RS256, string(b))
	if spoil != nil {
		signed = spoil(signed)
	}
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + nonce, "token_type": "Bearer", "expires_in": 300, "id_token": signed})
}
