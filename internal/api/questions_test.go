package api_test

import (
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestQuestionsAPI: ask, answer, vote and accept over HTTP; every refusal names its
// problem and leaves the question as it was.
func TestQuestionsAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		q1 := s.must("mel", "POST", "/api/v1/questions", `{"title": "How do I pin a provider version?", "body": "It keeps **upgrading**.",
			"urgency": "how-to", "community": "iac", "tags": ["Terraform"]}`, 201).body
		if q1["status"] != "open" || q1["urgent"] != false || q1["html"] != "<p>It keeps <strong>upgrading</strong>.</p>\n" ||
			q1["tags"].([]any)[0] != "terraform" || q1["community"].(map[string]any)["slug"] != "iac" {
			t.Fatalf("asked: %v", q1)
		}
		sos := s.must("otto", "POST", "/api/v1/questions", `{"title": "Production pods crash-looping", "body": "Since 09:00.", "urgency": "sos"}`, 201).body
		if sos["urgent"] != true || sos["community"] != nil {
			t.Errorf("sos: %v", sos)
		}
		a1 := s.must("otto", "POST", "/api/v1/questions/1/answers", `{"body": "Use required_providers."}`, 201).body
		s.must("cora", "POST", "/api/v1/questions/2/answers", `{"body": "Check the readiness probe."}`, 201)
		if a1["platform_team"] != false || a1["author"] != "otto" {
			t.Errorf("answer: %v", a1)
		}

		checkProblem(t, s.call("mel", "POST", "/api/v1/questions", `{"title": "Is it down?", "body": "x", "urgency": "panic"}`), 422, "urgency")
		checkProblem(t, s.call("mel", "POST", "/api/v1/questions/1/accept", `{"answer_id": 2}`), 422, "answer_id")
		checkProblem(t, s.call("otto", "POST", "/api/v1/questions/1/accept", `{"answer_id": 1}`), 403) // he answered it, but did not ask
		checkProblem(t, s.call("", "POST", "/api/v1/questions/1/accept", `{"answer_id": 1}`), 401)
		checkProblem(t, s.call("otto", "POST", "/api/v1/questions/1/answers/1/votes", `{"value": 1}`), 403)
		s.must("mel", "PATCH", "/api/v1/questions/2", `{"status": "closed"}`, 403) // otto asked it
		s.must("otto", "PATCH", "/api/v1/questions/2", `{"status": "closed"}`, 200)
		checkProblem(t, s.call("mel", "POST", "/api/v1/questions/2/answers", `{"body": "Too late?"}`), 409)
		q := s.must("", "GET", "/api/v1/questions/1", "", 200).body
		if q["accepted_answer_id"] != nil || q["status"] != "open" || q["answer_count"] != float64(1) || q["answers"].([]any)[0].(map[string]any)["score"] != float64(0) {
			t.Errorf("refusals changed the question: %v", q)
		}

		s.must("fay", "POST", "/api/v1/questions/1/answers/1/votes", `{"value": 1}`, 200)
		q = s.must("mel", "POST", "/api/v1/questions/1/accept", `{"answer_id": 1}`, 200).body
		first := q["answers"].([]any)[0].(map[string]any)
		if q["status"] != "answered" || q["accepted_answer_id"] != a1["id"] || first["accepted"] != true || first["score"] != float64(1) ||
			q["first_answer_by"] != copse.ByCommunity {
			t.Errorf("accepted: %v", q)
		}
		list := s.must("", "GET", "/api/v1/questions?unanswered=true&sort=oldest", "", 200)
		if n := len(items(list)); n != 0 {
			t.Errorf("%d unanswered", n)
		}
		m := s.must("", "GET", "/api/v1/help/metrics?community=iac", "", 200).body
		week := m["windows"].([]any)[0].(map[string]any)
		if week["asked"] != float64(1) || week["answered"] != float64(1) || week["accepted"] != float64(1) || week["community_share"] != float64(1) {
			t.Errorf("metrics: %v", week)
		}
	})
}

// TestStatusAPIByRole: anyone reads the status page; only platform staff and
// admins write to it.
func TestStatusAPIByRole(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		for _, tt := range []struct {
			who    string
			status int
		}{{"", 401}, {"otto", 403}, {"mel", 403}, {"fay", 403}, {"root", 201}} {
			r := s.call(tt.who, "POST", "/api/v1/status/services", `{"name": "Registry `+tt.who+`"}`)
			if r.status != tt.status {
				t.Errorf("%q adds a service: %d, want %d", tt.who, r.status, tt.status)
			}
		}
		in := s.must("root", "POST", "/api/v1/status/incidents", `{"title": "Image pulls failing", "body": "Looking.", "impact": "major_outage", "services": [1]}`, 201).body
		st := s.must("", "GET", "/api/v1/status", "", 200).body
		if st["state"] != "major_outage" || len(st["incidents"].([]any)) != 1 || in["status"] != "investigating" {
			t.Errorf("status: %v", st)
		}
		s.must("root", "POST", "/api/v1/status/incidents/1/updates", `{"status": "resolved", "body": "Fixed."}`, 201)
		if st = s.must("", "GET", "/api/v1/status", "", 200).body; st["state"] != "operational" {
			t.Errorf("after resolving: %v", st["state"])
		}
	})
}
