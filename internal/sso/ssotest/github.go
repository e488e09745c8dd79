package ssotest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// GitHubUser is the person the fake GitHub signs in.
type GitHubUser struct {
	ID       int64
	Login    string
	Name     string
	Email    string
	Verified bool
	Orgs     []string
}

// GitHub fakes the parts of GitHub that OAuth sign-in uses, as GitHub documents
// them: /login/oauth/authorize (approving at once), /login/oauth/access_token,
// and the REST API's /user, /user/emails and /user/orgs.
type GitHub struct {
	URL string

	mu   sync.Mutex
	user GitHubUser
}

// NewGitHub starts the fake on 127.0.0.1 with the person it signs in.
func NewGitHub(t testing.TB, u GitHubUser) *GitHub {
	t.Helper()
	g := &GitHub{user: u}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login/oauth/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") != ClientID || q.Get("code_challenge") == "" {
			http.Error(w, "bad client or no PKCE challenge", http.StatusBadRequest)
			return
		}
		back, _ := url.Parse(q.Get("redirect_uri"))
		bq := back.Query()
		bq.Set("code", "gh-code")
		bq.Set("state", q.Get("state"))
		back.RawQuery = bq.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	})
	mux.HandleFunc("POST /login/oauth/access_token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		f := r.PostForm
		if f.Get("code") != "gh-code" || f.Get("client_id") != ClientID || f.Get("client_secret") != ClientSecret || f.Get("code_verifier") == "" {
			json.NewEncoder(w).Encode(map[string]string{"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."})
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"access_token": "gho_test", "token_type": "bearer", "scope": r.PostForm.Get("scope")})
	})
	api := func(path string, body func(u GitHubUser) any) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer gho_test" {
				http.Error(w, `{"message":"Requires authentication"}`, http.StatusUnauthorized)
				return
			}
			g.mu.Lock()
			u := g.user
			g.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(body(u))
		})
	}
	api("/user", func(u GitHubUser) any { return map[string]any{"id": u.ID, "login": u.Login, "name": u.Name} })
	api("/user/emails", func(u GitHubUser) any {
		return []map[string]any{
			{"email": "noreply-" + u.Login + "@users.noreply.github.com", "primary": false, "verified": true},
			{"email": u.Email, "primary": true, "verified": u.Verified},
		}
	})
	api("/user/orgs", func(u GitHubUser) any {
		out := []map[string]string{}
		for _, o := range u.Orgs {
			out = append(out, map[string]string{"login": o})
		}
		return out
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	g.URL = srv.URL
	return g
}

// SetUser changes the person the fake signs in next.
func (g *GitHub) SetUser(u GitHubUser) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.user = u
}
