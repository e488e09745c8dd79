package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// meetingForm is a meeting as its form shows it: the date and time in the meeting's
// own zone, as the person scheduling it thinks of them.
type meetingForm struct {
	Title, Date, Time, Duration, Timezone, Location string
}

type meetingFormPage struct {
	layout
	C      *copse.Community
	M      *copse.Meeting // nil for a new meeting
	Form   meetingForm
	Zones  []string
	Action string
}

var meetingFields = []field{{"title", "Title"}, {"date", "Date"}, {"time", "Start time"}, {"duration", "Length in minutes"},
	{"timezone", "Time zone"}, {"location", "Where"}}

// renameMeetingField maps the store's fields to the form's.
func renameMeetingField(k string) string {
	switch k {
	case "starts_at":
		return "date"
	case "ends_at", "duration_minutes":
		return "duration"
	}
	return k
}

func (f meetingForm) parse(p copse.Problems) (start time.Time, minutes int) {
	loc, err := time.LoadLocation(strings.TrimSpace(f.Timezone))
	if err != nil || f.Timezone == "" || f.Timezone == "Local" {
		p.Add("timezone", `"`+f.Timezone+`" is not an IANA time zone such as Europe/London`)
		loc = time.UTC
	}
	start, err = time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Date)+" "+strings.TrimSpace(f.Time), loc)
	if err != nil {
		if _, derr := time.Parse("2006-01-02", strings.TrimSpace(f.Date)); derr != nil {
			p.Add("date", "must be a date such as 2026-03-26")
		} else {
			p.Add("time", "must be a time of day such as 11:00")
		}
	}
	if minutes, err = strconv.Atoi(strings.TrimSpace(f.Duration)); err != nil {
		p.Add("duration", "must be a number of minutes, such as 60")
	} else if minutes < 5 || minutes > 24*60 {
		p.Add("duration", "must be between 5 and 1440 minutes (24 hours)")
	}
	return start, minutes
}

func readMeetingForm(r *http.Request) meetingForm {
	v := r.PostForm
	return meetingForm{Title: v.Get("title"), Date: v.Get("date"), Time: v.Get("time"), Duration: v.Get("duration"),
		Timezone: strings.TrimSpace(v.Get("timezone")), Location: v.Get("location")}
}

// meetingFormFor loads the community and checks, before showing a form, that the
// viewer may schedule its meetings.
func (w *Web) meetingFormFor(r *http.Request) (*meetingFormPage, error) {
	c, v, err := w.db.FindCommunity(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	if err := v.AuthorizeMeetings(c); err != nil {
		return nil, err
	}
	return &meetingFormPage{C: c, Zones: commonZones, Action: "/communities/" + c.Slug + "/meetings"}, nil
}

// handleMeetingNew shows the form for a one-off meeting.
func (w *Web) handleMeetingNew() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.meetingFormFor(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Form = meetingForm{Time: "11:00", Duration: "60", Timezone: defaultZone}
		if cad := p.C.Cadence; cad != nil {
			p.Form.Timezone, p.Form.Duration = cad.Timezone, strconv.Itoa(cad.DurationMinutes)
		}
		p.Form.Date = w.db.Now().In(zone(p.Form.Timezone)).AddDate(0, 0, 7).Format("2006-01-02")
		w.render(rw, r, http.StatusOK, "meeting_form", p)
	})
}

// handleMeetingCreate schedules a one-off meeting from the form.
func (w *Web) handleMeetingCreate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := readMeetingForm(r)
		problems := copse.Problems{}
		start, minutes := f.parse(problems)
		var (
			m   *copse.Meeting
			err = problems.Err()
		)
		if err == nil {
			m, _, err = w.db.CreateMeeting(r.Context(), r.PathValue("slug"), copse.NewMeeting{Title: f.Title, StartsAt: start,
				DurationMinutes: minutes, Timezone: f.Timezone, Location: f.Location})
		}
		if len(copse.ErrorFields(err)) > 0 {
			p, perr := w.meetingFormFor(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Form, p.Errors = f, newErrs(err, meetingFields, renameMeetingField)
			w.render(rw, r, http.StatusUnprocessableEntity, "meeting_form", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(meetingURL(m.Community, m.ID), "scheduled"))
	})
}

// handleMeetingEdit shows the form that moves or renames a meeting.
func (w *Web) handleMeetingEdit() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.meetingFormFor(r)
		if err == nil {
			err = w.loadMeetingForEdit(r, p)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		m, loc := p.M, zone(p.M.Timezone)
		p.Form = meetingForm{Title: m.Title, Date: m.StartsAt.In(loc).Format("2006-01-02"), Time: m.StartsAt.In(loc).Format("15:04"),
			Duration: strconv.Itoa(int(m.EndsAt.Sub(m.StartsAt) / time.Minute)), Timezone: m.Timezone, Location: m.Location}
		w.render(rw, r, http.StatusOK, "meeting_form", p)
	})
}

func (w *Web) loadMeetingForEdit(r *http.Request, p *meetingFormPage) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return copse.Errorf(copse.ENOTFOUND, "No such meeting.")
	}
	if p.M, err = w.db.FindMeeting(r.Context(), p.C.Slug, id); err != nil {
		return err
	}
	p.Action = meetingURL(p.C.Slug, id) + "/edit"
	return nil
}

// handleMeetingUpdate saves the edit form: a move keeps the meeting (and, for an
// occurrence, its place in the series) and tells calendars it changed.
func (w *Web) handleMeetingUpdate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.meetingFormFor(r)
		if err == nil {
			err = w.loadMeetingForEdit(r, p)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		f := readMeetingForm(r)
		problems := copse.Problems{}
		start, minutes := f.parse(problems)
		err = problems.Err()
		var m *copse.Meeting
		if err == nil {
			u := copse.MeetingUpdate{Title: &f.Title, Timezone: &f.Timezone, Location: &f.Location}
			if !start.Equal(p.M.StartsAt) || !start.Add(time.Duration(minutes)*time.Minute).Equal(p.M.EndsAt) {
				u.StartsAt, u.DurationMinutes = &start, &minutes
			}
			m, err = w.db.UpdateMeeting(r.Context(), p.C.Slug, p.M.ID, u)
		}
		if len(copse.ErrorFields(err)) > 0 {
			p.Form, p.Errors = f, newErrs(err, meetingFields, renameMeetingField)
			w.render(rw, r, http.StatusUnprocessableEntity, "meeting_form", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(meetingURL(m.Community, m.ID), "updated"))
	})
}
