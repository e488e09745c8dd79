package api

import (
	"net/http"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// The help desk's routing (a site setting) and its metrics.

func handleHelpSettingsGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := db.HelpSettings(r.Context())
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, s)
	})
}

// helpSettingsPatch is the body of PATCH /api/v1/help/settings: the routes given
// replace those of their urgency; absent fields stay.
type helpSettingsPatch struct {
	Routes               []copse.Route  `json:"routes"`
	Alerts               *copse.Channel `json:"alerts"`
	EscalateAfterMinutes *int           `json:"escalate_after_minutes"`
}

func handleHelpSettingsUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b helpSettingsPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		s, err := db.HelpSettings(r.Context())
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		for _, route := range b.Routes {
			replaced := false
			for i := range s.Routes {
				if s.Routes[i].Urgency == route.Urgency {
					s.Routes[i], replaced = route, true
				}
			}
			if !replaced {
				s.Routes = append(s.Routes, route) // an unknown urgency, which Validate names
			}
		}
		if b.Alerts != nil {
			s.Alerts = *b.Alerts
		}
		if b.EscalateAfterMinutes != nil {
			s.EscalateAfterMinutes = *b.EscalateAfterMinutes
		}
		if s, err = db.UpdateHelpSettings(r.Context(), s); err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, s)
	})
}

// metricsOut is the help metrics as the API answers them, durations in seconds.
type metricsOut struct {
	Community *string     `json:"community"`
	Windows   []windowOut `json:"windows"`
	Weeks     []weekOut   `json:"weeks"` // newest first
	// Communities is the site's last 30 days community by community (empty for a
	// community's own metrics).
	Communities []communityHelpOut `json:"communities"`
	Computed    time.Time          `json:"computed_at"`
}

type communityHelpOut struct {
	Community      *copse.CommunityRef `json:"community"`
	Asked          int                 `json:"asked"`
	Answered       int                 `json:"answered"`
	ByCommunity    int                 `json:"by_community"`
	CommunityShare *float64            `json:"community_share"`
	Median         *int64              `json:"median_first_answer_seconds"`
}

type windowOut struct {
	copse.HelpWindow
	Median *int64 `json:"median_first_answer_seconds"`
	P90    *int64 `json:"p90_first_answer_seconds"`
}

type weekOut struct {
	Start          time.Time `json:"start"`
	Answered       int       `json:"answered"`
	ByCommunity    int       `json:"by_community"`
	CommunityShare *float64  `json:"community_share"`
	Median         *int64    `json:"median_first_answer_seconds"`
}

func seconds(d *time.Duration) *int64 {
	if d == nil {
		return nil
	}
	s := int64(d.Seconds())
	return &s
}

// handleHelpMetrics answers GET /api/v1/help/metrics?community=SLUG: a community's,
// or without it the site's (for the platform team and admins).
func handleHelpMetrics(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := r.URL.Query().Get("community")
		m, err := db.HelpMetrics(r.Context(), slug)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		out := metricsOut{Windows: []windowOut{}, Weeks: []weekOut{}, Communities: []communityHelpOut{}, Computed: db.Now().UTC()}
		if slug != "" {
			out.Community = &slug
		}
		for _, win := range m.Windows {
			out.Windows = append(out.Windows, windowOut{HelpWindow: win, Median: seconds(win.Median), P90: seconds(win.P90)})
		}
		for _, wk := range m.Weeks {
			out.Weeks = append(out.Weeks, weekOut{Start: wk.Start, Answered: wk.Answered, ByCommunity: wk.ByCommunity,
				CommunityShare: wk.CommunityShare, Median: seconds(wk.Median)})
		}
		for _, c := range m.Communities {
			out.Communities = append(out.Communities, communityHelpOut{Community: c.Community, Asked: c.Asked, Answered: c.Answered,
				ByCommunity: c.ByCommunity, CommunityShare: c.CommunityShare, Median: seconds(c.Median)})
		}
		httpx.JSON(w, http.StatusOK, out)
	})
}
