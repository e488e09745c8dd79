package api_test

import (
	"testing"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestMembers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		status := func() any { return s.must("", "GET", "/api/v1/communities/iac", "", 200).body["status"] }
		if got := status(); got != "active" {
			t.Fatalf("facilitator + core + member with min_members 3: %v", got)
		}
		r := s.must("", "GET", "/api/v1/communities/iac/members", "", 200)
		var order []string
		for _, m := range items(r) {
			order = append(order, m["handle"].(string)+":"+m["role"].(string))
			if m["joined_at"] == "" || m["name"] == "" {
				t.Errorf("member without name or joined_at: %v", m)
			}
		}
		if want := "fay:facilitator cora:core mel:member"; join(order) != want {
			t.Errorf("members %v, want %s", order, want)
		}
		r = s.must("", "GET", "/api/v1/communities/iac/members?limit=1", "", 200)
		if len(items(r)) != 1 || r.body["next_cursor"] == "" {
			t.Errorf("paged members: %s", r.raw)
		}
		r = s.must("", "GET", "/api/v1/communities/iac/members?limit=1&cursor="+r.body["next_cursor"].(string), "", 200)
		if items(r)[0]["handle"] != "cora" {
			t.Errorf("second page: %s", r.raw)
		}
		checkProblem(t, s.call("", "GET", "/api/v1/communities/iac/members?role=boss", ""), 422, "role")
		checkProblem(t, s.call("", "GET", "/api/v1/communities/none/members", ""), 404)

		// Joining again is harmless; asking for another role that way is a conflict.
		s.must("mel", "POST", "/api/v1/communities/iac/members", ``, 200)
		checkProblem(t, s.call("mel", "POST", "/api/v1/communities/iac/members", `{"role": "contributor"}`), 409)

		for _, tt := range []struct {
			name, who, method, path, body string
			status                        int
			fields                        []string
		}{
			{"anonymous join", "", "POST", "/api/v1/communities/iac/members", ``, 401, nil},
			{"self-made core", "otto", "POST", "/api/v1/communities/iac/members", `{"role": "core"}`, 403, nil},
			{"unknown role", "otto", "POST", "/api/v1/communities/iac/members", `{"role": "boss"}`, 422, []string{"role"}},
			{"member adds someone", "mel", "POST", "/api/v1/communities/iac/members", `{"handle": "otto"}`, 403, nil},
			{"facilitator adds nobody", "fay", "POST", "/api/v1/communities/iac/members", `{"handle": "ghost"}`, 422, []string{"handle"}},
			{"member promotes self", "mel", "PATCH", "/api/v1/communities/iac/members/mel", `{"role": "facilitator"}`, 403, nil},
			{"core changes others", "cora", "PATCH", "/api/v1/communities/iac/members/mel", `{"role": "contributor"}`, 403, nil},
			{"role missing", "fay", "PATCH", "/api/v1/communities/iac/members/mel", `{}`, 422, []string{"role"}},
			{"not a member", "fay", "PATCH", "/api/v1/communities/iac/members/otto", `{"role": "core"}`, 404, nil},
			{"member removes others", "mel", "DELETE", "/api/v1/communities/iac/members/cora", ``, 403, nil},
			{"last facilitator leaves", "fay", "DELETE", "/api/v1/communities/iac/members/fay", ``, 409, nil},
			{"anonymous removes", "", "DELETE", "/api/v1/communities/iac/members/mel", ``, 401, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				checkProblem(t, s.call(tt.who, tt.method, tt.path, tt.body), tt.status, tt.fields...)
			})
		}

		s.must("fay", "POST", "/api/v1/communities/iac/members", `{"handle": "otto", "role": "contributor"}`, 200)
		s.must("mel", "DELETE", "/api/v1/communities/iac/members/mel", ``, 204)
		if got := status(); got != "forming" {
			t.Fatalf("after the member left: %v, want forming", got)
		}
		s.must("fay", "PATCH", "/api/v1/communities/iac/members/otto", `{"role": "member"}`, 200)
		if got := status(); got != "active" {
			t.Fatalf("after a contributor became a member: %v, want active", got)
		}
		s.must("fay", "PATCH", "/api/v1/communities/iac/members/cora", `{"role": "facilitator"}`, 200)
		s.must("fay", "DELETE", "/api/v1/communities/iac/members/fay", ``, 204)
		s.must("cora", "DELETE", "/api/v1/communities/iac/members/otto", ``, 204)
		s.must("root", "POST", "/api/v1/communities/iac/members", `{"handle": "mel", "role": "core"}`, 200)
		r = s.must("", "GET", "/api/v1/communities/iac", "", 200)
		if r.body["member_count"] != float64(2) || r.body["status"] != "forming" {
			t.Errorf("after the changes: %s", r.raw)
		}
	})
}

func TestInterest(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		s.must("otto", "POST", "/api/v1/communities", `{"name": "OpenShift", "subject": "Running apps", "suggested": true}`, 201)
		checkProblem(t, s.call("", "POST", "/api/v1/communities/openshift/interest", ``), 401)
		checkProblem(t, s.call("mel", "POST", "/api/v1/communities/iac/interest", ``), 409)
		checkProblem(t, s.call("mel", "POST", "/api/v1/communities/nope/interest", ``), 404)
		r := s.must("mel", "POST", "/api/v1/communities/openshift/interest", ``, 200)
		s.must("cora", "POST", "/api/v1/communities/openshift/interest", ``, 200)
		r = s.must("cora", "POST", "/api/v1/communities/openshift/interest", ``, 200)
		if r.body["interest_count"] != float64(3) || r.body["interested"] != true { // otto, who suggested it, mel and cora
			t.Errorf("interest: %s", r.raw)
		}
		r = s.must("cora", "DELETE", "/api/v1/communities/openshift/interest", ``, 200)
		if r.body["interest_count"] != float64(2) || r.body["interested"] != false {
			t.Errorf("withdrawn: %s", r.raw)
		}
		checkProblem(t, s.call("mel", "POST", "/api/v1/communities/openshift/members", `{"role": "member"}`), 409)
		s.must("mel", "POST", "/api/v1/communities/openshift/members", `{"role": "facilitator"}`, 200)
		r = s.must("", "GET", "/api/v1/communities/openshift", "", 200)
		if r.body["status"] != "forming" || r.body["interest_count"] != float64(2) {
			t.Errorf("after someone took the facilitator role: %s", r.raw)
		}
	})
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
