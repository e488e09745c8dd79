package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestHealthOfCraftedHistories writes four real histories through the store, with
// the clock at each moment, and reads their health as a facilitator would: a
// thriving community, a fizzling one, a too-broad one and one held up by a single
// person. Each verdict must come with the reason a person can act on.
func TestHealthOfCraftedHistories(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		d := h.days

		// Thriving: five people, a monthly meeting kept for half a year, topics and
		// votes all along, focused resources from several authors, hours declared.
		h.community(d(200), "thriving", true, "fay", "cora", "mel", "ned", "ola")
		h.role("thriving", "fay", "cora", copse.RoleCore)
		for i := range 6 {
			tp := h.topic(d(30*i+20), "thriving", []string{"mel", "ned", "ola", "cora"}[i%4], "Terraform topic "+string(rune('A'+i)), "fay", "cora")
			h.meeting(d(30*i+5), "thriving", []string{"fay", "cora"}[i%2], tp.ID)
		}
		for i, who := range []string{"mel", "ned", "ola", "cora", "fay"} {
			h.resource(d(10*i+3), "thriving", who, "Terraform guide "+who, "terraform", "iac")
		}
		for _, who := range []string{"fay", "cora", "mel", "ned"} {
			h.commit("thriving", who, 4)
		}

		// Fizzling: it met early on, then nothing for four months.
		h.community(d(240), "fizzling", true, "fay", "mel", "ned")
		h.meeting(d(200), "fizzling", "fay", h.topic(d(210), "fizzling", "mel", "Our first topic").ID)
		h.meeting(d(170), "fizzling", "fay")

		// Too broad: every resource on a subject of its own.
		h.community(d(120), "broad", true, "fay", "mel", "ned")
		for i, tag := range []string{"kubernetes", "accessibility", "finops", "golang", "security", "ux research", "data science", "agile coaching"} {
			h.resource(d(5*i+2), "broad", []string{"fay", "mel", "ned"}[i%3], "Notes on "+tag, tag)
		}
		h.meeting(d(40), "broad", "fay")
		h.meeting(d(10), "broad", "fay")

		// Held up by one person: Sol writes everything and runs every meeting.
		h.community(d(150), "solo", true, "sol", "mel", "ned")
		for i := range 4 {
			h.resource(d(20*i+4), "solo", "sol", "Runbook "+string(rune('A'+i)), "runbooks")
			h.meeting(d(30*i+8), "solo", "sol")
		}

		tests := []struct {
			slug, verdict string
			failing       []string // signals that must not be ok
			passing       []string // signals that must be ok
			why           map[string]string
		}{
			{"thriving", copse.VerdictThriving, nil,
				[]string{"members", "facilitator", "cadence_kept", "activity_trend", "breadth", "knowledge_concentration", "commitment"},
				map[string]string{"members": "5 people take part", "cadence_kept": "3 of the 3 meetings"}},
			{"fizzling", copse.VerdictAtRisk, []string{"cadence_kept", "activity_trend", "commitment"}, []string{"members", "facilitator"},
				map[string]string{"activity_trend": "Nothing has happened in 90 days"}},
			{"broad", "", []string{"breadth"}, []string{"members", "activity_trend"},
				map[string]string{"breadth": "boil the ocean"}},
			{"solo", "", []string{"knowledge_concentration"}, []string{"members", "facilitator"},
				map[string]string{"knowledge_concentration": "If Sol left, 4 resources would have nobody else to maintain them and nobody else has run a meeting"}},
		}
		for _, tt := range tests {
			hl := h.health(tt.slug)
			if tt.verdict != "" && hl.Verdict != tt.verdict {
				t.Errorf("%s: verdict %s (score %d), want %s: %s", tt.slug, hl.Verdict, hl.Score, tt.verdict, hl.Summary)
			}
			for _, name := range tt.failing {
				if s := signal(hl, name); s.OK || s.Advice == "" {
					t.Errorf("%s: %s is ok or has no advice: %+v", tt.slug, name, s)
				}
			}
			for _, name := range tt.passing {
				if s := signal(hl, name); !s.OK {
					t.Errorf("%s: %s is not ok: %s", tt.slug, name, s.Why)
				}
			}
			for name, want := range tt.why {
				if s := signal(hl, name); !strings.Contains(s.Why, want) {
					t.Errorf("%s: %s says %q, want it to say %q", tt.slug, name, s.Why, want)
				}
			}
			if hl.Suggestion == "" || hl.Summary == "" || len(hl.Activity) != 13 {
				t.Errorf("%s: no suggestion, summary or activity: %+v", tt.slug, hl)
			}
		}
		if broad := h.health("broad"); broad.Score >= h.health("thriving").Score {
			t.Errorf("the too-broad community scores %d, no lower than the thriving one", broad.Score)
		}

		// The site's ranking puts the most at risk first.
		page, err := db.SiteHealth(context.Background(), 2, "")
		if err != nil || len(page.Items) != 2 || page.Items[0].Community.Slug != "fizzling" || page.Next == "" {
			t.Fatalf("site health: %v %+v", err, page)
		}
		rest, err := db.SiteHealth(context.Background(), 10, page.Next)
		if err != nil || len(rest.Items) != 2 || rest.Next != "" || rest.Items[1].Community.Slug != "thriving" {
			t.Fatalf("site health, page 2: %v %+v", err, rest)
		}
	})
}

// TestDormantRule: CONTRACT.md's rule, run by the sweep. A community with no meeting
// and no activity for two cadence periods becomes dormant, with an event saying so;
// new activity wakes it, whether it goes through the lifecycle (a topic) or not (a
// resource, which only the sweep sees).
func TestDormantRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		h.community(h.days(200), "quiet", true, "fay", "mel", "ned")
		h.meeting(h.days(100), "quiet", "fay")
		h.community(h.days(200), "busy", true, "fay", "mel", "ned")
		h.meeting(h.days(20), "busy", "fay")
		ctx := context.Background()
		status := func(slug string) copse.Status {
			c, _, err := db.FindCommunity(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			return c.Status
		}

		r, err := db.SweepHealth(ctx)
		if err != nil || r.Dormant != 1 || status("quiet") != copse.StatusDormant || status("busy") != copse.StatusActive {
			t.Fatalf("sweep: %+v, %v; quiet is %s, busy %s", r, err, status("quiet"), status("busy"))
		}
		events, _ := db.PendingEvents(ctx, 200)
		found := false
		for _, e := range events {
			if e.Kind == copse.EventCommunityDormant {
				var p map[string]string
				json.Unmarshal(e.Payload, &p)
				found = strings.Contains(p["text"], "dormant") && p["path"] == "/communities/quiet/health"
			}
		}
		if !found {
			t.Error("no community.dormant event explains it")
		}
		if again, _ := db.SweepHealth(ctx); again.Dormant != 0 || again.Woken != 0 {
			t.Errorf("a second sweep changed something: %+v", again)
		}
		if hl := h.health("quiet"); !strings.HasPrefix(hl.Summary, "Dormant") {
			t.Errorf("the health of a dormant community says %q", hl.Summary)
		}

		// A resource wakes it at the next sweep.
		h.resource(0, "quiet", "mel", "Back at it", "terraform")
		if r, err := db.SweepHealth(ctx); err != nil || r.Woken != 1 || status("quiet") != copse.StatusActive {
			t.Fatalf("after a resource: %+v %v, status %s", r, err, status("quiet"))
		}
		// Quiet again for two periods, then a topic wakes it at once.
		clock.Advance(h.days(70))
		if r, _ := db.SweepHealth(ctx); r.Dormant != 2 {
			t.Fatalf("after 70 quiet days: %+v", r)
		}
		if _, err := db.CreateTopic(h.as("mel"), "quiet", copse.NewTopic{Title: "Wake up"}); err != nil || status("quiet") != copse.StatusActive {
			t.Fatalf("a topic did not wake it: %v, %s", err, status("quiet"))
		}
	})
}

// TestMonthlyReport: the first sweep of a month records one report per facilitator
// for the month before, mailed to that facilitator alone; a second sweep records none.
func TestMonthlyReport(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		h.community(h.days(60), "iac", true, "fay", "mel", "ned")
		h.at(h.days(20), func() {
			if _, err := db.SetRole(h.as("fay"), "iac", "mel", copse.RoleFacilitator); err != nil {
				t.Fatal(err)
			}
		})
		tp := h.topic(h.days(15), "iac", "ned", "Remote state", "mel")
		h.meeting(h.days(14), "iac", "fay", tp.ID) // 16 February: the month before Epoch's 2 March
		h.answer(h.days(13), h.ask(h.days(14), "iac", "ned", "How do we import existing resources?", "terraform"), "mel")
		ctx := context.Background()
		events, _ := db.PendingEvents(ctx, 200)
		for _, e := range events {
			db.MarkEventDelivered(ctx, e.ID)
		}

		r, err := db.SweepHealth(ctx)
		if err != nil || r.Reports != 2 {
			t.Fatalf("sweep: %+v %v", r, err)
		}
		if again, _ := db.SweepHealth(ctx); again.Reports != 0 {
			t.Errorf("a second sweep recorded %d reports", again.Reports)
		}
		events, _ = db.PendingEvents(ctx, 200)
		var bodies []string
		for _, e := range events {
			var p map[string]string
			json.Unmarshal(e.Payload, &p)
			if e.Kind == copse.EventFacilitatorReport {
				bodies = append(bodies, p["email"]+"\n"+p["title"]+"\n"+p["text"])
			}
		}
		if len(bodies) != 2 {
			t.Fatalf("%d report events", len(bodies))
		}
		for _, want := range []string{"fay@example.org", "Community iac in February 2026", "1 meeting held, 1 topic proposed and 1 answer given", "Ned (@ned)", "## One thing to do"} {
			if !strings.Contains(bodies[0], want) {
				t.Errorf("the report lacks %q:\n%s", want, bodies[0])
			}
		}
		// The outbox mails it to that facilitator, and nobody else.
		if _, err := db.FanOut(ctx, 100); err != nil {
			t.Fatal(err)
		}
		ds, err := db.ListDeliveries(h.as("root"), copse.DeliveryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, d := range ds.Items {
			if d.Kind == copse.EventFacilitatorReport {
				to = append(to, d.Target)
			}
		}
		if strings.Join(to, " ") != "fay@example.org mel@example.org" && strings.Join(to, " ") != "mel@example.org fay@example.org" {
			t.Errorf("the reports went to %v", to)
		}
	})
}
