package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
)

// statusPage is the public status page: each service's state and last 90 days,
// the open incidents with their updates, maintenance, and the incidents of the
// last 90 days.
type statusPage struct {
	layout
	S         *copse.StatusPage
	Services  []serviceView
	Open      []incidentView
	Past      []incidentView
	CanPost   bool
	Upcoming  []*copse.Maintenance
	InProcess []*copse.Maintenance
}

// serviceView is a service with its days, and a summary of them in words.
type serviceView struct {
	S       *copse.Service
	Days    []copse.Day
	Summary string // "No incidents in 90 days", "3 days with incidents"
}

type incidentView struct {
	I       *copse.Incident
	Updates []updateView
}

type updateView struct {
	U    copse.IncidentUpdate
	Body template.HTML
}

func (w *Web) handleStatus() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		s, err := w.db.Status(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		h, err := w.db.History(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &statusPage{S: s, CanPost: w.canPostStatus(r)}
		for _, svc := range s.Services {
			v := serviceView{S: svc, Days: h.Days[svc.ID]}
			bad := 0
			for _, d := range v.Days {
				if d.State != copse.StateOperational {
					bad++
				}
			}
			v.Summary = "No incident or maintenance in " + strconv.Itoa(copse.HistoryDays) + " days"
			if bad > 0 {
				v.Summary = plural(bad, "day", "days") + " with an incident or maintenance in " + strconv.Itoa(copse.HistoryDays)
			}
			p.Services = append(p.Services, v)
		}
		for _, in := range s.Incidents {
			p.Open = append(p.Open, w.incidentView(in))
		}
		for _, in := range h.Incidents {
			if in.ResolvedAt != nil {
				p.Past = append(p.Past, incidentView{I: in})
			}
		}
		for _, m := range s.Maintenance {
			if m.InProgress(w.db.Now()) {
				p.InProcess = append(p.InProcess, m)
			} else {
				p.Upcoming = append(p.Upcoming, m)
			}
		}
		w.render(rw, r, http.StatusOK, "status", p)
	})
}

func (w *Web) incidentView(in *copse.Incident) incidentView {
	v := incidentView{I: in}
	for _, u := range in.Updates {
		v.Updates = append(v.Updates, updateView{U: u, Body: w.md.HTML(u.Body)})
	}
	return v
}

// canPostStatus reports whether the reader is platform staff or an admin, to offer
// the status page's admin link; the store decides what they may do.
func (w *Web) canPostStatus(r *http.Request) bool {
	return copse.UserFromContext(r.Context()) != nil && w.db.AuthorizeStatus(r.Context()) == nil
}

// incidentPage is one incident with its timeline of updates.
type incidentPage struct {
	layout
	V       incidentView
	CanPost bool
}

func (w *Web) handleIncident() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id < 1 {
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "There is no such incident."))
			return
		}
		in, err := w.db.FindIncident(r.Context(), id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "incident", &incidentPage{V: w.incidentView(in), CanPost: w.canPostStatus(r)})
	})
}

// handleStatusFeed serves the status page's incidents and maintenance as Atom, for
// feed readers and the chat tools that follow feeds.
func (w *Web) handleStatusFeed() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		entries, err := w.db.StatusFeed(r.Context(), feedLength)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		s, err := w.db.Settings(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		f := w.atom(r, s.SiteName+" status", "Incidents and maintenance of the platform's services", "/status", "/status/feed.atom", siteFeedDate, entries)
		w.writeFeed(rw, r, f, true)
	})
}
