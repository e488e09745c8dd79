package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

type personPage struct {
	layout
	Person   *copse.Person
	Self     bool
	NextRank copse.Rank
	Needs    int                // points to the next rank
	Points   []copse.PointEntry // the latest, explained
	More     bool
	Teams    []*copse.Team
}

// pointsShown is how many of a person's latest points their profile explains.
const pointsShown = 8

// handlePerson shows a profile: what the person does for others (seed 001: "your
// value is determined by what you do for others") before what they claim, in the
// communities the viewer can see them in. Their email stays private; their
// organisation too, when they chose to be badgeless (seed 004).
func (w *Web) handlePerson() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, err := w.db.FindPerson(ctx, r.PathValue("handle"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		points, err := w.db.PointsOf(ctx, p.Handle, pointsShown, "")
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		teams, err := w.db.ListTeams(ctx, copse.TeamFilter{Member: p.Handle, Limit: 20})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		th, err := w.db.RankThresholds(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		me := copse.UserFromContext(ctx)
		page := &personPage{Person: p, Self: me != nil && me.ID == p.ID, Points: points.Items, More: points.Next != "", Teams: teams.Items}
		page.NextRank, page.Needs = th.NextRank(p.Points)
		w.render(rw, r, http.StatusOK, "person", page)
	})
}
