package web

import (
	"context"
	"net/http"
	"slices"

	"github.com/copse-dev/copse"
)

// card is a community as lists show it, with what the list says about it.
type card struct {
	*copse.Community
	Head       copse.Headcount
	Needed     int  // counted members still needed to become active
	Interested bool // the viewer registered interest (suggested communities)
}

type homePage struct {
	layout
	Active, Forming, Suggested []card // the first helping of each
	// How many there are in all; the directory lists the rest.
	ActiveTotal, FormingTotal, SuggestedTotal int
	MinMembers                                int
	Empty                                     bool
}

// homeCards is how many communities of each kind the home page shows: a first
// helping that fits a screen or two, not a ministry's two hundred.
const homeCards = 9

// handleHome shows what is alive now: active communities, busiest first; forming
// ones with how many members they still need; suggestions by interest.
func (w *Web) handleHome() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		settings, err := w.db.Settings(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		// The home page shows a first helping; the directory pages through the rest.
		shown, totals, err := w.db.HomeCommunities(ctx, homeCards)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &homePage{MinMembers: settings.MinMembers, ActiveTotal: totals[copse.StatusActive],
			FormingTotal: totals[copse.StatusForming], SuggestedTotal: totals[copse.StatusSuggested]}
		p.Empty = p.ActiveTotal+p.FormingTotal+p.SuggestedTotal == 0
		all := slices.Concat(shown[copse.StatusActive], shown[copse.StatusForming], shown[copse.StatusSuggested])
		cards, err := w.cards(ctx, all, settings.MinMembers) // in their order: busiest, nearest to active, most wanted
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		for _, c := range cards {
			switch c.Status {
			case copse.StatusActive:
				p.Active = append(p.Active, c)
			case copse.StatusForming:
				p.Forming = append(p.Forming, c)
			case copse.StatusSuggested:
				p.Suggested = append(p.Suggested, c)
			}
		}
		w.render(rw, r, http.StatusOK, "home", p)
	})
}

// cards adds headcounts and the viewer's interest to a page of communities, in one
// query each.
func (w *Web) cards(ctx context.Context, cs []*copse.Community, minMembers int) ([]card, error) {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	heads, err := w.db.Headcounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	interested, err := w.db.InterestedIn(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]card, len(cs))
	for i, c := range cs {
		h := heads[c.ID]
		out[i] = card{Community: c, Head: h, Needed: needed(h, minMembers), Interested: interested[c.ID]}
	}
	return out, nil
}

// needed is how many more counted members a community needs to become active.
func needed(h copse.Headcount, minMembers int) int {
	return max(minMembers-h.Counted(), 0)
}
