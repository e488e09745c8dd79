package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestPeopleQueriesPerPage: the people, expert, team, journey, recognition and
// health pages and their API run as many statements on the demo site as on one with
// many more people, communities, answers, resources and teams — no query per item.
func TestPeopleQueriesPerPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		h, err := server.New(db, server.Config{})
		if err != nil {
			t.Fatal(err)
		}
		as := func(handle string) context.Context {
			u, err := db.FindUser(ctx, handle)
			if err != nil {
				t.Fatal(err)
			}
			return copse.WithUser(ctx, u)
		}
		fac := as("david.heath")
		u, _ := db.FindUser(ctx, "david.heath")
		session, err := db.CreateSession(ctx, u.ID, "test", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateTeam(fac, copse.NewTeam{Name: "Payments", Roles: []copse.TeamRoleInput{{Handle: "david.heath", Role: "po"}}}); err != nil {
			t.Fatal(err)
		}
		pages := []string{"/people", "/people/david.heath", "/experts?subject=cloud", "/health", "/communities/uk-public-sector-cloud/health",
			"/teams", "/teams/payments", "/journeys", "/journeys/welcome", "/recognition", "/account/profile",
			"/api/v1/people/david.heath", "/api/v1/people/david.heath/points", "/api/v1/experts?subject=cloud", "/api/v1/health",
			"/api/v1/communities/uk-public-sector-cloud/health", "/api/v1/teams", "/api/v1/journeys"}
		if _, err := db.RefreshRecognition(ctx); err != nil {
			t.Fatal(err)
		}
		small, _ := storetest.PageQueries(t, h, session, pages)

		// Grow: people who join, answer, write and form teams; more communities.
		for i := range 12 {
			handle := fmt.Sprintf("grown%02d", i)
			_, me := storetest.User(t, db, handle, false)
			if _, _, err := db.Join(me, "uk-public-sector-cloud", copse.RoleMember); err != nil {
				t.Fatal(err)
			}
			if err := db.SetCommitment(me, "uk-public-sector-cloud", ptr(4)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.UpdatePerson(me, copse.PersonUpdate{Expertise: &[]string{"cloud", fmt.Sprintf("skill%d", i)}}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CreateCommunity(me, copse.NewCommunity{Name: fmt.Sprintf("Grown community %d", i), Subject: "More to rank", Tags: []string{"cloud"}}); err != nil {
				t.Fatal(err)
			}
			q, err := db.AskQuestion(me, copse.NewQuestion{Title: fmt.Sprintf("Grown cloud question number %d", i), Body: "Words.",
				Urgency: copse.UrgencyHowTo, Community: "uk-public-sector-cloud", Tags: []string{"cloud", fmt.Sprintf("t%d", i)}})
			if err != nil {
				t.Fatal(err)
			}
			a, err := db.AnswerQuestion(fac, q.ID, "An answer.")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.AcceptAnswer(me, q.ID, a.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := db.CreateResource(me, copse.NewResource{Title: fmt.Sprintf("Grown cloud guide %d", i), ResourceType: "Guide",
				Tags: []string{"cloud"}, Body: fmt.Sprintf("Guide %d on landing zones %d.", i, i*7919), Community: "uk-public-sector-cloud"}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CreateTeam(me, copse.NewTeam{Name: fmt.Sprintf("Grown team %d", i), Roles: []copse.TeamRoleInput{
				{Handle: handle, Role: "po"}, {Handle: "david.heath", Role: "ts"}, {Handle: handle, Role: "Developer"}}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.RefreshRecognition(ctx); err != nil {
			t.Fatal(err)
		}
		large, ran := storetest.PageQueries(t, h, session, pages)
		// Each statement must be able to use an index on a table that grows with the
		// site. Journeys and settings are a handful of rows per site; e and x are the
		// expert finder's derived tables.
		storetest.NoFullScans(t, db, ran, "journeys", "settings", "e", "x")
		storetest.SameQueries(t, pages, small, large)
	})
}
