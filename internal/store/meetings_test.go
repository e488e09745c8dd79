package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// The store's clock is pinned to 2 March 2026, 09:30 UTC; iac meets on the fourth
// Thursday at 11:00 London time, so its next meeting is 26 March, 11:00 UTC (GMT),
// and the one after on 23 April, 10:00 UTC (BST).
var (
	march26 = time.Date(2026, 3, 26, 11, 0, 0, 0, time.UTC)
	april23 = time.Date(2026, 4, 23, 10, 0, 0, 0, time.UTC)
)

func kinds(t *testing.T, db *store.DB) []string {
	t.Helper()
	events, err := db.PendingEvents(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Kind)
	}
	return out
}

func TestMeetingLifecycle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		b := newBoard(t, db)
		planned := copse.StagePlanned
		var topics []*copse.Topic
		for i, title := range []string{"Least voted", "Most voted", "Still proposed"} {
			tp := b.topic(t, b.mel, title)
			if i < 2 {
				if _, err := db.UpdateTopic(b.cora, "iac", tp.ID, copse.TopicUpdate{Stage: &planned}); err != nil {
					t.Fatal(err)
				}
			}
			topics = append(topics, tp)
		}
		if _, err := db.Vote(b.fay, "iac", topics[1].ID); err != nil {
			t.Fatal(err)
		}

		// The schedule shows the cadence's occurrences before anyone prepares them.
		items, err := db.Schedule(b.anon, "iac", storetest.Epoch, storetest.Epoch.AddDate(0, 2, 0), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 2 || !items[0].StartsAt.Equal(march26) || !items[1].StartsAt.Equal(april23) || items[0].MeetingID != nil {
			t.Fatalf("schedule: %+v", items)
		}
		// A member preparing an occurrence (to answer) gets the proposed agenda: the
		// planned topics, most votes first.
		m, created, err := db.CreateMeeting(b.mel, "iac", copse.NewMeeting{Occurrence: &march26})
		if err != nil || !created {
			t.Fatalf("prepare: %v, %v", err, created)
		}
		if got := agendaTitles(m.Agenda); !slices.Equal(got, []string{"Most voted", "Least voted"}) {
			t.Fatalf("proposed agenda %v", got)
		}
		again, created, err := db.CreateMeeting(b.fay, "iac", copse.NewMeeting{Occurrence: &march26})
		if err != nil || created || again.ID != m.ID {
			t.Fatalf("preparing twice: %v, created %v, id %d vs %d", err, created, again.ID, m.ID)
		}
		wrong := march26.Add(24 * time.Hour)
		if _, _, err := db.CreateMeeting(b.fay, "iac", copse.NewMeeting{Occurrence: &wrong}); copse.ErrorFields(err)["occurrence"] == "" {
			t.Fatalf("a day the cadence does not give: %v", err)
		}
		if _, err := db.RSVP(b.mel, "iac", m.ID, copse.RSVPYes); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RSVP(b.otto, "iac", m.ID, copse.RSVPYes); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("an outsider's answer: %v", err)
		}

		// A facilitator trims the agenda and publishes it; a member may not.
		agenda := []int64{topics[1].ID}
		yes := true
		if _, err := db.UpdateMeeting(b.mel, "iac", m.ID, copse.MeetingUpdate{Agenda: &agenda}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("a member edits the agenda: %v", err)
		}
		if m, err = db.UpdateMeeting(b.fay, "iac", m.ID, copse.MeetingUpdate{Agenda: &agenda, AgendaPublished: &yes}); err != nil {
			t.Fatal(err)
		}
		if m.AgendaPublishedAt == nil || len(m.Agenda) != 1 {
			t.Fatalf("published agenda: %+v", m)
		}

		// It cannot be held before it starts, nor have notes; nothing changes then.
		held := copse.MeetingHeld
		notes := "We agreed to use **remote state** everywhere."
		if _, err := db.UpdateMeeting(b.fay, "iac", m.ID, copse.MeetingUpdate{Status: &held, Notes: &notes}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("holding a meeting before it starts: %v", err)
		}
		clock.Advance(march26.Sub(storetest.Epoch) + 30*time.Minute)
		attended := []string{"mel", "cora"}
		materials := []copse.Link{{Title: "Deck", URL: "https://slides.example.org/state"}}
		m, err = db.UpdateMeeting(b.fay, "iac", m.ID, copse.MeetingUpdate{Status: &held, Notes: &notes, Attended: &attended, Materials: &materials})
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != held || m.NotesPublishedAt == nil || len(m.Materials) != 1 {
			t.Fatalf("held meeting: %+v", m)
		}
		for _, a := range m.Attendees {
			if a.Handle == "mel" && (!a.Attended || a.RSVP != copse.RSVPYes) || a.Handle == "cora" && !a.Attended {
				t.Errorf("attendee %+v", a)
			}
		}
		// The topic on its agenda moved to discussed, linked to the meeting; the
		// topic trimmed from it stays planned.
		for i, want := range []copse.Stage{copse.StagePlanned, copse.StageDiscussed, copse.StageProposed} {
			tp, _ := db.FindTopic(b.anon, "iac", topics[i].ID)
			if tp.Stage != want || want == copse.StageDiscussed && (tp.MeetingID == nil || *tp.MeetingID != m.ID) {
				t.Errorf("%q: %s, meeting %v; want %s", tp.Title, tp.Stage, tp.MeetingID, want)
			}
		}
		moved := m.StartsAt.Add(time.Hour)
		if _, err := db.UpdateMeeting(b.fay, "iac", m.ID, copse.MeetingUpdate{StartsAt: &moved}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("moving a held meeting: %v", err)
		}
		if got := kinds(t, db); !slices.Equal(got, []string{store.EventAgendaPublished, store.EventNotesPublished}) {
			t.Fatalf("events %v", got)
		}
		// "What did we decide about remote state?"
		page, err := db.ListMeetings(b.anon, "iac", store.MeetingFilter{Q: "REMOTE state", Past: true})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != m.ID {
			t.Fatalf("search the history: %v, %+v", err, page.Items)
		}
		page, _ = db.ListMeetings(b.anon, "iac", store.MeetingFilter{Q: "most voted"})
		if len(page.Items) != 1 {
			t.Fatalf("search by agenda topic: %d meetings", len(page.Items))
		}
	})
}

func TestMoveAndCancelOccurrences(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		b := newBoard(t, db)
		m, _, err := db.CreateMeeting(b.cora, "iac", copse.NewMeeting{Occurrence: &april23})
		if err != nil {
			t.Fatal(err)
		}
		later := april23.Add(7 * 24 * time.Hour)
		if m, err = db.UpdateMeeting(b.cora, "iac", m.ID, copse.MeetingUpdate{StartsAt: &later}); err != nil {
			t.Fatal(err)
		}
		if !m.EndsAt.Equal(later.Add(time.Hour)) || m.Sequence != 1 || !m.Occurrence.Equal(april23) {
			t.Fatalf("moved: ends %s, sequence %d, occurrence %v", m.EndsAt, m.Sequence, m.Occurrence)
		}
		before := later.Add(-time.Minute)
		if _, err := db.UpdateMeeting(b.cora, "iac", m.ID, copse.MeetingUpdate{EndsAt: &before}); copse.ErrorFields(err)["ends_at"] == "" {
			t.Fatalf("end before start: %v", err)
		}
		items, _ := db.Schedule(b.anon, "iac", storetest.Epoch, storetest.Epoch.AddDate(0, 3, 0), 10)
		var starts []time.Time
		for _, it := range items {
			starts = append(starts, it.StartsAt.UTC())
		}
		// The moved occurrence is at its new time, and not at its old one as well.
		want := []time.Time{march26, later, time.Date(2026, 5, 28, 10, 0, 0, 0, time.UTC)}
		if !slices.EqualFunc(starts, want, time.Time.Equal) {
			t.Fatalf("schedule after a move: %v, want %v", starts, want)
		}
		cancelled := copse.MeetingCancelled
		if _, err := db.UpdateMeeting(b.fay, "iac", m.ID, copse.MeetingUpdate{Status: &cancelled}); err != nil {
			t.Fatal(err)
		}
		cal, err := db.CommunityCalendar(b.anon, "iac")
		if err != nil || cal.Series == nil || cal.Series.Sequence != 1 {
			t.Fatalf("series after a cancelled occurrence: %v, %+v", err, cal.Series)
		}
		title := "Back on"
		if _, err := db.UpdateMeeting(b.fay, "iac", m.ID, copse.MeetingUpdate{Title: &title}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("editing a cancelled meeting: %v", err)
		}
		// Changing the cadence is a change of the series: its SEQUENCE grows.
		rule := "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=16;BYMINUTE=0"
		cad := &copse.Cadence{RRule: rule, Timezone: "Europe/London"}
		if _, err := db.UpdateCommunity(b.fay, "iac", copse.CommunityUpdate{Cadence: &cad}); err != nil {
			t.Fatal(err)
		}
		if cal, _ = db.CommunityCalendar(b.anon, "iac"); cal.Series.Sequence != 2 {
			t.Fatalf("series sequence after a cadence change: %d, want 2", cal.Series.Sequence)
		}
		var payload map[string]any
		events, _ := db.PendingEvents(context.Background(), 10)
		json.Unmarshal(events[0].Payload, &payload)
		if events[0].Kind != store.EventMeetingRescheduled || payload["community"] != "iac" || payload["title"] == "" {
			t.Fatalf("first event %s %s", events[0].Kind, events[0].Payload)
		}
		if err := db.MarkEventDelivered(context.Background(), events[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := kinds(t, db); !slices.Equal(got, []string{store.EventMeetingCancelled}) {
			t.Fatalf("pending after one was delivered: %v", got)
		}
	})
}

func TestOneOffMeetings(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		b := newBoard(t, db)
		start := time.Date(2026, 8, 13, 9, 30, 0, 0, time.UTC)
		agenda := []int64{}
		for _, tt := range []struct {
			name  string
			n     copse.NewMeeting
			field string
		}{
			{"no start", copse.NewMeeting{Title: "AGM"}, "starts_at"},
			{"end before start", copse.NewMeeting{StartsAt: start, EndsAt: start.Add(-time.Hour)}, "ends_at"},
			{"unknown zone", copse.NewMeeting{StartsAt: start, Timezone: "Mars/Base"}, "timezone"},
			{"bad link", copse.NewMeeting{StartsAt: start, Location: "https://"}, "location"},
			{"topic of another board", copse.NewMeeting{StartsAt: start, Agenda: &[]int64{999}}, "agenda"},
		} {
			_, _, err := db.CreateMeeting(b.fay, "iac", tt.n)
			if copse.ErrorFields(err)[tt.field] == "" {
				t.Errorf("%s: %v, want a message for %s", tt.name, err, tt.field)
			}
		}
		if got := kinds(t, db); len(got) != 0 {
			t.Fatalf("refused meetings recorded events: %v", got)
		}
		m, _, err := db.CreateMeeting(b.fay, "iac", copse.NewMeeting{Title: "Annual general meeting", StartsAt: start, Agenda: &agenda,
			Location: "https://meet.example.org/agm"})
		if err != nil {
			t.Fatal(err)
		}
		if m.Timezone != "Europe/London" || !m.EndsAt.Equal(start.Add(time.Hour)) || m.Occurrence != nil {
			t.Fatalf("one-off: %+v", m)
		}
		if got := kinds(t, db); !slices.Equal(got, []string{store.EventMeetingScheduled}) {
			t.Fatalf("events %v", got)
		}
		if _, _, err := db.CreateMeeting(b.mel, "iac", copse.NewMeeting{StartsAt: start}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("a member schedules: %v", err)
		}
	})
}

func agendaTitles(ts []copse.Topic) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Title)
	}
	return out
}
