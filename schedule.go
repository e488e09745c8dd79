package copse

import (
	"cmp"
	"slices"
	"time"

	"github.com/copse-dev/copse/internal/cadence"
)

// Series is a community's cadence seen as meetings: the recurring event a calendar
// shows, from its first occurrence on.
type Series struct {
	Cadence cadence.Cadence
	// Start is the first occurrence: the rule's own DTSTART when it has one (a series
	// with COUNT), else the first occurrence after the community started, so a feed
	// does not fill calendars with meetings from before the community existed.
	Start    time.Time
	Title    string
	Sequence int // iCalendar SEQUENCE of the series: grows with each change to the cadence or its exceptions
}

// NewSeries returns the series of the community's cadence, or nil when it has none
// (or its cadence no longer parses, which a page should survive).
func NewSeries(c *Community, sequence int) *Series {
	if c.Cadence == nil {
		return nil
	}
	cad, err := cadence.Parse(c.Cadence.RRule, c.Cadence.Timezone, c.Cadence.DurationMinutes)
	if err != nil {
		return nil
	}
	start := cad.Next(time.Time{})
	if !startsItself(cad) {
		start = cad.Next(c.CreatedAt)
	}
	if start.IsZero() {
		return nil // a series that ended before the community began
	}
	return &Series{Cadence: cad, Start: start, Title: c.Name, Sequence: sequence}
}

// startsItself reports whether the rule carries its own DTSTART line.
func startsItself(c cadence.Cadence) bool {
	return len(c.RRule) > 8 && c.RRule[:8] == "DTSTART:"
}

// Duration is the length of each meeting of the series.
func (s *Series) Duration() time.Duration {
	return time.Duration(s.Cadence.DurationMinutes) * time.Minute
}

// Has reports whether at is an occurrence of the series.
func (s *Series) Has(at time.Time) bool {
	return s != nil && !at.Before(s.Start) && s.Cadence.Next(at).Equal(at)
}

// CheckOccurrence explains why at is not an occurrence of the series, or returns nil.
func (s *Series) CheckOccurrence(c *Community, at time.Time) error {
	var msg string
	switch {
	case s == nil:
		msg = "cannot be prepared: " + c.Name + " has no regular meeting; schedule a one-off meeting instead"
	case s.Has(at):
		return nil
	default:
		next := s.Cadence.Next(at)
		if next.Before(s.Start) {
			next = s.Start
		}
		msg = "is not a meeting of the cadence (" + c.Cadence.Description + ")"
		if !next.IsZero() {
			msg += "; the next one starts at " + next.UTC().Format(time.RFC3339)
		}
	}
	return &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"occurrence": msg}}
}

// BuildSchedule merges the occurrences of a community's series with its stored
// meetings, for the meetings that start in [from, to), in order, at most limit.
// A stored occurrence replaces the one the cadence gives (it may have moved, or been
// cancelled, which the schedule shows); stored is every meeting that starts in the
// window or is an occurrence the window would otherwise hold.
func BuildSchedule(slug string, s *Series, stored []*Meeting, from, to time.Time, limit int) []ScheduleItem {
	taken := map[int64]bool{}
	var out []ScheduleItem
	for _, m := range stored {
		if m.Occurrence != nil {
			taken[m.Occurrence.Unix()] = true
		}
		if m.StartsAt.Before(from) || !m.StartsAt.Before(to) {
			continue
		}
		id := m.ID
		out = append(out, ScheduleItem{Community: slug, Title: m.Title, StartsAt: m.StartsAt, EndsAt: m.EndsAt,
			Timezone: m.Timezone, Location: m.Location, Status: m.Status, MeetingID: &id, Occurrence: m.Occurrence})
	}
	if s != nil {
		for _, at := range s.Cadence.Occurrences(later(from, s.Start), to, limit) {
			if taken[at.Unix()] {
				continue
			}
			at := at.UTC()
			out = append(out, ScheduleItem{Community: slug, Title: s.Title, StartsAt: at, EndsAt: at.Add(s.Duration()),
				Timezone: s.Cadence.Timezone, Status: MeetingScheduled, Occurrence: &at})
		}
	}
	slices.SortStableFunc(out, func(a, b ScheduleItem) int {
		if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
			return c
		}
		return cmp.Compare(idOf(a), idOf(b))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func idOf(s ScheduleItem) int64 {
	if s.MeetingID == nil {
		return 0
	}
	return *s.MeetingID
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
