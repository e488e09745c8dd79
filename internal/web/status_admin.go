package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// statusAdminPage is where the platform team writes the status page: its
// services, incidents and their updates, and maintenance. Each form's fields carry
// its name as a prefix (incident-title, maintenance-title), so that the page shows
// a failed form's errors beside that form alone.
type statusAdminPage struct {
	layout
	S        *copse.StatusPage
	Open     []incidentView
	Impacts  []option
	Statuses []option
	Zones    []string
	Form     map[string]string   // what was typed into the form that failed
	Picked   map[string][]string // its ticked services
}

func (w *Web) statusAdminPage(r *http.Request) (*statusAdminPage, error) {
	if err := w.db.AuthorizeStatus(r.Context()); err != nil {
		return nil, err
	}
	s, err := w.db.Status(r.Context())
	if err != nil {
		return nil, err
	}
	p := &statusAdminPage{S: s, Impacts: impactOptions, Statuses: incidentStatusOptions, Zones: commonZones,
		Form:   map[string]string{"maintenance-timezone": "UTC", "maintenance-duration": "60", "incident-impact": string(copse.StateDegraded)},
		Picked: map[string][]string{}}
	p.Path = "/admin/status"
	for _, in := range s.Incidents {
		p.Open = append(p.Open, w.incidentView(in))
	}
	return p, nil
}

func (w *Web) handleStatusAdmin() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.statusAdminPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "status_admin", p)
	})
}

// statusPost runs one of the admin page's forms: act does the change and returns
// the notice to show; a validation error shows the page again with the form's
// fields, named with its prefix.
func (w *Web) statusPost(prefix string, fields []field, act func(r *http.Request, get func(string) string, ids []int64) (string, error)) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		get := func(k string) string { return r.PostForm.Get(prefix + k) }
		var ids []int64
		for _, s := range r.PostForm[prefix+"services"] {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
		notice, err := act(r, get, ids)
		if copse.ErrorCode(err) == copse.EINVALID || copse.ErrorCode(err) == copse.ECONFLICT && len(copse.ErrorFields(err)) > 0 {
			p, perr := w.statusAdminPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			for k, v := range r.PostForm {
				if strings.HasPrefix(k, prefix) {
					p.Form[k], p.Picked[k] = v[0], v
				}
			}
			named := make([]field, len(fields))
			for i, f := range fields {
				named[i] = field{Name: prefix + f.Name, Label: f.Label}
			}
			p.Errors = newErrs(err, named, func(k string) string {
				switch k { // a maintenance window's times are typed as a start and a length
				case "starts_at":
					k = "date"
				case "ends_at":
					k = "duration"
				}
				return prefix + k
			})
			w.render(rw, r, http.StatusUnprocessableEntity, "status_admin", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/admin/status", notice))
	})
}

func (w *Web) handleServiceCreate() http.Handler {
	return w.statusPost("service-", []field{{"name", "Name"}, {"description", "Description"}},
		func(r *http.Request, get func(string) string, _ []int64) (string, error) {
			_, err := w.db.CreateService(r.Context(), copse.NewService{Name: get("name"), Description: get("description")})
			return "service", err
		})
}

func (w *Web) handleIncidentOpen() http.Handler {
	return w.statusPost("incident-", []field{{"title", "Title"}, {"impact", "Impact"}, {"services", "Affected services"},
		{"status", "Status"}, {"body", "What people should know"}},
		func(r *http.Request, get func(string) string, ids []int64) (string, error) {
			_, err := w.db.OpenIncident(r.Context(), copse.NewIncident{Title: get("title"), Body: get("body"),
				Impact: copse.ServiceState(get("impact")), Status: copse.IncidentStatus(get("status")), Services: ids})
			return "incident", err
		})
}

// handleIncidentUpdatePost posts an update; its form's prefix names the incident.
func (w *Web) handleIncidentUpdatePost() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id < 1 {
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "There is no such incident."))
			return
		}
		prefix := "update-" + strconv.FormatInt(id, 10) + "-"
		w.statusPost(prefix, []field{{"status", "Status"}, {"impact", "Impact"}, {"body", "Update"}},
			func(r *http.Request, get func(string) string, _ []int64) (string, error) {
				in, err := w.db.UpdateIncident(r.Context(), id, copse.NewIncidentUpdate{Status: copse.IncidentStatus(get("status")),
					Body: get("body"), Impact: copse.ServiceState(get("impact"))})
				if err == nil && in.Status == copse.IncidentResolved {
					return "resolved", nil
				}
				return "incident-updated", err
			}).ServeHTTP(rw, r)
	})
}

func (w *Web) handleMaintenancePost() http.Handler {
	return w.statusPost("maintenance-", []field{{"title", "Title"}, {"date", "Date"}, {"time", "Start time"}, {"duration", "Length in minutes"},
		{"timezone", "Time zone"}, {"services", "Affected services"}, {"description", "What people should know"}},
		func(r *http.Request, get func(string) string, ids []int64) (string, error) {
			p := copse.Problems{}
			start, minutes := meetingForm{Date: get("date"), Time: get("time"), Duration: get("duration"), Timezone: get("timezone")}.parse(p)
			if err := p.Err(); err != nil {
				return "", err
			}
			_, err := w.db.ScheduleMaintenance(r.Context(), copse.NewMaintenance{Title: get("title"), Description: get("description"),
				StartsAt: start, EndsAt: start.Add(time.Duration(minutes) * time.Minute), Services: ids})
			return "maintenance", err
		})
}

func (w *Web) handleMaintenanceCancel() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id < 1 {
			err = copse.Errorf(copse.ENOTFOUND, "There is no such maintenance window.")
		}
		if err == nil {
			err = parseForm(rw, r)
		}
		if err == nil {
			err = w.db.CancelMaintenance(r.Context(), id)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/admin/status", "maintenance-cancelled"))
	})
}
