package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// app is copse's real handler (with its middleware) over a test database.
type app struct {
	t  testing.TB
	db *store.DB
	h  http.Handler
}

func newApp(t testing.TB, db *store.DB) *app {
	t.Helper()
	h, err := server.New(db, server.Config{})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	return &app{t: t, db: db, h: h}
}

// client is a browser for one person: anonymous, or signed in with a session.
type client struct {
	a      *app
	cookie *http.Cookie
	user   *copse.User
}

func (a *app) anon() *client { return &client{a: a} }

// as signs a person in (creating them when needed) without a password, which is
// slow to hash: the session is made by the store, as the sign-in form would.
func (a *app) as(handle string, admin bool) *client {
	a.t.Helper()
	u, err := a.db.FindUser(context.Background(), handle)
	if err != nil {
		u, _ = storetest.User(a.t, a.db, handle, admin)
	}
	token, err := a.db.CreateSession(context.Background(), u.ID, "test", "192.0.2.1")
	if err != nil {
		a.t.Fatalf("session for %s: %v", handle, err)
	}
	return &client{a: a, user: u, cookie: &http.Cookie{Name: httpx.Cookies{}.Name(), Value: token}}
}

// ctx is a context in which the client's person is signed in, for store set-up.
func (c *client) ctx() context.Context { return copse.WithUser(context.Background(), c.user) }

type response struct {
	Status int
	Header http.Header
	Body   string
}

func (c *client) do(req *http.Request) *response {
	c.a.t.Helper()
	if c.cookie != nil {
		req.AddCookie(c.cookie)
	}
	rec := httptest.NewRecorder()
	c.a.h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return &response{Status: rec.Code, Header: rec.Header(), Body: string(body)}
}

func (c *client) get(path string) *response {
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form as a same-origin browser would.
func (c *client) post(path string, form url.Values) *response {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// form builds url.Values from "key", "value" pairs.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func (r *response) location() string { return r.Header.Get("Location") }

// expect fails unless the response has the status and every snippet.
func (r *response) expect(t testing.TB, status int, snippets ...string) *response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body:\n%s", r.Status, status, excerpt(r.Body))
	}
	for _, s := range snippets {
		if !strings.Contains(r.Body, s) {
			t.Errorf("body lacks %q:\n%s", s, excerpt(r.Body))
		}
	}
	return r
}

// lacks fails when the body has any of the snippets.
func (r *response) lacks(t testing.TB, snippets ...string) {
	t.Helper()
	for _, s := range snippets {
		if strings.Contains(r.Body, s) {
			t.Errorf("body has %q but should not", s)
		}
	}
}

// redirects fails unless the response is 303 See Other to the location.
func (r *response) redirects(t testing.TB, to string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.location() != to {
		t.Fatalf("got %d to %q, want 303 to %q; body:\n%s", r.Status, r.location(), to, excerpt(r.Body))
	}
}

// excerpt is the part of a page worth reading in a failure: its <main>.
func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

// community creates a community through the store as the client's person.
func (c *client) community(n copse.NewCommunity) *copse.Community {
	c.a.t.Helper()
	com, err := c.a.db.CreateCommunity(c.ctx(), n)
	if err != nil {
		c.a.t.Fatalf("create community %s: %v", n.Name, err)
	}
	return com
}

// join makes the client's person a member of the community through the store.
func (c *client) join(slug string, role copse.Role) {
	c.a.t.Helper()
	if _, _, err := c.a.db.Join(c.ctx(), slug, role); err != nil {
		c.a.t.Fatalf("%s joins %s: %v", c.user.Handle, slug, err)
	}
}

// TestMain quiets the request log, which would bury a failure's message.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}

// newCrossSite is a form post that a browser sends from another site's page.
func newCrossSite(body io.Reader) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/signin", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	return req
}
