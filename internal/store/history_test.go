package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// history writes a community's past through the store's own methods, at the times
// it happened: the clock is moved to each moment and back, so that created_at,
// joined_at and starts_at are what a real history would leave.
type history struct {
	t     *testing.T
	db    *store.DB
	clock *storetest.Clock
	now   time.Time // the test's present
	users map[string]context.Context
}

func newHistory(t *testing.T, db *store.DB, clock *storetest.Clock) *history {
	return &history{t: t, db: db, clock: clock, now: clock.Now(), users: map[string]context.Context{}}
}

// as returns the signed-in context of a person, creating them when needed.
func (h *history) as(handle string) context.Context {
	h.t.Helper()
	if ctx, ok := h.users[handle]; ok {
		return ctx
	}
	_, ctx := storetest.User(h.t, h.db, handle, handle == "root")
	h.users[handle] = ctx
	return ctx
}

// at runs fn with the clock at ago before the present, then brings it back.
func (h *history) at(ago time.Duration, fn func()) {
	h.t.Helper()
	h.clock.Advance(h.now.Add(-ago).Sub(h.clock.Now()))
	defer h.clock.Advance(h.now.Sub(h.clock.Now()))
	fn()
}

func (h *history) days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// community starts a community ago, with its facilitator and people in roles.
func (h *history) community(ago time.Duration, slug string, cadence bool, fac string, members ...string) {
	h.t.Helper()
	h.at(ago, func() {
		n := copse.NewCommunity{Name: "Community " + slug, Slug: slug, Subject: "A subject for " + slug, Tags: []string{slug}}
		if cadence {
			n.Cadence = &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=16;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60}
		}
		if _, err := h.db.CreateCommunity(h.as(fac), n); err != nil {
			h.t.Fatal(err)
		}
		for _, m := range members {
			if _, _, err := h.db.Join(h.as(m), slug, copse.RoleMember); err != nil {
				h.t.Fatal(err)
			}
		}
	})
}

// role gives a member another role, as the facilitator.
func (h *history) role(slug, fac, who string, r copse.Role) {
	h.t.Helper()
	if _, err := h.db.SetRole(h.as(fac), slug, who, r); err != nil {
		h.t.Fatal(err)
	}
}

// meeting holds a meeting ago, run by who, discussing the topics.
func (h *history) meeting(ago time.Duration, slug, who string, topics ...int64) *copse.Meeting {
	h.t.Helper()
	var m *copse.Meeting
	h.at(ago-2*time.Hour, func() {
		var err error
		agenda := topics
		m, _, err = h.db.CreateMeeting(h.as(who), slug, copse.NewMeeting{Title: "Meeting of " + slug, StartsAt: h.clock.Now().Add(-2 * time.Hour),
			DurationMinutes: 60, Timezone: "Europe/London", Agenda: &agenda})
		if err != nil {
			h.t.Fatal(err)
		}
		held := copse.MeetingHeld
		if m, err = h.db.UpdateMeeting(h.as(who), slug, m.ID, copse.MeetingUpdate{Status: &held}); err != nil {
			h.t.Fatal(err)
		}
	})
	return m
}

// topic is proposed ago by who, with votes from the voters.
func (h *history) topic(ago time.Duration, slug, who, title string, voters ...string) *copse.Topic {
	h.t.Helper()
	var tp *copse.Topic
	h.at(ago, func() {
		var err error
		if tp, err = h.db.CreateTopic(h.as(who), slug, copse.NewTopic{Title: title}); err != nil {
			h.t.Fatal(err)
		}
		for _, v := range voters {
			if _, err := h.db.Vote(h.as(v), slug, tp.ID); err != nil {
				h.t.Fatal(err)
			}
		}
	})
	return tp
}

// resource is written ago by who (its author), with tags.
func (h *history) resource(ago time.Duration, slug, who, title string, tags ...string) *copse.Resource {
	h.t.Helper()
	var r *copse.Resource
	h.at(ago, func() {
		var err error
		r, _, err = h.db.CreateResource(h.as(who), copse.NewResource{Title: title, Description: "About " + title, Body: "# " + title + "\n\nNotes on " + title + " " + slug + ".",
			Community: slug, Tags: tags})
		if err != nil {
			h.t.Fatal(err)
		}
	})
	return r
}

// commit declares who's hours a month in the community.
func (h *history) commit(slug, who string, hours int) {
	h.t.Helper()
	if err := h.db.SetCommitment(h.as(who), slug, &hours); err != nil {
		h.t.Fatal(err)
	}
}

// health is the community's health now, as the API reads it after the worker's
// sweep has brought the points ledger up to date.
func (h *history) health(slug string) copse.Health {
	h.t.Helper()
	if _, err := h.db.RefreshRecognition(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	hl, err := h.db.CommunityHealth(context.Background(), slug)
	if err != nil {
		h.t.Fatal(err)
	}
	return hl
}

func signal(h copse.Health, name string) copse.Signal {
	for _, s := range h.Signals {
		if s.Name == name {
			return s
		}
	}
	return copse.Signal{Name: name + " (missing)"}
}
