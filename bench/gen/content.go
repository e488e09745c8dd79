package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// The content steps fill the boards, meetings and library of the communities made
// by the people steps: the pages bench/run measures read them.

var stageCycle = []copse.Stage{copse.StageProposed, copse.StageProposed, copse.StagePlanned, copse.StageDiscussed, copse.StageAction, copse.StageDone}

// active returns the slugs of communities that are not suggestions.
func (g *generator) active() []string {
	var out []string
	for i, s := range g.slugs {
		if i%10 != 9 {
			out = append(out, s)
		}
	}
	return out
}

// topics proposes topics on the boards, most on the busy communities, and moves
// some along the stages, as a facilitator would.
func (g *generator) topics(ctx context.Context) (int, error) {
	slugs := g.active()
	type plan struct {
		slug, by string
		n        copse.NewTopic
		stage    copse.Stage
	}
	plans := make([]plan, g.size.Topics)
	for i := range plans {
		slug := slugs[zipf(g.r, len(slugs))]
		plans[i] = plan{slug: slug, by: g.creator[slug], n: copse.NewTopic{Title: g.c.title(g.r), Body: g.c.body(g.r, 1)},
			stage: stageCycle[g.r.IntN(len(stageCycle))]}
	}
	g.topicIDs = make(map[string][]int64)
	ids := make([]int64, len(plans))
	err := parallel(ctx, len(plans), func(ctx context.Context, i int) error {
		p := plans[i]
		t, err := g.db.CreateTopic(g.as(ctx, p.by), p.slug, p.n)
		if err != nil {
			return err
		}
		ids[i] = t.ID
		if p.stage != copse.StageProposed {
			_, err = g.db.UpdateTopic(g.as(ctx, p.by), p.slug, t.ID, copse.TopicUpdate{Stage: &p.stage})
		}
		return err
	})
	for i, p := range plans {
		g.topicIDs[p.slug] = append(g.topicIDs[p.slug], ids[i])
	}
	return len(plans), err
}

// meetings records a history of held meetings with notes, spread over two years.
func (g *generator) meetings(ctx context.Context) (int, error) {
	slugs := g.active()
	now := g.db.Now()
	type plan struct {
		slug  string
		at    time.Time
		notes string
	}
	plans := make([]plan, g.size.Meetings)
	for i := range plans {
		slug := slugs[zipf(g.r, len(slugs))]
		at := now.Add(-time.Duration(1+g.r.IntN(730)) * 24 * time.Hour).Truncate(time.Hour)
		plans[i] = plan{slug: slug, at: at, notes: "## Notes\n\n" + g.c.body(g.r, 2) + "\n\n## Decided\n\n" + g.c.sentence(g.r)}
	}
	held := copse.MeetingHeld
	err := parallel(ctx, len(plans), func(ctx context.Context, i int) error {
		p := plans[i]
		fac := g.as(ctx, g.creator[p.slug])
		none := []int64{}
		m, _, err := g.db.CreateMeeting(fac, p.slug, copse.NewMeeting{Title: "Monthly call", StartsAt: p.at, DurationMinutes: 60, Agenda: &none})
		if err != nil {
			return err
		}
		_, err = g.db.UpdateMeeting(fac, p.slug, m.ID, copse.MeetingUpdate{Status: &held, Notes: &p.notes})
		return err
	})
	return len(plans), err
}

var resourceTypes = []string{"Documentation", "Guide", "Case study", "Recording", "Component", "Repository"}
var personas = []string{"Developer", "Product Owner", "Designer", "Architect", "Tester"}

// resources fills the library with documents of real text, most in communities,
// some site-wide.
func (g *generator) resources(ctx context.Context) (int, error) {
	slugs := g.active()
	plans := make([]copse.NewResource, g.size.Resources)
	authors := make([]string, len(plans))
	for i := range plans {
		community := ""
		if i%5 != 0 {
			community = slugs[zipf(g.r, len(slugs))]
		}
		authors[i] = pick(g.r, g.handles)
		if community != "" {
			authors[i] = g.creator[community]
		}
		title := fmt.Sprintf("%s (%d)", g.c.title(g.r), i)
		plans[i] = copse.NewResource{
			Title: title, Description: g.c.sentence(g.r), ResourceType: pick(g.r, resourceTypes),
			Personas: []string{pick(g.r, personas)}, Tags: []string{strings.ToLower(pick(g.r, subjects)), pick(g.r, []string{"how-to", "reference", "onboarding"})},
			Body: "# " + title + "\n\n" + g.c.body(g.r, 2+g.r.IntN(4)), Community: community,
			Source: fmt.Sprintf("bench/%06d.md", i),
		}
	}
	err := parallel(ctx, len(plans), func(ctx context.Context, i int) error {
		plans[i].Authors = []string{authors[i]}
		_, err := g.db.ImportResource(g.as(ctx, g.handles[0]), plans[i])
		return err
	})
	return len(plans), err
}
