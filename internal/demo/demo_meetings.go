package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/cadence"
	"github.com/copse-dev/copse/internal/store"
)

// boardTopic is a topic of a demo board: who proposed it, who voted, and, for the ones
// already discussed, what was decided and who does what next.
type boardTopic struct {
	by, title, body, category string
	votes                     []string
	decided                   string // "" for a topic still waiting
	owner                     string // an action's owner
	done                      bool
}

type demoBoard struct {
	slug      string
	location  string
	attendees []string
	deck      string // where the decks live
	topics    []boardTopic
}

// boards give two demo communities a year of meetings: the UK cross-government Lean
// Coffee (seed: the fourth Thursday, 11:00 London time) and the UK public sector cloud
// community (seed 004, whose three kinds of topic are the default categories).
var boards = []demoBoard{
	{
		slug: "xgov-lean-coffee", location: "https://teams.example.org/xgov-lean-coffee",
		attendees: []string{"andy.poole", "david.heath", "shaun.hare", "nayyab.naqvi"},
		deck:      "https://hackmd.io/@xgov/lean-coffee",
		topics: []boardTopic{
			{by: "shaun.hare", title: "Trunk-based development in regulated services", category: "Technical development",
				decided: "Short-lived branches are fine with a protected main and required checks; DVSA will share its pipeline template.", owner: "shaun.hare", done: true},
			{by: "nayyab.naqvi", title: "Measuring the carbon cost of our CI pipelines", category: "Cross-organisation analysis",
				decided: "Start with runner minutes as a proxy; the Green Software SIG will propose a common measure.", owner: "nayyab.naqvi"},
			{by: "david.heath", title: "Coding in the open: what stops teams publishing repositories", category: "Cross-organisation analysis",
				decided: "Most blockers are about secrets and history, not policy. Point teams at the GDS guidance and a secret-scanning check."},
			{by: "andy.poole", title: "AI coding assistants: what are departments allowing?", category: "Cross-organisation analysis",
				decided: "Policies differ widely. Collect each department's position in one shared table before the next session.", owner: "andy.poole"},
			{by: "shaun.hare", title: "Renovate versus Dependabot at scale", category: "Technical development",
				decided: "Renovate's grouping wins for monorepos; Dependabot is enough for small services. No single answer.", done: true},
			{by: "nayyab.naqvi", title: "Inclusive recruitment: pairing exercises instead of take-home tests", category: "An organisation's journey",
				decided: "DSIT's pairing interviews widened the pool; the Inclusive Recruitment SIG will write it up."},
			{by: "david.heath", title: "Accessibility checks in the pipeline, not at the end", category: "Technical development",
				decided: "axe in CI catches the obvious; manual testing with assistive technology is still needed before release.", done: true},
			{by: "andy.poole", title: "Running a cross-government hackathon", category: "An organisation's journey",
				decided: "UKHO will host one in the spring; volunteers to contact Andy.", owner: "andy.poole"},
			{by: "shaun.hare", title: "Contract testing between departments' APIs", votes: []string{"andy.poole", "david.heath", "nayyab.naqvi"}},
			{by: "nayyab.naqvi", title: "Observability on a budget: OpenTelemetry in small teams", votes: []string{"shaun.hare", "andy.poole"}},
			{by: "david.heath", title: "How do we onboard engineers who move between departments?", votes: []string{"nayyab.naqvi"}},
			{by: "andy.poole", title: "Feature flags without a vendor", body: "Has anyone built flags on a config service? What went wrong?"},
		},
	},
	{
		slug: "uk-public-sector-cloud", location: "https://teams.example.org/uk-public-sector-cloud",
		attendees: []string{"david.heath", "nayyab.naqvi", "andy.poole", "shaun.hare"},
		deck:      "https://github.com/uk-x-gov-software-community/uk-x-gov-cloud-community",
		topics: []boardTopic{
			{by: "david.heath", title: "A common landing zone pattern for departments", category: "Cross-organisation analysis",
				decided: "Three departments share most of their guardrails; draft a shared reference architecture.", owner: "david.heath"},
			{by: "andy.poole", title: "UKHO's journey to a multi-cloud estate", category: "An organisation's journey",
				decided: "Keep workloads portable where it is cheap to; do not chase portability for managed data services.", done: true},
			{by: "nayyab.naqvi", title: "FinOps tagging standards across the public sector", category: "Cross-organisation analysis",
				decided: "Adopt a minimal common set of cost tags (service, environment, owner) and map local tags to it.", owner: "nayyab.naqvi"},
			{by: "shaun.hare", title: "Confidential computing for sensitive data", category: "Technical development",
				decided: "Promising for data sharing between departments; DVSA to report on a proof of concept."},
			{by: "david.heath", title: "Exit plans: what a credible cloud exit strategy contains", category: "Cross-organisation analysis",
				decided: "An exit plan is a tested runbook and a data export, not a document; share two real examples."},
			{by: "andy.poole", title: "Serverless in production: three years on", category: "An organisation's journey",
				decided: "Cold starts were never the problem; observability and local testing were.", done: true},
			{by: "nayyab.naqvi", title: "Sustainability reporting from cloud providers", category: "Cross-organisation analysis",
				votes: []string{"david.heath", "andy.poole", "shaun.hare"}},
			{by: "shaun.hare", title: "Policy as code for guardrails", category: "Technical development", votes: []string{"nayyab.naqvi", "david.heath"}},
			{by: "andy.poole", title: "Skills: growing cloud engineers in-house", category: "An organisation's journey", votes: []string{"nayyab.naqvi"}},
		},
	},
}

// loadMeetings gives the demo boards their topics and a year of meetings: the past
// ones held, with agendas, notes, materials and attendance; the next one prepared,
// with its agenda published and people saying they will come.
func loadMeetings(ctx context.Context, db *store.DB) error {
	for _, b := range boards {
		if err := loadBoard(ctx, db, b); err != nil {
			return fmt.Errorf("demo meetings of %s: %w", b.slug, err)
		}
	}
	return settle(ctx, db)
}

// settle marks every event recorded so far as delivered: the demo's history is not
// news, and nothing of it waits to be announced, however many events it made.
func settle(ctx context.Context, db *store.DB) error {
	for {
		events, err := db.PendingEvents(ctx, copse.MaxLimit)
		if err != nil || len(events) == 0 {
			return err
		}
		for _, e := range events {
			if err := db.MarkEventDelivered(ctx, e.ID); err != nil {
				return err
			}
		}
	}
}

func loadBoard(ctx context.Context, db *store.DB, b demoBoard) error {
	c, _, err := db.FindCommunity(ctx, b.slug)
	if err != nil {
		return err
	}
	fac := as(ctx, db, c.Facilitators[0])
	cad, err := cadence.Parse(c.Cadence.RRule, c.Cadence.Timezone, c.Cadence.DurationMinutes)
	if err != nil {
		return err
	}
	var ids []int64
	for _, bt := range b.topics {
		t, err := db.CreateTopic(as(ctx, db, bt.by), b.slug, copse.NewTopic{Title: bt.title, Body: bt.body, Category: bt.category})
		if err != nil {
			return err
		}
		for _, v := range bt.votes {
			if _, err := db.Vote(as(ctx, db, v), b.slug, t.ID); err != nil {
				return err
			}
		}
		ids = append(ids, t.ID)
	}
	now := db.Now()
	past := cad.Occurrences(now.AddDate(-1, 0, 0), now.Add(-time.Hour), 24)
	decided := 0
	for decided < len(b.topics) && b.topics[decided].decided != "" {
		decided++
	}
	// The latest meetings discussed the topics with a decision, two a meeting; the
	// earlier ones were open conversations.
	firstWithAgenda := len(past) - (decided+1)/2
	discussed := 0
	for i, at := range past {
		var agenda []int64
		var notes []string
		for i >= firstWithAgenda && len(agenda) < 2 && discussed < decided {
			bt := b.topics[discussed]
			agenda = append(agenda, ids[discussed])
			notes = append(notes, "## "+bt.title+"\n\n"+bt.decided)
			if bt.owner != "" {
				notes = append(notes, "**Action:** @"+bt.owner+" to follow up.")
			}
			discussed++
		}
		m, _, err := db.CreateMeeting(fac, b.slug, copse.NewMeeting{Title: c.Name, StartsAt: at, DurationMinutes: cad.DurationMinutes,
			Timezone: cad.Timezone, Location: b.location, Agenda: &agenda})
		if err != nil {
			return err
		}
		held := copse.MeetingHeld
		text := "Thanks to everyone who came.\n\n" + strings.Join(notes, "\n\n")
		if len(notes) == 0 {
			text = "An open conversation without an agenda: introductions, and what everyone is working on this month."
		}
		attended := b.attendees[:2+i%(len(b.attendees)-1)]
		materials := []copse.Link{{Title: "Board and notes", URL: b.deck}}
		if _, err := db.UpdateMeeting(fac, b.slug, m.ID, copse.MeetingUpdate{Status: &held, Notes: &text, Attended: &attended, Materials: &materials}); err != nil {
			return err
		}
	}
	// What was discussed moves on: actions to their owners, some of them done.
	for i, bt := range b.topics[:discussed] {
		stage := copse.StageDiscussed
		switch {
		case bt.done:
			stage = copse.StageDone
		case bt.owner != "":
			stage = copse.StageAction
		}
		u := copse.TopicUpdate{Stage: &stage}
		if bt.owner != "" {
			u.Owner = &b.topics[i].owner
		}
		if _, err := db.UpdateTopic(fac, b.slug, ids[i], u); err != nil {
			return err
		}
	}
	// The most voted waiting topics are planned for the next meeting.
	planned := copse.StagePlanned
	for i, bt := range b.topics[discussed:] {
		if len(bt.votes) >= 2 {
			if _, err := db.UpdateTopic(fac, b.slug, ids[discussed+i], copse.TopicUpdate{Stage: &planned}); err != nil {
				return err
			}
		}
	}
	next := cad.Next(now)
	if next.IsZero() {
		return nil
	}
	m, _, err := db.CreateMeeting(fac, b.slug, copse.NewMeeting{Occurrence: &next})
	if err != nil {
		return err
	}
	location, yes := b.location, true
	if _, err := db.UpdateMeeting(fac, b.slug, m.ID, copse.MeetingUpdate{Location: &location, AgendaPublished: &yes}); err != nil {
		return err
	}
	for i, h := range b.attendees {
		answer := []copse.RSVP{copse.RSVPYes, copse.RSVPYes, copse.RSVPMaybe, copse.RSVPNo}[i%4]
		if _, err := db.RSVP(as(ctx, db, h), b.slug, m.ID, answer); err != nil {
			return err
		}
	}
	return nil
}
