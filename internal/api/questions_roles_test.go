package api_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// makeStaff flags a person as platform staff, as an admin does on /admin/people.
func makeStaff(t *testing.T, db *store.DB, handle string) {
	t.Helper()
	root, err := db.FindUser(context.Background(), "root")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPersonFlag(copse.WithUser(context.Background(), root), handle, store.FlagPlatformStaff, true); err != nil {
		t.Fatal(err)
	}
}

// TestQuestionRolesAPI: who may accept, close and post to the status page, role by
// role (anonymous, outsider, member, core, facilitator, platform staff, admin); a
// members-only question is hidden from everyone else; platform staff's first answer
// counts for the platform team.
func TestQuestionRolesAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		s.must("otto", "POST", "/api/v1/questions", `{"title": "Which state backend do you use?", "body": "S3 or Terraform Cloud?", "urgency": "how-to", "community": "iac"}`, 201)
		s.must("mel", "POST", "/api/v1/questions/1/answers", `{"body": "S3 with a DynamoDB lock table."}`, 201)
		for _, tt := range []struct {
			who    string
			status int
		}{{"", 401}, {"mel", 403}, {"cora", 200}, {"fay", 200}, {"root", 200}, {"otto", 200}} {
			r := s.call(tt.who, "POST", "/api/v1/questions/1/accept", `{"answer_id": 1}`)
			if r.status != tt.status {
				t.Errorf("%q accepts: %d, want %d: %s", tt.who, r.status, tt.status, r.raw)
			}
			r = s.call(tt.who, "PATCH", "/api/v1/questions/1", `{"tags": ["terraform"]}`)
			if r.status != tt.status {
				t.Errorf("%q retags: %d, want %d: %s", tt.who, r.status, tt.status, r.raw)
			}
		}

		// A members-only question: its community's members and admins read it.
		s.must("mel", "POST", "/api/v1/questions", `{"title": "Our internal module registry is slow", "body": "Since Monday.",
			"urgency": "how-to", "community": "iac", "visibility": "members"}`, 201)
		for who, want := range map[string]int{"": 404, "otto": 404, "mel": 200, "cora": 200, "root": 200} {
			if r := s.call(who, "GET", "/api/v1/questions/2", ""); r.status != want {
				t.Errorf("%q reads a members-only question: %d, want %d", who, r.status, want)
			}
		}
		if n := len(items(s.must("otto", "GET", "/api/v1/questions", "", 200))); n != 1 {
			t.Errorf("an outsider lists %d questions, want 1", n)
		}
		checkProblem(t, s.call("mel", "POST", "/api/v1/questions", `{"title": "A question for nobody in particular", "body": "x", "urgency": "how-to", "visibility": "members"}`), 422, "visibility")

		// Platform staff answer for the platform team and post to the status page.
		checkProblem(t, s.call("otto", "POST", "/api/v1/status/services", `{"name": "Registry"}`), 403)
		makeStaff(t, db, "otto")
		s.must("otto", "POST", "/api/v1/status/services", `{"name": "Registry"}`, 201)
		s.must("cora", "POST", "/api/v1/questions", `{"title": "Nightly plan fails on the shared runner", "body": "exit 137", "urgency": "sos", "community": "iac"}`, 201)
		a := s.must("otto", "POST", "/api/v1/questions/3/answers", `{"body": "The runner ran out of memory; fixed."}`, 201).body
		q := s.must("", "GET", "/api/v1/questions/3", "", 200).body
		if a["platform_team"] != true || q["first_answer_by"] != copse.ByPlatform || q["first_answered_at"] == nil {
			t.Errorf("a platform staff answer: %v; the question: %v", a, q)
		}
		s.must("otto", "POST", "/api/v1/questions/3/accept", fmt.Sprintf(`{"answer_id": %v}`, a["id"]), 200) // platform staff moderate
		m := s.must("", "GET", "/api/v1/help/metrics?community=iac", "", 200).body
		week := m["windows"].([]any)[0].(map[string]any)
		if week["by_platform"] != float64(1) || week["by_community"] != float64(1) || week["community_share"] != 0.5 {
			t.Errorf("metrics: %v", week)
		}
	})
}

// TestQuestionsArchivedAndStrict: an archived community's questions are read-only
// (409, nothing changed), and request bodies with unknown fields are refused.
func TestQuestionsArchivedAndStrict(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		checkProblem(t, s.call("mel", "POST", "/api/v1/questions", `{"title": "How do I pin a provider?", "body": "x", "urgency": "how-to", "urgnecy": "sos"}`), 400)
		s.must("mel", "POST", "/api/v1/questions", `{"title": "How do I pin a provider?", "body": "It upgrades.", "urgency": "how-to", "community": "iac"}`, 201)
		s.must("otto", "POST", "/api/v1/questions/1/answers", `{"body": "required_providers."}`, 201)
		checkProblem(t, s.call("otto", "POST", "/api/v1/questions/1/answers", `{"body": "x", "author": "fay"}`), 400)
		checkProblem(t, s.call("mel", "POST", "/api/v1/questions/1/accept", `{"answer_id": 1, "force": true}`), 400)
		s.must("fay", "PATCH", "/api/v1/communities/iac", `{"status": "archived"}`, 200)
		checkProblem(t, s.call("mel", "POST", "/api/v1/questions", `{"title": "Another provider question", "body": "x", "urgency": "how-to", "community": "iac"}`), 409)
		checkProblem(t, s.call("cora", "POST", "/api/v1/questions/1/answers", `{"body": "Too late."}`), 409)
		checkProblem(t, s.call("mel", "POST", "/api/v1/questions/1/accept", `{"answer_id": 1}`), 409)
		checkProblem(t, s.call("fay", "POST", "/api/v1/questions/1/answers/1/votes", `{"value": 1}`), 409)
		checkProblem(t, s.call("mel", "PATCH", "/api/v1/questions/1", `{"title": "How do I pin a provider version?"}`), 409)
		q := s.must("", "GET", "/api/v1/questions/1", "", 200).body
		if q["title"] != "How do I pin a provider?" || q["status"] != "open" || q["answer_count"] != float64(1) || q["accepted_answer_id"] != nil {
			t.Errorf("an archived community's question changed: %v", q)
		}
	})
}
