package web

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/ical"
	"github.com/copse-dev/copse/internal/store"
)

// handleCommunityCalendar serves a community's meetings as iCalendar for calendar apps
// to subscribe to. It is public when the community is; calendar apps send no cookie,
// so a community only signed-in people may see is served to them through the private
// feed of /account/calendar instead.
func (w *Web) handleCommunityCalendar() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		cal, err := w.db.CommunityCalendar(r.Context(), r.PathValue("slug"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		c := cal.Community
		feed := ical.Feed(c.Name, c.Subject, w.cfg.BaseURL, w.absolute(r, "/communities/"+c.Slug+"/meetings"), sources(cal), w.db.Now())
		public := c.Visibility == copse.VisibilityPublic
		w.writeCalendar(rw, r, feed, c.Slug+".ics", public)
	})
}

// handlePersonalCalendar serves the private feed of everything its owner belongs to;
// the secret in its address is the only credential, as calendar apps expect.
func (w *Web) handlePersonalCalendar() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
		if !ok {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		u, cals, err := w.db.PersonalCalendar(r.Context(), token)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		var srcs []ical.Source
		for _, c := range cals {
			srcs = append(srcs, sources(c)...)
		}
		name := u.DisplayName() + "’s meetings"
		feed := ical.Feed(name, "The meetings of every community "+u.DisplayName()+" belongs to", w.cfg.BaseURL, w.absolute(r, "/account/calendar"), srcs, w.db.Now())
		w.writeCalendar(rw, r, feed, "meetings.ics", false)
	})
}

func sources(c *store.Calendar) []ical.Source {
	return []ical.Source{{Community: c.Community, Series: c.Series, Meetings: c.Meetings}}
}

func (w *Web) writeCalendar(rw http.ResponseWriter, r *http.Request, feed *ical.Calendar, filename string, public bool) {
	var buf bytes.Buffer
	if _, err := feed.WriteTo(&buf); err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	if public {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		h.Set("Cache-Control", "private, no-store")
		h.Set("X-Robots-Tag", "noindex")
	}
	rw.Write(buf.Bytes()) //nolint:errcheck // the calendar app went away; nothing to do
}

// absolute is the full address of a path on this site, for links in feeds.
func (w *Web) absolute(r *http.Request, path string) string {
	https, _ := w.feedURLs(r, path)
	return https
}

type calendarPage struct {
	layout
	Created time.Time // when the current address was made; zero when there is none
	FeedURL string    // shown once, right after it is made
	Webcal  string
}

// handleCalendarAccount shows whether the person has a private calendar address.
func (w *Web) handleCalendarAccount() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		created, err := w.db.CalendarTokenCreated(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "calendar", &calendarPage{Created: created})
	})
}

// handleCalendarToken makes a new private address, replacing any before it, and
// shows it this once: only its hash is kept.
func (w *Web) handleCalendarToken() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		token, err := w.db.NewCalendarToken(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &calendarPage{Created: w.db.Now()}
		p.FeedURL, p.Webcal = w.feedURLs(r, "/calendar/"+token+".ics")
		p.Notice = notices["calendar"]
		rw.Header().Set("Cache-Control", "no-store")
		w.render(rw, r, http.StatusOK, "calendar", p)
	})
}

// handleCalendarRevoke stops the private feed.
func (w *Web) handleCalendarRevoke() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := w.db.RevokeCalendarToken(r.Context()); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/account/calendar?notice=calendar-revoked")
	})
}
