package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestPeoplePagesByViewer: the pages of issue 8 answer each kind of viewer with the
// right status and what they need to see.
func TestPeoplePagesByViewer(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		if _, err := db.CreateTeam(s.ada.ctx(), copse.NewTeam{Name: "Payments", Roles: []copse.TeamRoleInput{{Handle: "bob", Role: "Technical Steward"}}}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			who    *client
			path   string
			status int
			want   []string
		}{
			{"health", s.anon, "/communities/iac/health", 200, []string{"How Infrastructure as Code is doing", "What to do next", "What needs attention", "Activity each week", "Members"}},
			{"health as facilitator", s.ada, "/communities/iac/health", 200, []string{"Recognise people"}},
			{"health of a suggested community", s.anon, "/communities/openshift/health", 409, nil},
			{"health of a hidden community", s.cyd, "/communities/secret/health", 404, nil},
			{"people hub", s.anon, "/people", 200, []string{"Find an expert", "Community health", "Delivery teams", "Welcome to the community", "Sign in to tick off"}},
			{"people hub, signed in", s.bob, "/people", 200, []string{"Your profile", "2 of 6 steps done"}},
			{"site health", s.anon, "/health", 200, []string{"Community health", "Infrastructure as Code"}},
			{"experts, empty", s.anon, "/experts", 200, []string{"Find an expert"}},
			{"experts for a subject", s.anon, "/experts?subject=terraform", 200, []string{"Nobody has done anything on terraform yet"}},
			{"experts, bad subject", s.anon, "/experts?subject=%21%21", 422, []string{"There is a problem"}},
			{"recognition", s.anon, "/recognition", 200, []string{"What earns points", "Rising Star", "Community Leader"}},
			{"recognition as admin", s.root, "/recognition", 200, []string{"Save thresholds"}},
			{"profile form", s.bob, "/account/profile", 200, []string{"Your profile", "Hours a month for Infrastructure as Code"}},
			{"profile form, anonymous", s.anon, "/account/profile", 303, nil},
			{"person", s.anon, "/people/bob", 200, []string{"What Bob has done for others", "Newcomer", "Payments"}},
			{"teams", s.anon, "/teams", 200, []string{"Payments", "None"}},
			{"teams out of compliance", s.anon, "/teams?compliance=error", 200, []string{"Teams out of compliance", "Payments"}},
			{"team", s.anon, "/teams/payments", 200, []string{"This team does not follow the rule", "The team has no Product Owner"}},
			{"team as admin", s.root, "/teams/payments", 200, []string{"Record an exception"}},
			{"team form", s.ada, "/teams/new", 200, []string{"Add a team", "Person 1"}},
			{"team edit, not theirs", s.cyd, "/teams/payments/edit", 403, nil},
			{"team edit", s.bob, "/teams/payments/edit", 200, []string{"Edit Payments"}},
			{"journeys", s.anon, "/journeys", 200, []string{"Welcome to the community", "Setting up a new team", "Facilitating a community"}},
			{"journey", s.bob, "/journeys/welcome", 200, []string{"Get an account", "Mark as done", "You have done 2 of 6 steps"}},
			{"journey, anonymous", s.anon, "/journeys/welcome", 200, []string{"Sign in to keep track"}},
			{"journey editor", s.root, "/journeys/welcome/edit", 200, []string{"Edit Welcome to the community", "A new step"}},
			{"journey editor, not an admin", s.bob, "/journeys/welcome/edit", 403, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.who.get(tt.path).expect(t, tt.status, tt.want...)
			})
		}
	})
}

// TestPeopleForms: each form saves, and bad input comes back with a message beside
// the field; a team without a Product Owner is saved with a visible error.
func TestPeopleForms(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		s.bob.post("/account/profile", form("name", "Bob", "organisation", "DVSA", "employment", "pirate", "expertise", "terraform")).
			expect(t, 422, "There is a problem", `href="#employment"`)
		s.bob.post("/account/profile", form("name", "Bob", "organisation", "DVSA", "show_organisation", "yes", "employment", "contractor", "expertise", "Terraform, ci/cd")).
			redirects(t, "/people/bob?notice=profile")
		s.anon.get("/people/bob").expect(t, 200, "DVSA").lacks(t, "ada@example.org")
		s.bob.post("/account/profile", form("name", "Bob", "employment", "contractor")).redirects(t, "/people/bob?notice=profile")
		s.anon.get("/people/bob").lacks(t, "DVSA") // no show_organisation box: badgeless

		s.bob.post("/account/commitments", form("hours-iac", "lots")).expect(t, 422, `href="#hours-iac"`)
		s.bob.post("/account/commitments", form("hours-iac", "500")).expect(t, 422, "from 0 to 160")
		s.bob.post("/account/commitments", form("hours-iac", "4")).redirects(t, "/account/profile?notice=commitment#commitment-title")
		s.bob.get("/account/profile").expect(t, 200, `value="4"`)

		s.root.post("/admin/recognition", form("contributor", "ten", "rising_star", "5", "community_leader", "x", "influencer", "30", "steward", "9")).
			expect(t, 422, "Contributor must be a whole number", "Community Leader must be a whole number", "Steward must be more than influencer")
		s.root.post("/admin/recognition", form("contributor", "-1", "rising_star", "5", "community_leader", "150", "influencer", "25", "steward", "75")).
			expect(t, 422, "Contributor must be a whole number of points from 1")
		s.root.post("/admin/recognition", form("contributor", "10", "rising_star", "5", "community_leader", "150", "influencer", "25", "steward", "75")).
			expect(t, 422, "ranks go up in order")
		s.bob.post("/admin/recognition", form("contributor", "10", "rising_star", "50", "community_leader", "150", "influencer", "25", "steward", "75")).expect(t, 403)

		r := s.ada.post("/teams", form("name", "Payments", "rows", "2", "handle_0", "bob", "role_0", "technical-steward", "handle_1", "ada", "role_1", "other", "other_1", "Designer"))
		r.redirects(t, "/teams/payments?notice=team-broken")
		s.ada.get(r.location()).expect(t, 200, "does not follow the rule yet", "The team has no Product Owner", "Designer")
		s.ada.post("/teams", form("name", "", "rows", "1", "handle_0", "nobody-here", "role_0", "")).
			expect(t, 422, `href="#name"`, `href="#handle_0"`, `href="#role_0"`)
		s.cyd.post("/teams/payments/edit", form("name", "Mine", "rows", "0")).expect(t, 403)
		s.root.post("/teams/payments/exceptions", form("rule", "product-owner.missing", "reason", "short")).expect(t, 422, `href="#reason"`)
		s.root.post("/teams/payments/exceptions", form("rule", "product-owner.missing", "reason", "Hiring one this month.")).
			redirects(t, "/teams/payments?notice=exception")
		s.anon.get("/teams/payments").expect(t, 200, "Exceptions on record", "Hiring one this month.")

		s.bob.post("/journeys/welcome/steps/2", form()).redirects(t, "/journeys/welcome?notice=step#step-2")
		s.bob.get("/journeys/welcome").expect(t, 200, "You have done 3 of 6 steps", "Mark as not done")
		s.anon.post("/journeys/welcome/steps/2", form()).expect(t, 401)
		s.root.post("/journeys/welcome/edit", form("title", "Welcome", "audience", "person", "rows", "1", "step_title_0", "", "step_link_0", "javascript:x")).
			expect(t, 422, `href="#step_title_0"`, `href="#step_link_0"`)
		s.root.post("/journeys", form("title", "First month", "audience", "facilitator", "rows", "2", "step_title_0", "Run a meeting", "step_position_0", "2",
			"step_title_1", "Read the charter", "step_position_1", "1", "step_link_1", "/communities/iac")).redirects(t, "/journeys/first-month?notice=journey")
		s.anon.get("/journeys/first-month").expect(t, 200, "Read the charter", "Open the community")

		if _, err := db.RefreshRecognition(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.bob.post("/communities/iac/promotions/bob", form("stage", "steward", "decision", "confirm")).expect(t, 403)
	})
}

// TestPeoplePagesAreCleanHTML runs the page lint of html_test.go over the pages of
// issue 8, with and without form errors.
func TestPeoplePagesAreCleanHTML(t *testing.T) {
	db, _ := storetest.SQLite(t)
	s := newSite(t, db)
	if _, err := db.CreateTeam(s.ada.ctx(), copse.NewTeam{Name: "Payments", Roles: []copse.TeamRoleInput{{Handle: "bob", Role: "po"}}}); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		who  *client
		path string
		form url.Values
	}{
		{s.anon, "/people", nil}, {s.bob, "/people", nil},
		{s.anon, "/communities/iac/health", nil}, {s.ada, "/communities/iac/health", nil}, {s.anon, "/health", nil},
		{s.anon, "/experts", nil}, {s.anon, "/experts?subject=terraform", nil}, {s.anon, "/experts?subject=%21", nil},
		{s.anon, "/recognition", nil}, {s.root, "/recognition", nil}, {s.root, "/admin/recognition", form("contributor", "-1")},
		{s.bob, "/account/profile", nil}, {s.bob, "/account/profile", form("employment", "pirate")}, {s.bob, "/account/commitments", form("hours-iac", "x")},
		{s.anon, "/people/bob", nil}, {s.bob, "/people/bob", nil},
		{s.anon, "/teams", nil}, {s.anon, "/teams?compliance=error", nil}, {s.root, "/teams/payments", nil},
		{s.root, "/teams/payments/exceptions", form("rule", "")}, {s.ada, "/teams/new", nil},
		{s.ada, "/teams", form("name", "", "rows", "1", "handle_0", "x", "role_0", "")},
		{s.anon, "/journeys", nil}, {s.bob, "/journeys", nil}, {s.bob, "/journeys/welcome", nil}, {s.root, "/journeys/welcome/edit", nil},
		{s.root, "/journeys/welcome/edit", form("title", "", "rows", "1", "step_title_0", "", "step_link_0", "x:y")},
	}
	for _, p := range pages {
		name := p.path
		if p.form != nil {
			name = "POST " + name
		}
		t.Run(name, func(t *testing.T) {
			var r *response
			if p.form == nil {
				r = p.who.get(p.path)
			} else {
				r = p.who.post(p.path, p.form)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || r.Status >= http.StatusInternalServerError {
				t.Fatalf("status %d, Content-Type %q: not a page", r.Status, r.Header.Get("Content-Type"))
			}
			for _, problem := range lintHTML(r.Body) {
				t.Error(problem)
			}
		})
	}
}
