package main

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/copse-dev/copse"
)

// The help steps ask questions in the communities (and a few site-wide) and answer
// them, through the same store calls the pages and the API make: the search index,
// the counts and the first-answer figures are what a real site would hold.

// questions asks the questions: most in the busy communities, one in ten urgent.
func (g *generator) questions(ctx context.Context) (int, error) {
	slugs := g.active()
	type plan struct {
		by string
		n  copse.NewQuestion
	}
	plans := make([]plan, g.size.Questions)
	for i := range plans {
		community := ""
		if i%10 != 0 {
			community = slugs[zipf(g.r, len(slugs))]
		}
		urgency := copse.UrgencyHowTo
		if g.r.IntN(10) == 0 {
			urgency = copse.UrgencySOS
		}
		title := fmt.Sprintf("How do I %s? (%d)", strings.ToLower(strings.TrimRight(g.c.title(g.r), ".?!")), i)
		plans[i] = plan{by: pick(g.r, g.handles), n: copse.NewQuestion{
			Title: title, Body: g.c.body(g.r, 1+g.r.IntN(2)), Urgency: urgency, Community: community,
			Tags: []string{strings.ToLower(pick(g.r, subjects))},
		}}
	}
	g.questionIDs = make([]int64, len(plans))
	g.askers = make([]string, len(plans))
	err := parallel(ctx, len(plans), func(ctx context.Context, i int) error {
		q, err := g.db.AskQuestion(g.as(ctx, plans[i].by), plans[i].n)
		if err == nil {
			g.questionIDs[i], g.askers[i] = q.ID, plans[i].by
		}
		return err
	})
	return len(plans), err
}

// answers spreads the answers over the questions (some get many, a few none), has
// other people vote on them, and has the asker accept one of every two answered.
func (g *generator) answers(ctx context.Context) (int, error) {
	type plan struct {
		q      int // index into questionIDs
		by     string
		body   string
		accept bool
		voter  string
	}
	plans := make([]plan, g.size.Answers)
	answered := map[int]bool{}
	for i := range plans {
		// Skewed, but gently: the busiest question gets a few dozen answers.
		q := int(math.Pow(g.r.Float64(), 1.3) * float64(len(g.questionIDs)))
		by := pick(g.r, g.handles)
		if by == g.askers[q] {
			by = g.handles[(g.r.IntN(len(g.handles)-1)+1)%len(g.handles)]
		}
		// The first answer a question gets is the one its asker may accept.
		accept := !answered[q] && g.r.IntN(2) == 0
		answered[q] = true
		plans[i] = plan{q: q, by: by, body: g.c.body(g.r, 1+g.r.IntN(3)), accept: accept, voter: pick(g.r, g.handles)}
	}
	err := parallel(ctx, len(plans), func(ctx context.Context, i int) error {
		p := plans[i]
		id := g.questionIDs[p.q]
		a, err := g.db.AnswerQuestion(g.as(ctx, p.by), id, p.body)
		if err != nil {
			return err
		}
		if p.voter != p.by {
			if _, err := g.db.VoteAnswer(g.as(ctx, p.voter), id, a.ID, 1); err != nil {
				return err
			}
		}
		if p.accept {
			_, err = g.db.AcceptAnswer(g.as(ctx, g.askers[p.q]), id, a.ID)
		}
		return err
	})
	return len(plans), err
}

// announced marks every event the dataset recorded as delivered: a year of news
// made in minutes is history, not something copse should mail everyone about while
// bench/run measures it.
func (g *generator) announced(ctx context.Context) (int, error) {
	n := 0
	for {
		events, err := g.db.PendingEvents(ctx, copse.MaxLimit)
		if err != nil || len(events) == 0 {
			return n, err
		}
		err = parallel(ctx, len(events), func(ctx context.Context, i int) error {
			return g.db.MarkEventDelivered(ctx, events[i].ID)
		})
		if err != nil {
			return n, err
		}
		n += len(events)
	}
}
