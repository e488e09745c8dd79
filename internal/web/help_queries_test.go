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

// TestHelpQueriesPerPage: the help and status pages and their API run as many
// statements on the demo site as on one with many more questions, answers, votes,
// tags, services, incidents and maintenance windows — no query per item.
func TestHelpQueriesPerPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
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
		staff := as("tom.lefebvre")
		u, _ := db.FindUser(ctx, "tom.lefebvre") // platform staff: every page, the site-wide metrics too
		session, err := db.CreateSession(ctx, u.ID, "test", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		pages := []string{"/questions", "/questions/unanswered", "/questions/mine", "/questions/1", "/questions/1/history",
			"/communities/devops-commons", "/communities/devops-commons/help", "/help/metrics", "/status", "/status/incidents/1",
			"/status/feed.atom", "/admin/status", "/ask?urgency=outage", "/api/v1/questions", "/api/v1/questions/1", "/api/v1/status",
			"/api/v1/help/metrics?community=devops-commons"}
		// Lists skip the queries that fill them when they are empty, so the small site
		// has one of each already: an open incident, and a question of the viewer's.
		if _, err := db.OpenIncident(staff, copse.NewIncident{Title: "Slow image pulls", Body: "Looking.",
			Impact: copse.StateDegraded, Services: []int64{2}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AskQuestion(staff, copse.NewQuestion{Title: "Who else uses the new registry?", Body: "Curious.",
			Urgency: copse.UrgencyHowTo, Tags: []string{"registry"}}); err != nil {
			t.Fatal(err)
		}
		small, _ := storetest.PageQueries(t, h, session, pages)

		// Grow: more answers and votes on question 1, more questions with tags, more
		// services, incidents with updates and maintenance.
		people := []string{"grace.ng", "darwinjs", "kchen", "opal", "mia.paulin", "dan.breyen"}
		for i, p := range people {
			a, err := db.AnswerQuestion(as(p), 1, fmt.Sprintf("Another way, number %d.", i))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.VoteAnswer(as(people[(i+1)%len(people)]), 1, a.ID, 1); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.UpdateQuestion(as("kchen"), 1, copse.QuestionUpdate{Body: ptr("Edited to say more.")}); err != nil {
			t.Fatal(err)
		}
		for i := range 12 {
			q, err := db.AskQuestion(as("priya.raman"), copse.NewQuestion{Title: fmt.Sprintf("Grown question number %d here", i),
				Body: "Words.", Urgency: copse.Urgencies[i%2], Community: "devops-commons", Tags: []string{"grown", fmt.Sprintf("t%d", i)}})
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 0 {
				if _, err := db.AnswerQuestion(as(people[i%len(people)]), q.ID, "An answer."); err != nil {
					t.Fatal(err)
				}
			}
		}
		var svcs []int64
		for i := range 6 {
			s, err := db.CreateService(staff, copse.NewService{Name: fmt.Sprintf("Grown service %d", i)})
			if err != nil {
				t.Fatal(err)
			}
			svcs = append(svcs, s.ID)
		}
		for i := range 4 {
			in, err := db.OpenIncident(staff, copse.NewIncident{Title: fmt.Sprintf("Grown incident %d", i), Body: "Looking.",
				Impact: copse.StateDegraded, Services: svcs[i : i+2]})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.UpdateIncident(staff, in.ID, copse.NewIncidentUpdate{Status: copse.IncidentIdentified, Body: "Found it."}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ScheduleMaintenance(staff, copse.NewMaintenance{Title: fmt.Sprintf("Grown maintenance %d", i),
				StartsAt: clock.Now().Add(48 * 3600e9), EndsAt: clock.Now().Add(50 * 3600e9), Services: svcs[i : i+1]}); err != nil {
				t.Fatal(err)
			}
		}
		large, _ := storetest.PageQueries(t, h, session, pages)
		storetest.SameQueries(t, pages, small, large)
	})
}

func ptr[T any](v T) *T { return &v }
