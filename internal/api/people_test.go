package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestPersonAPI: GET /api/v1/people/{handle} is CONTRACT.md's shape; a badgeless
// person's organisation is left out for others, and points follow the rules.
func TestPersonAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		s.must("mel", "PATCH", "/api/v1/me", `{"organisation": "DVSA", "show_organisation": false, "expertise": ["Terraform"]}`, 200)
		s.must("mel", "POST", "/api/v1/communities/iac/topics", `{"title": "Remote state in CI"}`, 201)
		s.must("cora", "POST", "/api/v1/communities/iac/topics/1/votes", ``, 200)
		s.must("fay", "POST", "/api/v1/communities/iac/topics/1/votes", ``, 200)
		if _, err := db.RefreshRecognition(context.Background()); err != nil {
			t.Fatal(err)
		}
		p := s.must("", "GET", "/api/v1/people/mel", ``, 200).body
		for _, k := range []string{"handle", "name", "expertise", "communities", "points", "rank"} {
			if _, ok := p[k]; !ok {
				t.Errorf("the profile lacks %q: %v", k, p)
			}
		}
		if _, ok := p["organisation"]; ok {
			t.Errorf("a badgeless profile shows the organisation: %v", p)
		}
		cs := p["communities"].([]any)
		if p["points"] != float64(2) || p["rank"] != "Newcomer" || len(cs) != 1 || cs[0].(map[string]any)["slug"] != "iac" || cs[0].(map[string]any)["role"] != "member" {
			t.Errorf("profile: %v", p)
		}
		if own := s.must("mel", "GET", "/api/v1/people/mel", ``, 200).body; own["organisation"] != "DVSA" {
			t.Errorf("mel does not see her own organisation: %v", own)
		}
		pts := items(s.must("", "GET", "/api/v1/people/mel/points", ``, 200))
		if len(pts) != 1 || pts[0]["rule"] != "topic.wanted" || pts[0]["points"] != float64(2) || pts[0]["url"] != "/communities/iac/topics/1" {
			t.Errorf("points, explained: %v", pts)
		}
		experts := items(s.must("", "GET", "/api/v1/experts?subject=terraform", ``, 200))
		if len(experts) != 0 {
			t.Errorf("a claim alone made an expert: %v", experts)
		}
		checkProblem(t, s.call("mel", "PATCH", "/api/v1/me", `{"employment": "pirate"}`), 422, "employment")
		checkProblem(t, s.call("root", "PUT", "/api/v1/recognition/thresholds",
			`{"contributor": 60, "rising_star": 50, "community_leader": 150, "influencer": 25, "steward": 75}`), 422, "rising_star")
	})
}

// TestHealthAPI: GET /api/v1/communities/{slug}/health is CONTRACT.md's shape,
// {score, signals: [{name, value, ok, why}]}, with every signal explained.
func TestHealthAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		h := s.must("", "GET", "/api/v1/communities/iac/health", ``, 200).body
		if _, ok := h["score"].(float64); !ok {
			t.Fatalf("no score: %v", h)
		}
		names := map[string]bool{}
		for _, x := range h["signals"].([]any) {
			sig := x.(map[string]any)
			if _, ok := sig["value"].(float64); !ok || sig["why"] == "" || sig["ok"] == nil {
				t.Errorf("signal not explained: %v", sig)
			}
			names[sig["name"].(string)] = true
		}
		for _, n := range []string{"members", "facilitator", "cadence_kept", "activity_trend", "time_to_first_answer", "stale_resources",
			"breadth", "knowledge_concentration", "commitment"} {
			if !names[n] {
				t.Errorf("no %s signal", n)
			}
		}
		if !strings.Contains(h["suggestion"].(string), "") || h["verdict"] == "" {
			t.Errorf("no verdict: %v", h)
		}
		if list := items(s.must("", "GET", "/api/v1/health", ``, 200)); len(list) != 1 {
			t.Errorf("site health: %v", list)
		}
	})
}

// TestTeamAPI: a team without a Product Owner is saved with a visible error, not
// silently; the rule's findings, its compliance and the list out of compliance say so.
func TestTeamAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		s.must("mel", "PATCH", "/api/v1/me", `{"employment": "contractor"}`, 200)
		team := s.must("fay", "POST", "/api/v1/teams", `{"name": "Payments", "roles": [{"handle": "mel", "role": "Technical Steward"}]}`, 201).body
		if team["compliance"] != "error" {
			t.Fatalf("a team without a Product Owner: %v", team)
		}
		var msgs []string
		for _, f := range team["findings"].([]any) {
			msgs = append(msgs, f.(map[string]any)["message"].(string))
		}
		if got := strings.Join(msgs, " | "); !strings.Contains(got, "no Product Owner") || !strings.Contains(got, "Mel (a contractor)") {
			t.Errorf("findings: %s", got)
		}
		out := items(s.must("", "GET", "/api/v1/teams?compliance=error", ``, 200))
		if len(out) != 1 || out[0]["slug"] != "payments" {
			t.Errorf("out of compliance: %v", out)
		}
		checkProblem(t, s.call("fay", "POST", "/api/v1/teams", `{"name": "X", "roles": [{"handle": "nobody-here", "role": "po"}]}`), 422, "name", "roles[0].handle")
		checkProblem(t, s.call("otto", "PATCH", "/api/v1/teams/payments", `{"name": "Mine"}`), 403)
		checkProblem(t, s.call("", "PATCH", "/api/v1/teams/payments", `{"name": "Mine"}`), 401)
		checkProblem(t, s.call("fay", "POST", "/api/v1/teams/payments/exceptions", `{"rule": "product-owner.missing", "reason": "Hiring one this month."}`), 403)
		ex := s.must("root", "POST", "/api/v1/teams/payments/exceptions", `{"rule": "product-owner.missing", "reason": "Hiring one this month."}`, 201).body
		if ex["exceptions"].([]any)[0].(map[string]any)["by"] != "root" {
			t.Errorf("the exception does not say who: %v", ex)
		}
	})
}
