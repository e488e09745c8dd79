package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/sso"
	"github.com/copse-dev/copse/internal/sso/ssotest"
	"github.com/copse-dev/copse/internal/store"
)

// ssoSite is copse on a real port with single sign-on providers; the providers
// need copse's address for their callbacks, so the handler is set once it is known.
type ssoSite struct {
	t   testing.TB
	db  *store.DB
	URL string
}

// providerSpec makes one provider for the site at base.
type providerSpec func(base string) sso.Provider

func oidcAt(name, label, issuer string) providerSpec {
	return func(base string) sso.Provider {
		return sso.NewOIDC(sso.OIDCConfig{Name: name, Label: label, Issuer: issuer, ClientID: ssotest.ClientID,
			ClientSecret: ssotest.ClientSecret, Scopes: []string{"openid", "profile", "email"},
			RedirectURL: base + "/signin/sso/" + name + "/callback"})
	}
}

func githubAt(g *ssotest.GitHub, orgs ...string) providerSpec {
	return func(base string) sso.Provider {
		return sso.NewGitHub(sso.GitHubConfig{ClientID: ssotest.ClientID, ClientSecret: ssotest.ClientSecret, Orgs: orgs,
			WebURL: g.URL, APIURL: g.URL, RedirectURL: base + "/signin/sso/github/callback"})
	}
}

func newSSOSite(t testing.TB, db *store.DB, specs ...providerSpec) *ssoSite {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	var providers sso.Providers
	for _, s := range specs {
		providers = append(providers, s(srv.URL))
	}
	base, _ := url.Parse(srv.URL)
	var err error
	if h, err = server.New(db, server.Config{BaseURL: base, SSO: providers}); err != nil {
		t.Fatal(err)
	}
	return &ssoSite{t: t, db: db, URL: srv.URL}
}

// browser is an HTTP client with its own cookies that follows redirects, as a
// browser does, across copse and the providers.
type browser struct {
	t      testing.TB
	site   *ssoSite
	client *http.Client
	last   *http.Response // the last response, after redirects
	body   string
}

func (s *ssoSite) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: s.t, site: s, client: &http.Client{Jar: jar}}
}

func (b *browser) do(req *http.Request) *browser {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.last, b.body = resp, string(body)
	return b
}

// get opens an address (a path is on copse).
func (b *browser) get(addr string) *browser {
	b.t.Helper()
	if strings.HasPrefix(addr, "/") {
		addr = b.site.URL + addr
	}
	req, _ := http.NewRequest(http.MethodGet, addr, nil)
	return b.do(req)
}

// post submits a form to an address, from a page of the same origin.
func (b *browser) post(addr string, form url.Values) *browser {
	b.t.Helper()
	if strings.HasPrefix(addr, "/") {
		addr = b.site.URL + addr
	}
	req, _ := http.NewRequest(http.MethodPost, addr, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// expect fails unless the last page has the status and every snippet.
func (b *browser) expect(status int, snippets ...string) *browser {
	b.t.Helper()
	if b.last.StatusCode != status {
		b.t.Fatalf("%s: status %d, want %d:\n%s", b.last.Request.URL, b.last.StatusCode, status, excerpt(b.body))
	}
	for _, s := range snippets {
		if !strings.Contains(b.body, s) {
			b.t.Errorf("%s lacks %q:\n%s", b.last.Request.URL, s, excerpt(b.body))
		}
	}
	return b
}

// url is where the browser ended up.
func (b *browser) url() string { return b.last.Request.URL.String() }

// signInAtProvider fills in the example provider's own login form.
func (b *browser) signInAtProvider(username, password string) *browser {
	b.t.Helper()
	id := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(b.body)
	if id == nil {
		b.t.Fatalf("not the provider's login page: %s\n%s", b.url(), b.body)
	}
	return b.post(strings.Split(b.url(), "?")[0], url.Values{"id": {id[1]}, "username": {username}, "password": {password}})
}

// me is who /api/v1/me says is signed in on this browser, or "".
func (b *browser) me() string {
	b.t.Helper()
	b.get("/api/v1/me")
	if b.last.StatusCode != http.StatusOK {
		return ""
	}
	return regexp.MustCompile(`"handle":"([^"]+)"`).FindStringSubmatch(b.body)[1]
}

// adminCtx is a context in which an admin (made when needed) is signed in.
func adminCtx(t testing.TB, db *store.DB) context.Context {
	t.Helper()
	u, err := db.FindUser(context.Background(), "root")
	if err != nil {
		u, err = db.CreateUser(context.Background(), copse.NewUser{Handle: "root", Email: "root@example.org", Admin: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	return copse.WithUser(context.Background(), u)
}

// clean fails on what lintHTML finds wrong with the last page (no inline style or
// script, one h1, labels, ids), when it is one of copse's pages.
func (b *browser) clean() *browser {
	b.t.Helper()
	if !strings.HasPrefix(b.url(), b.site.URL) || !strings.HasPrefix(b.last.Header.Get("Content-Type"), "text/html") {
		b.t.Fatalf("%s is not a page of copse's", b.url())
	}
	for _, problem := range lintHTML(b.body) {
		b.t.Errorf("%s: %s", b.url(), problem)
	}
	return b
}
