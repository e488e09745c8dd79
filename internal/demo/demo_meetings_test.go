package demo_test

import (
	"context"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestDemoMeetings: the demo's boards and meeting histories look alive — a year of
// held meetings with notes, topics in every stage a board goes through, the next
// meeting prepared with its agenda — and none of it waits to be announced.
func TestDemoMeetings(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		for _, slug := range []string{"xgov-lean-coffee", "uk-public-sector-cloud"} {
			page, err := db.ListMeetings(ctx, slug, store.MeetingFilter{Past: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) < 10 {
				t.Errorf("%s: %d past meetings, want a year of them", slug, len(page.Items))
			}
			for _, m := range page.Items {
				if m.Status != copse.MeetingHeld || m.Notes == "" || len(m.Attendees) == 0 {
					t.Errorf("%s: meeting %d is %s with %d attendees and notes %q", slug, m.ID, m.Status, len(m.Attendees), m.Notes)
				}
			}
			cols, err := db.Board(ctx, slug, 20)
			if err != nil {
				t.Fatal(err)
			}
			for _, col := range cols {
				if col.Stage != copse.StageDeclined && col.Total == 0 {
					t.Errorf("%s: nothing in %s", slug, col.Stage)
				}
			}
			items, err := db.Schedule(ctx, slug, db.Now(), db.Now().AddDate(0, 2, 0), 1)
			if err != nil || len(items) != 1 || items[0].MeetingID == nil {
				t.Fatalf("%s: next meeting %+v, %v; want it prepared", slug, items, err)
			}
			next, _ := db.FindMeeting(ctx, slug, *items[0].MeetingID)
			if len(next.Agenda) == 0 || next.AgendaPublishedAt == nil || len(next.Attendees) == 0 {
				t.Errorf("%s: next meeting has %d topics, published %v, %d answers", slug, len(next.Agenda), next.AgendaPublishedAt, len(next.Attendees))
			}
		}
		if events, _ := db.PendingEvents(ctx, 10); len(events) != 0 {
			t.Errorf("the demo left %d events to announce", len(events))
		}
	})
}
