package copse

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MeetingStatus is where a meeting is: scheduled until it is held or cancelled.
type MeetingStatus string

const (
	MeetingScheduled MeetingStatus = "scheduled"
	MeetingHeld      MeetingStatus = "held"
	MeetingCancelled MeetingStatus = "cancelled"
)

// Valid reports whether s is one of the three statuses.
func (s MeetingStatus) Valid() bool {
	return s == MeetingScheduled || s == MeetingHeld || s == MeetingCancelled
}

// RSVP is a person's answer before a meeting; "" when they have not answered.
type RSVP string

const (
	RSVPYes   RSVP = "yes"
	RSVPNo    RSVP = "no"
	RSVPMaybe RSVP = "maybe"
)

// Valid reports whether r is an answer.
func (r RSVP) Valid() bool { return r == RSVPYes || r == RSVPNo || r == RSVPMaybe }

// Meeting is one meeting of a community: a one-off, or an occurrence of the series its
// cadence generates that someone prepared, moved, cancelled or recorded. Occurrences
// nobody has touched are not stored; they are ScheduleItems worked out from the cadence.
type Meeting struct {
	ID        int64         `json:"id"`
	Community string        `json:"community"`
	Title     string        `json:"title"`
	StartsAt  time.Time     `json:"starts_at"`
	EndsAt    time.Time     `json:"ends_at"`
	Timezone  string        `json:"timezone"`
	Location  string        `json:"location"` // a place or a video link
	Status    MeetingStatus `json:"status"`
	// Occurrence is the start the cadence gave this meeting (its RECURRENCE-ID in
	// calendars), which stays when the meeting is moved; nil for a one-off meeting.
	Occurrence        *time.Time `json:"occurrence"`
	Agenda            []Topic    `json:"agenda"`
	AgendaPublishedAt *time.Time `json:"agenda_published_at"`
	Notes             string     `json:"notes"` // Markdown
	NotesPublishedAt  *time.Time `json:"notes_published_at"`
	Materials         []Link     `json:"materials"`
	Attendees         []Attendee `json:"attendees"`
	Sequence          int        `json:"sequence"` // iCalendar SEQUENCE: bumped by every change to when, where or whether
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`

	CommunityID int64 `json:"-"`
}

// Attendee is a person's RSVP before a meeting and whether they attended it.
type Attendee struct {
	Handle   string `json:"handle"`
	Name     string `json:"name"`
	RSVP     RSVP   `json:"rsvp"`
	Attended bool   `json:"attended"`
}

// ScheduleItem is a meeting on a community's calendar: a stored meeting, or an
// occurrence of its cadence that nobody has prepared yet (MeetingID nil).
type ScheduleItem struct {
	Community  string        `json:"community"`
	Title      string        `json:"title"`
	StartsAt   time.Time     `json:"starts_at"`
	EndsAt     time.Time     `json:"ends_at"`
	Timezone   string        `json:"timezone"`
	Location   string        `json:"location"`
	Status     MeetingStatus `json:"status"`
	MeetingID  *int64        `json:"meeting_id"`
	Occurrence *time.Time    `json:"occurrence"`
}

// Meeting limits.
const (
	maxMeetingTitle  = 120
	maxLocation      = 500
	maxNotes         = 100000
	MaxAgenda        = 20
	maxMaterials     = 30
	DefaultAgendaLen = 5 // how many planned topics a new meeting proposes
	// MaxScheduleWindow bounds one schedule request: a year and a month covers "a
	// year including clock changes" from any day.
	MaxScheduleWindow = 400 * 24 * time.Hour
)

// Meetings are between these years: earlier is a typo, and history from 2016 on
// (seed 000) is well inside.
var (
	earliestMeeting = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	latestMeeting   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// NewMeeting is what scheduling a one-off meeting, or preparing an occurrence of the
// cadence, takes.
type NewMeeting struct {
	Title           string
	StartsAt        time.Time
	EndsAt          time.Time // zero: StartsAt + DurationMinutes
	DurationMinutes int       // 0: the cadence's, else an hour
	Timezone        string    // "": the cadence's, else UTC
	Location        string
	Agenda          *[]int64   // nil: the top-voted planned topics are proposed
	Occurrence      *time.Time // an occurrence of the cadence to prepare, instead of a one-off
}

// Validate normalises the meeting and reports every bad field. defaults is the
// community's cadence (nil when it has none), whose zone and length a new meeting
// takes when it gives none.
func (n *NewMeeting) Validate(defaults *Cadence) error {
	p := Problems{}
	n.Title = strings.Join(strings.Fields(n.Title), " ")
	validateText(p, "title", n.Title, 0, maxMeetingTitle)
	if n.Timezone == "" {
		n.Timezone = "UTC"
		if defaults != nil {
			n.Timezone = defaults.Timezone
		}
	}
	validateZone(p, "timezone", n.Timezone)
	if n.Occurrence != nil {
		return p.Err() // the cadence gives the time; the store checks it is one
	}
	if n.DurationMinutes == 0 && n.EndsAt.IsZero() {
		n.DurationMinutes = 60
		if defaults != nil && defaults.DurationMinutes > 0 {
			n.DurationMinutes = defaults.DurationMinutes
		}
	}
	n.EndsAt = validateWhen(p, n.StartsAt, n.EndsAt, n.DurationMinutes, n.DurationMinutes != 0)
	n.Location = validateLocation(p, "location", n.Location)
	if n.Agenda != nil {
		*n.Agenda = validateAgenda(p, "agenda", *n.Agenda)
	}
	return p.Err()
}

// MeetingUpdate holds the fields a PATCH changes; nil means unchanged.
type MeetingUpdate struct {
	Title           *string
	StartsAt        *time.Time
	EndsAt          *time.Time
	DurationMinutes *int
	Timezone        *string
	Location        *string
	Status          *MeetingStatus
	Agenda          *[]int64
	AgendaPublished *bool
	Notes           *string
	Materials       *[]Link
	Attended        *[]string // handles of the people who attended
}

// Empty reports whether the update changes nothing.
func (u *MeetingUpdate) Empty() bool { return *u == MeetingUpdate{} }

// Reschedules reports whether the update moves the meeting in time.
func (u *MeetingUpdate) Reschedules() bool {
	return u.StartsAt != nil || u.EndsAt != nil || u.DurationMinutes != nil
}

// Validate normalises the changed fields against the meeting as it is and reports
// every bad one; it fills in the new end when the start or the length changes.
func (u *MeetingUpdate) Validate(m *Meeting) error {
	p := Problems{}
	if u.Title != nil {
		*u.Title = strings.Join(strings.Fields(*u.Title), " ")
		validateText(p, "title", *u.Title, 2, maxMeetingTitle)
	}
	if u.Timezone != nil {
		validateZone(p, "timezone", *u.Timezone)
	}
	if u.Reschedules() {
		start, end, minutes, byLength := m.StartsAt, time.Time{}, 0, false
		if u.StartsAt != nil {
			start = *u.StartsAt
		}
		switch {
		case u.DurationMinutes != nil:
			minutes, byLength = *u.DurationMinutes, true
		case u.EndsAt != nil:
			end = *u.EndsAt
		default: // moved: keep the length
			minutes, byLength = int(m.EndsAt.Sub(m.StartsAt)/time.Minute), true
		}
		if u.EndsAt != nil && u.DurationMinutes != nil {
			p.Add("ends_at", "give ends_at or duration_minutes, not both")
		}
		end = validateWhen(p, start, end, minutes, byLength)
		u.StartsAt, u.EndsAt = &start, &end
	}
	if u.Location != nil {
		*u.Location = validateLocation(p, "location", *u.Location)
	}
	if u.Status != nil && !u.Status.Valid() {
		p.Add("status", `must be "scheduled", "held" or "cancelled"`)
	}
	if u.Agenda != nil {
		*u.Agenda = validateAgenda(p, "agenda", *u.Agenda)
	}
	if u.Notes != nil {
		validateText(p, "notes", *u.Notes, 0, maxNotes)
	}
	if u.Materials != nil {
		if len(*u.Materials) > maxMaterials {
			p.Add("materials", "at most "+strconv.Itoa(maxMaterials)+" materials")
		}
		validateLinks(p, "materials", *u.Materials)
	}
	if u.Attended != nil {
		for i, h := range *u.Attended {
			(*u.Attended)[i] = NormalizeHandle(h)
		}
		*u.Attended = slices.Compact(slices.Sorted(slices.Values(*u.Attended)))
	}
	return p.Err()
}

// validateWhen checks a meeting's start and end and returns the end: the one given,
// or the start plus the length when byLength.
func validateWhen(p Problems, start, end time.Time, minutes int, byLength bool) time.Time {
	switch {
	case start.IsZero():
		p.Add("starts_at", "is required: a date and time such as 2026-03-26T11:00:00Z")
		return end
	case start.Before(earliestMeeting) || !start.Before(latestMeeting):
		p.Add("starts_at", "must be between 1990 and 2099")
		return end
	}
	if byLength {
		if minutes < 5 || minutes > 24*60 {
			p.Add("duration_minutes", "must be between 5 and 1440 minutes (24 hours), not "+strconv.Itoa(minutes))
			return end
		}
		return start.Add(time.Duration(minutes) * time.Minute)
	}
	switch {
	case !end.After(start):
		p.Add("ends_at", "must be after starts_at")
	case end.Sub(start) > 24*time.Hour:
		p.Add("ends_at", "must be at most 24 hours after starts_at")
	}
	return end
}

func validateZone(p Problems, field, name string) {
	if _, err := time.LoadLocation(name); err != nil || name == "" || name == "Local" {
		p.Add(field, `"`+name+`" is not an IANA time zone such as Europe/London`)
	}
}

// validateLocation accepts a place ("Room 4, 10 South Colonnade") or a video link,
// which must then be a full web address, so it can be a link on the page.
func validateLocation(p Problems, field, s string) string {
	s = strings.TrimSpace(s)
	validateText(p, field, s, 0, maxLocation)
	if strings.HasPrefix(strings.ToLower(s), "http") && !strings.ContainsAny(s, " \t\n") {
		if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			p.Add(field, "must be a place, or a full http:// or https:// link to the call")
		}
	}
	return s
}

func validateAgenda(p Problems, field string, ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) > MaxAgenda {
		p.Add(field, "at most "+strconv.Itoa(MaxAgenda)+" topics; a meeting cannot do justice to more")
	}
	return out
}

// LocationURL returns the location when it is a link to a call, else "".
func (m *Meeting) LocationURL() string { return locationURL(m.Location) }

// LocationURL returns the location when it is a link to a call, else "".
func (s *ScheduleItem) LocationURL() string { return locationURL(s.Location) }

func locationURL(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return s
	}
	return ""
}

// Meeting rules (seeds 002 and 004: "the facilitator runs the meeting", a core team
// "plans and evaluates"):
//   - facilitators and the core team (and admins) schedule, move, cancel and record
//     meetings and build their agendas;
//   - anyone in the community says whether they will come (RSVP);
//   - a meeting is held once it has started, and only then has notes and attendance;
//   - a held meeting stays where it was; a cancelled one changes only by restoring it;
//   - nothing changes in an archived community.

// CanManageMeetings reports whether the viewer schedules and records meetings.
func (v Viewer) CanManageMeetings() bool { return v.core() }

// CanRSVP reports whether the viewer may answer whether they will come.
func (v Viewer) CanRSVP() bool { return v.Role != "" || v.admin() }

// AuthorizeMeetings checks that the viewer may schedule and change meetings of c.
func (v Viewer) AuthorizeMeetings(c *Community) error {
	if !v.CanManageMeetings() {
		return v.denied("Only the facilitators and the core team of %s schedule and record its meetings.", c.Name)
	}
	return Writable(c)
}

// AuthorizeRSVP checks that the viewer may answer for a meeting of c.
func (v Viewer) AuthorizeRSVP(c *Community) error {
	if !v.CanRSVP() {
		return v.denied("Join %s to say whether you will come to its meetings.", c.Name)
	}
	return Writable(c)
}

// CheckMeetingUpdate applies the meeting rules to a validated change, at now.
func CheckMeetingUpdate(m *Meeting, u *MeetingUpdate, now time.Time) error {
	to := m.Status
	if u.Status != nil {
		to = *u.Status
	}
	switch {
	case m.Status == MeetingCancelled && to == MeetingCancelled && !u.Empty():
		return Errorf(ECONFLICT, "This meeting is cancelled: restore it (status \"scheduled\") before changing it.")
	case m.Status == MeetingHeld && to == MeetingCancelled:
		return Errorf(ECONFLICT, "This meeting was held; it cannot be cancelled.")
	case m.Status == MeetingHeld && u.Reschedules():
		return Errorf(ECONFLICT, "This meeting was held; it cannot be moved. Schedule a new one instead.")
	case to == MeetingHeld && m.Status != MeetingHeld && m.StartsAt.After(now):
		return &Error{Code: ECONFLICT, Message: "This meeting has not started yet: it can be marked as held once it starts.",
			Fields: map[string]string{"status": "can be \"held\" once the meeting has started"}}
	case to != MeetingHeld && (u.Notes != nil && *u.Notes != "" || u.Attended != nil && len(*u.Attended) > 0):
		return &Error{Code: ECONFLICT, Message: "Notes and attendance are recorded once the meeting is held: mark it as held first.",
			Fields: map[string]string{"status": `must be "held" to record notes and attendance`}}
	}
	return nil
}
