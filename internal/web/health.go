package web

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/copse-dev/copse"
)

// healthPage is one screen that tells a facilitator whether their community is
// thriving, why, and what to do next.
type healthPage struct {
	layout
	C          *copse.Community
	H          copse.Health
	Failing    []copse.Signal
	Passing    []copse.Signal
	Unjudged   []copse.Signal // weight 0: nothing to judge yet
	Gauge      template.HTML
	Activity   template.HTML
	Trend      template.HTML
	CanEdit    bool
	Promotions []copse.Promotion // suggested ones, for facilitators to decide
}

// handleHealth shows a community's health. Anyone who may see the community may
// see it: the signals are drawn from what its pages show already.
func (w *Web) handleHealth() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		h, err := w.db.CommunityHealth(ctx, c.Slug)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		history, err := w.db.HealthHistory(ctx, c.ID, w.db.Now().AddDate(0, 0, -90))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &healthPage{C: c, H: h, CanEdit: v.CanEdit(), Gauge: scoreGauge(h.Score, h.Verdict),
			Activity: activityChart(h.Activity, h.ComputedAt, "activity-chart"), Trend: scoreChart(history, "score-chart")}
		for _, s := range h.Signals {
			switch {
			case s.Weight == 0:
				p.Unjudged = append(p.Unjudged, s)
			case s.OK:
				p.Passing = append(p.Passing, s)
			default:
				p.Failing = append(p.Failing, s)
			}
		}
		if p.CanEdit && c.Status != copse.StatusArchived {
			if p.Promotions, err = w.db.ListPromotions(ctx, c.Slug, copse.PromotionSuggested); err != nil {
				w.fail(rw, r, err)
				return
			}
		}
		w.render(rw, r, http.StatusOK, "health", p)
	})
}

// handlePromotion confirms or declines a promotion from the health page.
func (w *Web) handlePromotion() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		decision := r.PostForm.Get("decision")
		_, err := w.db.DecidePromotion(r.Context(), slug, r.PathValue("handle"), copse.LadderStage(r.PostForm.Get("stage")), decision)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		notice := "promotion-declined"
		if decision == "confirm" {
			notice = "promotion"
		}
		redirect(rw, r, withNotice("/communities/"+url.PathEscape(slug)+"/health", notice)+"#promotions-title")
	})
}

// siteHealthPage ranks the communities, most at risk first.
type siteHealthPage struct {
	layout
	Groups []healthGroup
	Any    bool
	Next   string
}

// healthGroup is the communities of one verdict.
type healthGroup struct {
	ID, Title, Note string
	Items           []copse.Health
}

// handleSiteHealth shows every community the reader may see, grouped by verdict.
func (w *Web) handleSiteHealth() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		page, err := w.db.SiteHealth(r.Context(), copse.MaxLimit, r.URL.Query().Get("cursor"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &siteHealthPage{Next: page.Next, Any: len(page.Items) > 0, Groups: []healthGroup{
			{ID: copse.VerdictAtRisk, Title: "At risk", Note: "These need help now: read why, and act on the suggestion."},
			{ID: copse.VerdictAttention, Title: "Needs attention", Note: "Doing fine, with something to watch."},
			{ID: copse.VerdictThriving, Title: "Thriving"},
		}}
		for _, h := range page.Items {
			for i := range p.Groups {
				if p.Groups[i].ID == h.Verdict {
					p.Groups[i].Items = append(p.Groups[i].Items, h)
				}
			}
		}
		w.render(rw, r, http.StatusOK, "health_site", p)
	})
}
