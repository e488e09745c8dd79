package api_test

import (
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestAuthAndProtocol(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		r := s.call("", "GET", "/api/v1/me", "", "Authorization", "Bearer copse_forged")
		checkProblem(t, r, 401)
		if r.header.Get("WWW-Authenticate") == "" {
			t.Error("401 for a bad token has no WWW-Authenticate")
		}
		checkProblem(t, s.call("", "GET", "/api/v1/me", "", "Authorization", "Basic eDp5"), 401)
		checkProblem(t, s.call("", "GET", "/api/v1/me", ""), 401)
		r = s.must("root", "GET", "/api/v1/me", "", 200)
		if r.body["handle"] != "root" || r.body["admin"] != true || r.body["email"] != "root@example.org" {
			t.Errorf("me: %s", r.raw)
		}

		// A browser on another origin cannot change anything, even with a credential.
		checkProblem(t, s.call("otto", "POST", "/api/v1/communities", `{"name": "Evil", "subject": "Cross-site"}`,
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), 403)
		s.must("", "GET", "/api/v1/communities", "", 200) // reads stay open

		r = s.call("otto", "PUT", "/api/v1/communities/iac", `{}`)
		checkProblem(t, r, 405)
		if allow := r.header.Get("Allow"); !strings.Contains(allow, "PATCH") || !strings.Contains(allow, "GET") {
			t.Errorf("Allow = %q", allow)
		}
		checkProblem(t, s.call("", "GET", "/api/v1/nothing-here", ""), 404)

		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Request-Id", "Referrer-Policy"} {
			if r.header.Get(h) == "" {
				t.Errorf("missing header %s", h)
			}
		}
	})
}

func TestSettings(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		r := s.must("", "GET", "/api/v1/settings", "", 200)
		if r.body["min_members"] != float64(3) || r.body["site_name"] != "copse" {
			t.Errorf("default settings: %s", r.raw)
		}
		checkProblem(t, s.call("", "PATCH", "/api/v1/settings", `{"min_members": 2}`), 401)
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/settings", `{"min_members": 2}`), 403)
		checkProblem(t, s.call("root", "PATCH", "/api/v1/settings", `{"min_members": 0, "site_name": ""}`), 422, "min_members", "site_name")
		s.must("fay", "DELETE", "/api/v1/communities/iac/members/mel", ``, 204)
		s.must("root", "PATCH", "/api/v1/settings", `{"min_members": 2}`, 200)
		if got := s.must("", "GET", "/api/v1/communities/iac", "", 200).body["status"]; got != "active" {
			t.Errorf("with min_members 2 and two counted members: %v", got)
		}
	})
}
