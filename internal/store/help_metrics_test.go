package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestHelpMetrics pins the clock and asks and answers questions over a hundred
// days, then reads each window: what was asked, answered and accepted, how long a
// first answer took, and how much of it came from the community.
func TestHelpMetrics(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHelpDesk(t, db)
		day := 24 * time.Hour
		// answerAfter answers d after the question was asked, and comes back.
		answerAfter := func(q *copse.Question, d time.Duration, who context.Context) {
			clock.Advance(d)
			h.answer(t, who, q, "Here is how.")
			clock.Advance(-d)
		}
		old := h.ask(t, h.mel, copse.NewQuestion{Title: "A question from long ago", Community: "iac"}) // 100 days before now
		answerAfter(old, time.Hour, h.otto)
		clock.Advance(60 * day)
		staffFirst := h.ask(t, h.mel, copse.NewQuestion{Title: "Forty days ago: platform", Community: "iac"})
		answerAfter(staffFirst, 2*time.Hour, h.pat)
		clock.Advance(25 * day)
		accepted := h.ask(t, h.mel, copse.NewQuestion{Title: "Fifteen days ago: accepted", Community: "iac"})
		answerAfter(accepted, 30*time.Minute, h.cora)
		clock.Advance(12 * day)
		recent := h.ask(t, h.mel, copse.NewQuestion{Title: "Three days ago: quick answer", Community: "iac"})
		h.ask(t, h.cora, copse.NewQuestion{Title: "Three days ago: production down", Community: "iac", Urgency: copse.UrgencySOS})
		h.ask(t, h.otto, copse.NewQuestion{Title: "Three days ago: site-wide question"})
		answerAfter(recent, 10*time.Minute, h.otto)
		clock.Advance(3 * day)
		full, _, _ := db.FindQuestion(h.mel, accepted.ID)
		if _, err := db.AcceptAnswer(h.mel, accepted.ID, full.Answers[0].ID); err != nil {
			t.Fatal(err)
		}
		if n, err := db.EscalateSOS(h.anon); n != 1 || err != nil {
			t.Fatalf("escalated %d, %v", n, err)
		}

		m, err := db.HelpMetrics(h.anon, "iac")
		if err != nil {
			t.Fatal(err)
		}
		dur := func(d time.Duration) *time.Duration { return &d }
		tests := []struct {
			days                                           int
			asked, answered, accepted, unanswered, sos, up int
			byCommunity, byPlatform                        int
			share                                          float64
			median, p90                                    *time.Duration
		}{
			{7, 2, 1, 0, 1, 1, 1, 1, 0, 1, dur(10 * time.Minute), dur(10 * time.Minute)},
			{30, 3, 2, 1, 1, 1, 1, 2, 0, 1, dur(10 * time.Minute), dur(30 * time.Minute)},
			{90, 4, 3, 1, 1, 1, 1, 2, 1, 2.0 / 3, dur(30 * time.Minute), dur(2 * time.Hour)},
		}
		for i, tt := range tests {
			w := m.Windows[i]
			if w.Days != tt.days || w.Asked != tt.asked || w.Answered != tt.answered || w.Accepted != tt.accepted ||
				w.Unanswered != tt.unanswered || w.SOS != tt.sos || w.Escalated != tt.up || w.ByCommunity != tt.byCommunity || w.ByPlatform != tt.byPlatform {
				t.Errorf("%d days: %+v", tt.days, w)
			}
			if w.CommunityShare == nil || *w.CommunityShare != tt.share || *w.Median != *tt.median || *w.P90 != *tt.p90 {
				t.Errorf("%d days: share %v, median %v, p90 %v; want %v, %v, %v", tt.days, deref(w.CommunityShare), *w.Median, *w.P90, tt.share, *tt.median, *tt.p90)
			}
		}
		if w := m.Weeks[0]; w.Answered != 1 || *w.Median != 10*time.Minute || !w.Start.Equal(clock.Now().Add(-7*day)) {
			t.Errorf("this week: %+v", w)
		}
		if w := m.Weeks[2]; w.Answered != 1 || w.ByCommunity != 1 {
			t.Errorf("two weeks ago: %+v", w)
		}

		site, err := db.HelpMetrics(h.pat, "")
		if err != nil || site.Windows[0].Asked != 3 {
			t.Errorf("site-wide this week: %+v, %v", site.Windows[0], err)
		}
		// The last 30 days, community by community: iac's three, then the one site-wide.
		if cs := site.Communities; len(cs) != 2 || cs[0].Community == nil || cs[0].Community.Slug != "iac" || cs[0].Asked != 3 ||
			cs[0].Answered != 2 || cs[0].ByCommunity != 2 || *cs[0].Median != 10*time.Minute || cs[1].Community != nil || cs[1].Asked != 1 || cs[1].Answered != 0 {
			t.Errorf("community by community: %+v", cs)
		}
		if len(m.Communities) != 0 {
			t.Errorf("a community's own metrics split by community: %+v", m.Communities)
		}
		_, err = db.HelpMetrics(h.mel, "")
		wantCode(t, "a member reads the site's metrics", err, copse.EFORBIDDEN)
		_, err = db.HelpMetrics(h.anon, "")
		wantCode(t, "anonymous reads the site's metrics", err, copse.EUNAUTHORIZED)
	})
}

func deref(f *float64) float64 {
	if f == nil {
		return -1
	}
	return *f
}

// TestEscalateSOS: an sos nobody answers escalates once, when its time is up; one
// answered in time never does; and the limit is the routing's.
func TestEscalateSOS(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHelpDesk(t, db)
		s := copse.DefaultHelpSettings()
		s.EscalateAfterMinutes = 45
		if _, err := db.UpdateHelpSettings(h.root, s); err != nil {
			t.Fatal(err)
		}
		waiting := h.ask(t, h.mel, copse.NewQuestion{Title: "Production pods crash-looping", Urgency: copse.UrgencySOS, Community: "iac"})
		helped := h.ask(t, h.cora, copse.NewQuestion{Title: "Production database full", Urgency: copse.UrgencySOS})
		h.ask(t, h.otto, copse.NewQuestion{Title: "How do I rename a route?", Urgency: copse.UrgencyHowTo})
		clock.Advance(20 * time.Minute)
		h.answer(t, h.otto, helped, "Grow the volume; it is self-serve.")
		kindsOf(t, db)
		steps := []struct {
			after time.Duration
			want  int
		}{{24 * time.Minute, 0}, {time.Minute, 1}, {time.Hour, 0}}
		for _, st := range steps {
			clock.Advance(st.after)
			n, err := db.EscalateSOS(h.anon)
			if err != nil || n != st.want {
				t.Errorf("at %v: escalated %d, %v; want %d", clock.Now().Sub(storetest.Epoch), n, err, st.want)
			}
		}
		if got := kindsOf(t, db); !slices.Equal(got, []string{"sos.escalated"}) {
			t.Errorf("events %v", got)
		}
		q, _, _ := db.FindQuestion(h.anon, waiting.ID)
		if q.EscalatedAt == nil || !q.EscalatedAt.Equal(storetest.Epoch.Add(45*time.Minute)) {
			t.Errorf("escalated at %v", q.EscalatedAt)
		}
	})
}
