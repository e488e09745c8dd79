package ical

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// Source is one community's part of a feed: its series (nil when it has no cadence)
// and its stored meetings, including every stored occurrence of the series.
type Source struct {
	Community *copse.Community
	Series    *copse.Series
	Meetings  []*copse.Meeting
}

// Feed builds the calendar of some communities. base is the site's address, for
// links and for the domain of the UIDs, which never change for a meeting.
func Feed(name, description string, base *url.URL, pageURL string, sources []Source, now time.Time) *Calendar {
	cal := &Calendar{Name: name, Description: description, URL: pageURL, Now: now}
	host := "copse.invalid"
	if base != nil && base.Hostname() != "" {
		host = base.Hostname()
	}
	for _, src := range sources {
		cal.Events = append(cal.Events, events(src, base, host)...)
	}
	return cal
}

// events turns a community's series and meetings into VEVENTs: the series as one
// recurring event, its cancelled occurrences as EXDATEs, each other stored
// occurrence as an exception with RECURRENCE-ID (it may have moved, or have an agenda
// worth showing), and every other meeting as an event of its own.
func events(src Source, base *url.URL, host string) []Event {
	c, s := src.Community, src.Series
	seriesUID := fmt.Sprintf("community-%d-series@%s", c.ID, host)
	var (
		master   *Event
		out      []Event
		excepted []Event
	)
	if s != nil {
		zone := s.Cadence.Timezone
		master = &Event{
			UID: seriesUID, Sequence: s.Sequence, Zone: zone, Start: s.Start, End: s.Start.Add(s.Duration()),
			RRule: rrule(s), Summary: s.Title, URL: link(base, "/communities/"+c.Slug+"/meetings"),
			Description: c.Cadence.Description + ".\n\nAgenda, notes and materials: " + link(base, "/communities/"+c.Slug+"/meetings"),
			Created:     c.CreatedAt, LastModified: c.UpdatedAt,
		}
	}
	for _, m := range src.Meetings {
		e := meetingEvent(c, m, base)
		if m.Occurrence != nil && s.Has(*m.Occurrence) {
			if m.Status == copse.MeetingCancelled {
				master.ExDates = append(master.ExDates, *m.Occurrence)
				continue
			}
			occ := *m.Occurrence
			e.UID, e.Zone, e.RecurrenceID = seriesUID, s.Cadence.Timezone, &occ
			// Some calendars ignore an exception whose SEQUENCE is below its series';
			// both counts only grow, so their sum does too.
			e.Sequence += s.Sequence
			excepted = append(excepted, e)
			continue
		}
		e.UID = fmt.Sprintf("meeting-%d@%s", m.ID, host)
		out = append(out, e)
	}
	if master != nil {
		out = append(append([]Event{*master}, excepted...), out...)
	}
	return out
}

func meetingEvent(c *copse.Community, m *copse.Meeting, base *url.URL) Event {
	page := link(base, "/communities/"+c.Slug+"/meetings/"+strconv.FormatInt(m.ID, 10))
	var d strings.Builder
	if len(m.Agenda) > 0 {
		d.WriteString("Agenda:\n")
		for i, t := range m.Agenda {
			fmt.Fprintf(&d, "%d. %s\n", i+1, t.Title)
		}
		d.WriteString("\n")
	}
	if u := m.LocationURL(); u != "" {
		d.WriteString("Join: " + u + "\n")
	}
	d.WriteString(page)
	summary := m.Title
	if m.Title != c.Name && !strings.Contains(m.Title, c.Name) {
		summary = m.Title + " (" + c.Name + ")"
	}
	return Event{
		Sequence: m.Sequence, Start: m.StartsAt, End: m.EndsAt, Summary: summary, Description: d.String(),
		Location: m.Location, URL: page, Cancelled: m.Status == copse.MeetingCancelled,
		Created: m.CreatedAt, LastModified: m.UpdatedAt,
	}
}

// rrule is the series' rule as a feed writes it: without copse's DTSTART line (the
// event's DTSTART says where it starts), and with UNTIL in UTC, which RFC 5545
// requires beside a DTSTART with a TZID.
func rrule(s *copse.Series) string {
	text := s.Cadence.RRule
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		text = text[i+1:]
	}
	text = strings.TrimPrefix(text, "RRULE:")
	parts := strings.Split(text, ";")
	loc, err := time.LoadLocation(s.Cadence.Timezone)
	if err != nil {
		return text
	}
	for i, p := range parts {
		value, ok := strings.CutPrefix(p, "UNTIL=")
		if !ok {
			continue
		}
		if until, ok := untilUTC(value, loc); ok {
			parts[i] = "UNTIL=" + until.Format(utcTime)
		}
	}
	return strings.Join(parts, ";")
}

// untilUTC reads UNTIL as copse's cadences do: a date is the end of that day, a
// floating time is in the zone.
func untilUTC(v string, loc *time.Location) (time.Time, bool) {
	switch len(v) {
	case len("20060102"):
		d, err := time.ParseInLocation("20060102", v, loc)
		return d.AddDate(0, 0, 1).Add(-time.Second).UTC(), err == nil
	case len(localTime):
		t, err := time.ParseInLocation(localTime, v, loc)
		return t.UTC(), err == nil
	}
	t, err := time.Parse(utcTime, v)
	return t, err == nil
}

func link(base *url.URL, path string) string {
	if base == nil {
		return path
	}
	return strings.TrimSuffix(base.String(), "/") + path
}
