package api

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// parseTimes reads RFC 3339 times given as strings, so that a bad one is reported by
// field (422) rather than as an unreadable body.
func parseTimes(p copse.Problems, fields map[string]*string, out map[string]*time.Time) {
	for name, s := range fields {
		if s == nil || *s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, *s)
		if err != nil {
			p.Add(name, "must be an RFC 3339 date and time such as 2026-03-26T11:00:00Z")
			continue
		}
		*out[name] = t
	}
}

func handleMeetingList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		q := r.URL.Query()
		f := store.MeetingFilter{Q: q.Get("q"), Past: q.Get("past") == "true", Limit: n, Cursor: q.Get("cursor")}
		p := copse.Problems{}
		if y := q.Get("year"); y != "" {
			if f.Year, err = strconv.Atoi(y); err != nil {
				p.Add("year", "must be a year such as 2026")
			}
		}
		if s := q.Get("past"); s != "" && s != "true" && s != "false" {
			p.Add("past", `must be "true" or "false"`)
		}
		if err := p.Err(); err != nil {
			httpx.Error(w, r, err)
			return
		}
		page, err := db.ListMeetings(r.Context(), r.PathValue("slug"), f)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

// meetingCreate is the body of POST …/meetings: a one-off meeting, or with
// occurrence, an occurrence of the cadence to prepare.
type meetingCreate struct {
	Title           string   `json:"title"`
	StartsAt        string   `json:"starts_at"`
	EndsAt          string   `json:"ends_at"`
	DurationMinutes int      `json:"duration_minutes"`
	Timezone        string   `json:"timezone"`
	Location        string   `json:"location"`
	Agenda          *[]int64 `json:"agenda"`
	Occurrence      string   `json:"occurrence"`
}

func handleMeetingCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b meetingCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		n := copse.NewMeeting{Title: b.Title, DurationMinutes: b.DurationMinutes, Timezone: b.Timezone, Location: b.Location, Agenda: b.Agenda}
		var occurrence time.Time
		p := copse.Problems{}
		parseTimes(p, map[string]*string{"starts_at": &b.StartsAt, "ends_at": &b.EndsAt, "occurrence": &b.Occurrence},
			map[string]*time.Time{"starts_at": &n.StartsAt, "ends_at": &n.EndsAt, "occurrence": &occurrence})
		if err := p.Err(); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if !occurrence.IsZero() {
			n.Occurrence = &occurrence
		}
		m, created, err := db.CreateMeeting(r.Context(), r.PathValue("slug"), n)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		status := http.StatusOK // an occurrence prepared before
		if created {
			status = http.StatusCreated
		}
		w.Header().Set("Location", "/api/v1/communities/"+m.Community+"/meetings/"+strconv.FormatInt(m.ID, 10))
		httpx.JSON(w, status, m)
	})
}

func handleMeetingGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "meeting")
		if err == nil {
			var m *copse.Meeting
			if m, err = db.FindMeeting(r.Context(), r.PathValue("slug"), id); err == nil {
				httpx.JSON(w, http.StatusOK, m)
				return
			}
		}
		httpx.Error(w, r, err)
	})
}

// meetingPatch is the body of PATCH …/meetings/{id}; absent fields stay as they are.
type meetingPatch struct {
	Title           *string              `json:"title"`
	StartsAt        *string              `json:"starts_at"`
	EndsAt          *string              `json:"ends_at"`
	DurationMinutes *int                 `json:"duration_minutes"`
	Timezone        *string              `json:"timezone"`
	Location        *string              `json:"location"`
	Status          *copse.MeetingStatus `json:"status"`
	Agenda          *[]int64             `json:"agenda"`
	AgendaPublished *bool                `json:"agenda_published"`
	Notes           *string              `json:"notes"`
	Materials       *[]copse.Link        `json:"materials"`
	Attended        *[]string            `json:"attended"`
}

func handleMeetingUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "meeting")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b meetingPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		u := copse.MeetingUpdate{Title: b.Title, DurationMinutes: b.DurationMinutes, Timezone: b.Timezone, Location: b.Location,
			Status: b.Status, Agenda: b.Agenda, AgendaPublished: b.AgendaPublished, Notes: b.Notes, Materials: b.Materials, Attended: b.Attended}
		var starts, ends time.Time
		p := copse.Problems{}
		for name, s := range map[string]*string{"starts_at": b.StartsAt, "ends_at": b.EndsAt} {
			if s != nil && *s == "" {
				p.Add(name, "must be an RFC 3339 date and time such as 2026-03-26T11:00:00Z")
			}
		}
		parseTimes(p, map[string]*string{"starts_at": b.StartsAt, "ends_at": b.EndsAt}, map[string]*time.Time{"starts_at": &starts, "ends_at": &ends})
		if err := p.Err(); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if b.StartsAt != nil {
			u.StartsAt = &starts
		}
		if b.EndsAt != nil {
			u.EndsAt = &ends
		}
		m, err := db.UpdateMeeting(r.Context(), r.PathValue("slug"), id, u)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, m)
	})
}

type rsvpBody struct {
	RSVP copse.RSVP `json:"rsvp"`
}

func handleRSVP(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "meeting")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b rsvpBody
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		m, err := db.RSVP(r.Context(), r.PathValue("slug"), id, b.RSVP)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, m)
	})
}

// scheduleList is a page of a community's calendar.
type scheduleList = list[copse.ScheduleItem]

// handleSchedule lists what a community meets for in a window: its stored meetings
// and the occurrences of its cadence nobody has prepared yet (meeting_id null). From
// now, for 92 days, unless from and to say otherwise.
func handleSchedule(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		q := r.URL.Query()
		from, to := db.Now().UTC().Truncate(time.Minute), time.Time{}
		fromS, toS := q.Get("from"), q.Get("to")
		p := copse.Problems{}
		parseTimes(p, map[string]*string{"from": &fromS, "to": &toS}, map[string]*time.Time{"from": &from, "to": &to})
		var (
			after   time.Time
			afterID int64
		)
		if c := q.Get("cursor"); c != "" {
			if after, afterID, to, err = decodeScheduleCursor(c); err != nil {
				p.Add("cursor", "is not a cursor this list gave out; start again without it")
			} else {
				from = after
			}
		}
		if err := p.Err(); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if to.IsZero() {
			to = from.Add(92 * 24 * time.Hour)
		}
		size := copse.ClampLimit(n)
		items, err := db.Schedule(r.Context(), r.PathValue("slug"), from, to, 2*copse.MaxLimit+size)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var out scheduleList
		for _, it := range items {
			if !after.IsZero() && it.StartsAt.Equal(after) && scheduleKey(it) <= afterID {
				continue // shown on the page before
			}
			if len(out.Items) == size {
				last := out.Items[size-1]
				out.NextCursor = encodeScheduleCursor(last.StartsAt, scheduleKey(last), to)
				break
			}
			out.Items = append(out.Items, it)
		}
		if out.Items == nil {
			out.Items = []copse.ScheduleItem{}
		}
		httpx.JSON(w, http.StatusOK, out)
	})
}

func scheduleKey(it copse.ScheduleItem) int64 {
	if it.MeetingID == nil {
		return 0
	}
	return *it.MeetingID
}

// A schedule cursor holds where the last page ended (a start and the meeting id, 0
// for an occurrence not prepared yet) and the end of the window asked for first.
func encodeScheduleCursor(after time.Time, id int64, to time.Time) string {
	return base64.RawURLEncoding.EncodeToString([]byte(after.UTC().Format(time.RFC3339Nano) + " " +
		strconv.FormatInt(id, 10) + " " + to.UTC().Format(time.RFC3339Nano)))
}

func decodeScheduleCursor(c string) (after time.Time, id int64, to time.Time, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	parts := strings.Fields(string(b))
	if err != nil || len(parts) != 3 {
		return after, 0, to, errors.New("bad cursor")
	}
	after, err1 := time.Parse(time.RFC3339Nano, parts[0])
	id, err2 := strconv.ParseInt(parts[1], 10, 64)
	to, err3 := time.Parse(time.RFC3339Nano, parts[2])
	return after, id, to, errors.Join(err1, err2, err3)
}
