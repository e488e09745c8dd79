package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// site is a running copse with people in every role of one community, "iac":
// root (admin), fay (facilitator), cora (core), mel (member), otto (signed in,
// not a member), and anonymous callers.
type site struct {
	t      *testing.T
	db     *store.DB
	url    string
	tokens map[string]string
}

func newSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	h, err := server.New(db, server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &site{t: t, db: db, url: srv.URL, tokens: map[string]string{}}
	for _, p := range []struct {
		handle string
		admin  bool
	}{{"root", true}, {"fay", false}, {"cora", false}, {"mel", false}, {"otto", false}} {
		storetest.User(t, db, p.handle, p.admin)
		tok, err := db.CreateToken(t.Context(), p.handle, "test")
		if err != nil {
			t.Fatal(err)
		}
		s.tokens[p.handle] = tok
	}
	s.must("fay", "POST", "/api/v1/communities", `{"name": "Infrastructure as Code", "slug": "iac", "subject": "Terraform and friends"}`, 201)
	s.must("cora", "POST", "/api/v1/communities/iac/members", ``, 200)
	s.must("mel", "POST", "/api/v1/communities/iac/members", `{"role": "member"}`, 200)
	s.must("fay", "PATCH", "/api/v1/communities/iac/members/cora", `{"role": "core"}`, 200)
	return s
}

// response is what a call returned.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

// call makes a request as the person (a handle, or "" for anonymous).
func (s *site) call(who, method, path, body string, hdr ...string) response {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+s.tokens[who])
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, raw: raw}
	if len(bytes.TrimSpace(raw)) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			s.t.Fatalf("%s %s: bad JSON %q: %v", method, path, raw, err)
		}
	}
	return r
}

// must makes a call and fails the test unless the status is want.
func (s *site) must(who, method, path, body string, want int) response {
	s.t.Helper()
	r := s.call(who, method, path, body)
	if r.status != want {
		s.t.Fatalf("%s %s as %q: status %d, want %d: %s", method, path, who, r.status, want, r.raw)
	}
	return r
}

// checkProblem asserts an RFC 9457 problem with the status and, for 422, the fields.
func checkProblem(t *testing.T, r response, status int, fields ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json", ct)
	}
	if r.body["status"] != float64(status) || r.body["title"] == "" || r.body["detail"] == "" || !strings.HasPrefix(r.body["type"].(string), "https://") {
		t.Fatalf("not a complete problem: %s", r.raw)
	}
	errs, _ := r.body["errors"].(map[string]any)
	for _, f := range fields {
		if msg, _ := errs[f].(string); msg == "" {
			t.Fatalf("no message for field %q in %s", f, r.raw)
		}
	}
}

func items(r response) []map[string]any {
	var out []map[string]any
	for _, it := range r.body["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}
