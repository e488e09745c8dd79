package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestTeamRule: seed 001's rule is checked and shown. A team without a Product
// Owner is saved with a visible error, not silently; a required role held by a
// contractor is an error; missing recommended roles are warnings; an exception is
// recorded with its reason and who allowed it.
func TestTeamRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		employ := func(who string, e copse.Employment) {
			if _, err := db.UpdatePerson(h.as(who), copse.PersonUpdate{Employment: &e}); err != nil {
				t.Fatal(err)
			}
		}
		employ("pat", copse.EmploymentEmployee)
		employ("tess", copse.EmploymentContractor)
		employ("sam", copse.EmploymentEmployee)
		h.as("dev")

		team, err := db.CreateTeam(h.as("pat"), copse.NewTeam{Name: "Payments", Roles: []copse.TeamRoleInput{
			{Handle: "tess", Role: "Technical Steward"}, {Handle: "dev", Role: "Developer"}}})
		if err != nil {
			t.Fatal(err)
		}
		rules := func(tm *copse.Team) string {
			var out []string
			for _, f := range tm.Findings {
				r := f.Level + ":" + f.Rule
				if f.Excepted {
					r += "(excepted)"
				}
				out = append(out, r)
			}
			return strings.Join(out, " ")
		}
		want := "error:product-owner.missing error:technical-steward.employee warning:scrum-master.missing warning:devops-specialist.missing"
		if team.Compliance != copse.ComplianceError || rules(team) != want {
			t.Fatalf("a team without a Product Owner: %s, %q", team.Compliance, rules(team))
		}
		if !strings.Contains(team.Findings[1].Message, "Tess (a contractor)") {
			t.Errorf("the finding does not say who: %q", team.Findings[1].Message)
		}

		// Who may change it, and who may record exceptions.
		roles := []copse.TeamRoleInput{{Handle: "pat", Role: "product-owner"}, {Handle: "tess", Role: "technical-steward"}, {Handle: "sam", Role: "Scrum Master"}}
		for _, tt := range []struct {
			ctx  context.Context
			code string
		}{{context.Background(), copse.EUNAUTHORIZED}, {h.as("dev"), copse.EFORBIDDEN}} {
			if _, err := db.UpdateTeam(tt.ctx, "payments", copse.TeamUpdate{Roles: &roles}); copse.ErrorCode(err) != tt.code {
				t.Errorf("update: %v, want %s", err, tt.code)
			}
			if _, err := db.AddTeamException(tt.ctx, "payments", copse.NewTeamException{Rule: "technical-steward.employee", Reason: "Tess is converting to staff in May."}); copse.ErrorCode(err) != tt.code {
				t.Errorf("exception: %v, want %s", err, tt.code)
			}
		}
		if _, err := db.AddTeamException(h.as("pat"), "payments", copse.NewTeamException{Rule: "technical-steward.employee", Reason: "Tess is converting to staff in May."}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("the team's own lead recorded an exception: %v", err)
		}
		if team, err = db.UpdateTeam(h.as("pat"), "payments", copse.TeamUpdate{Roles: &roles}); err != nil {
			t.Fatal(err)
		}
		if rules(team) != "error:technical-steward.employee warning:devops-specialist.missing" {
			t.Errorf("after naming a Product Owner and a Scrum Master: %q", rules(team))
		}
		if _, err := db.AddTeamException(h.as("root"), "payments", copse.NewTeamException{Rule: "nonsense", Reason: "short"}); len(copse.ErrorFields(err)) != 2 {
			t.Errorf("a bad exception: %v", err)
		}
		if team, err = db.AddTeamException(h.as("root"), "payments", copse.NewTeamException{Rule: "technical-steward.employee", Reason: "Tess is converting to staff in May."}); err != nil {
			t.Fatal(err)
		}
		if team.Compliance != copse.ComplianceWarning || team.Exceptions[0].By != "root" || !strings.Contains(rules(team), "(excepted)") {
			t.Errorf("with an exception: %s %q %+v", team.Compliance, rules(team), team.Exceptions)
		}

		// The list of teams out of compliance follows the people's employment.
		list := func(c string) []string {
			page, err := db.ListTeams(context.Background(), copse.TeamFilter{Compliance: c})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, tm := range page.Items {
				out = append(out, tm.Slug)
			}
			return out
		}
		if _, err := db.CreateTeam(h.as("sam"), copse.NewTeam{Name: "Search Platform", Roles: []copse.TeamRoleInput{{Handle: "sam", Role: "po"}, {Handle: "pat", Role: "ts"},
			{Handle: "dev", Role: "sm"}, {Handle: "dev", Role: "devops"}}}); err != nil {
			t.Fatal(err)
		}
		if got := list(copse.ComplianceError); len(got) != 0 {
			t.Errorf("out of compliance: %v", got)
		}
		if got := list("attention"); strings.Join(got, " ") != "payments" {
			t.Errorf("needing attention: %v", got)
		}
		employ("pat", copse.EmploymentVendor) // Payments' Product Owner and Search's Technical Steward is no longer an employee
		if got := list(copse.ComplianceError); strings.Join(got, " ") != "payments search-platform" {
			t.Errorf("after pat became a vendor, out of compliance: %v", got)
		}

		// Bad input names the field; a taken slug is a conflict; a failed save changes nothing.
		_, err = db.CreateTeam(h.as("sam"), copse.NewTeam{Name: "X", Roles: []copse.TeamRoleInput{{Handle: "nobody-here", Role: "po"}, {Handle: "sam", Role: ""}}})
		if f := copse.ErrorFields(err); f["name"] == "" || f["roles[1].role"] == "" {
			t.Errorf("bad team: %v", err)
		}
		_, err = db.CreateTeam(h.as("sam"), copse.NewTeam{Name: "Ghost team", Roles: []copse.TeamRoleInput{{Handle: "nobody-here", Role: "po"}}})
		if copse.ErrorFields(err)["roles[0].handle"] == "" {
			t.Errorf("an unknown person: %v", err)
		}
		if _, err := db.FindTeam(context.Background(), "ghost-team"); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Errorf("the refused team was saved: %v", err)
		}
		if _, err := db.CreateTeam(h.as("sam"), copse.NewTeam{Name: "Payments"}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("a taken slug: %v", err)
		}
		if err := db.DeleteTeam(h.as("dev"), "payments"); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a developer deleted the team: %v", err)
		}
		if err := db.DeleteTeam(h.as("sam"), "payments"); err != nil { // its Scrum Master may
			t.Error(err)
		}
	})
}
