package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

// helpMetricsPage is how much of the help a community gave (or, for the platform
// team, the whole site): seed 000's promise that a strong community "provides an
// answer before the platform team can", read as numbers each week.
type helpMetricsPage struct {
	layout
	C         *copse.Community // nil for the whole site
	M         copse.HelpMetrics
	Week      copse.HelpWindow // the last seven days, first on the page
	Escalate  int              // the escalation limit, in minutes
	Questions string           // where the questions are listed
}

// handleHelpMetrics serves a community's metrics (site false) or the site's.
func (w *Web) handleHelpMetrics(site bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := &helpMetricsPage{Questions: "/questions"}
		slug := ""
		if !site {
			c, _, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			p.C, slug, p.Questions = c, c.Slug, "/questions?community="+c.Slug
		}
		m, err := w.db.HelpMetrics(ctx, slug)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.M, p.Week = m, m.Windows[0]
		s, err := w.db.HelpSettings(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Escalate = s.EscalateAfterMinutes
		w.render(rw, r, http.StatusOK, "help_metrics", p)
	})
}
