package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// helpSettingsPage is where admins say where each urgency goes (seed 001's model
// by default): the destination, the chat channel people know it by, and how long
// an sos may wait before it escalates.
type helpSettingsPage struct {
	layout
	S            copse.HelpSettings
	Destinations []option
	Escalate     string // as typed
}

var destinationOptions = []option{
	{string(copse.ToCommunity), "The community’s questions and answers", ""},
	{string(copse.ToUrgent), "Urgent: the urgent channel, escalated when unanswered", ""},
	{string(copse.ToPlatform), "The platform team, after the status page", ""},
}

func (w *Web) handleHelpSettings() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := adminOnly(r); err != nil {
			w.fail(rw, r, err)
			return
		}
		s, err := w.db.HelpSettings(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "help_settings", &helpSettingsPage{S: s, Destinations: destinationOptions, Escalate: strconv.Itoa(s.EscalateAfterMinutes)})
	})
}

func (w *Web) handleHelpSettingsSave() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		g := r.PostForm.Get
		s := copse.HelpSettings{Alerts: copse.Channel{Name: g("alerts.name"), URL: g("alerts.url")}}
		for _, u := range copse.Urgencies {
			k := "routes." + string(u)
			s.Routes = append(s.Routes, copse.Route{Urgency: u, To: copse.Destination(g(k + ".to")),
				Channel: copse.Channel{Name: g(k + ".channel.name"), URL: g(k + ".channel.url")}})
		}
		p := &helpSettingsPage{S: s, Destinations: destinationOptions, Escalate: g("escalate_after_minutes")}
		n, err := strconv.Atoi(strings.TrimSpace(p.Escalate))
		if err != nil {
			n = -1 // Validate names the field
		}
		s.EscalateAfterMinutes = n
		_, err = w.db.UpdateHelpSettings(r.Context(), s)
		if copse.ErrorCode(err) == copse.EINVALID {
			var fields []field
			for _, u := range copse.Urgencies {
				k, name := "routes."+string(u), urgencyName(u)
				fields = append(fields, field{k + ".to", name + ": goes to"}, field{k + ".channel.name", name + ": channel"},
					field{k + ".channel.url", name + ": channel link"})
			}
			fields = append(fields, field{"alerts.name", "Alerts channel"}, field{"alerts.url", "Alerts channel link"},
				field{"escalate_after_minutes", "Minutes before an sos escalates"})
			p.Errors = newErrs(err, fields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "help_settings", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/admin/help", "help-settings"))
	})
}

// adminOnly refuses everyone but admins, before a form is shown.
func adminOnly(r *http.Request) error {
	switch me := copse.UserFromContext(r.Context()); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin.")
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin changes where help goes.")
	}
	return nil
}
