// Package ical writes iCalendar (RFC 5545) feeds of copse's meetings for calendar
// apps to subscribe to: a community's series as one recurring event with its
// exceptions, its one-off meetings, and the VTIMEZONE each zone in use needs.
//
// It writes RFC 5545 itself rather than through a library: the subset a feed needs
// is small, and what matters — line folding on character boundaries, TEXT escaping,
// UNTIL in UTC beside a zoned DTSTART, a VTIMEZONE that stays right for years — is
// easier to get right and to test here than to find done well elsewhere. A test runs
// Mozilla's ical.js over the feeds and checks it sees the meetings copse does.
package ical

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a feed: its name and its events.
type Calendar struct {
	Name        string
	Description string
	URL         string // the page the feed belongs to
	Events      []Event
	Now         time.Time // DTSTAMP of every event, and where VTIMEZONEs look ahead from
}

// Event is one VEVENT: a single meeting, the master of a series (RRule set), or an
// exception to a series (RecurrenceID set, with the master's UID).
type Event struct {
	UID          string
	Sequence     int
	Start, End   time.Time
	Zone         string // IANA zone of Start, End, RecurrenceID and ExDates; "" writes UTC
	RRule        string // without "RRULE:" and without a DTSTART line
	ExDates      []time.Time
	RecurrenceID *time.Time
	Summary      string
	Description  string
	Location     string
	URL          string
	Cancelled    bool
	Created      time.Time
	LastModified time.Time
}

const (
	lineLimit  = 75 // octets per line, CRLF excluded (RFC 5545 3.1)
	localTime  = "20060102T150405"
	utcTime    = "20060102T150405Z"
	productID  = "-//copse//copse meetings//EN"
	refreshTTL = "PT1H" // how often calendar apps should fetch the feed again
)

// WriteTo writes the calendar as iCalendar text.
func (c *Calendar) WriteTo(w io.Writer) (int64, error) {
	b := &builder{w: bufio.NewWriter(w)}
	b.line("BEGIN", "VCALENDAR")
	b.line("VERSION", "2.0")
	b.line("PRODID", productID)
	b.line("CALSCALE", "GREGORIAN")
	b.line("METHOD", "PUBLISH")
	if c.Name != "" {
		b.line("NAME", text(c.Name))
		b.line("X-WR-CALNAME", text(c.Name))
	}
	if c.Description != "" {
		b.line("X-WR-CALDESC", text(c.Description))
	}
	if c.URL != "" {
		b.line("URL;VALUE=URI", c.URL)
	}
	b.line("REFRESH-INTERVAL;VALUE=DURATION", refreshTTL)
	b.line("X-PUBLISHED-TTL", refreshTTL)
	for _, z := range c.zones() {
		writeTimezone(b, z.name, z.from, c.Now)
	}
	for _, e := range c.Events {
		e.write(b, c.Now)
	}
	b.line("END", "VCALENDAR")
	return b.n, b.flush()
}

type zoneUse struct {
	name string
	from time.Time // the earliest time written in this zone
}

// zones lists each zone the events use, with the earliest time written in it, so its
// VTIMEZONE covers every time that refers to it.
func (c *Calendar) zones() []zoneUse {
	earliest := map[string]time.Time{}
	for _, e := range c.Events {
		if e.Zone == "" {
			continue
		}
		times := append([]time.Time{e.Start}, e.ExDates...)
		if e.RecurrenceID != nil {
			times = append(times, *e.RecurrenceID)
		}
		for _, t := range times {
			if at, ok := earliest[e.Zone]; !ok || t.Before(at) {
				earliest[e.Zone] = t
			}
		}
	}
	var out []zoneUse
	for name, from := range earliest {
		out = append(out, zoneUse{name, from})
	}
	slices.SortFunc(out, func(a, b zoneUse) int { return strings.Compare(a.name, b.name) })
	return out
}

func (e *Event) write(b *builder, now time.Time) {
	b.line("BEGIN", "VEVENT")
	b.line("UID", e.UID)
	b.line("DTSTAMP", now.UTC().Format(utcTime))
	if e.RecurrenceID != nil {
		b.time("RECURRENCE-ID", e.Zone, *e.RecurrenceID)
	}
	b.time("DTSTART", e.Zone, e.Start)
	b.time("DTEND", e.Zone, e.End)
	if e.RRule != "" {
		b.line("RRULE", e.RRule)
	}
	if len(e.ExDates) > 0 {
		values := make([]string, len(e.ExDates))
		for i, t := range e.ExDates {
			values[i] = b.format(e.Zone, t)
		}
		b.line(withZone("EXDATE", e.Zone), strings.Join(values, ","))
	}
	b.line("SEQUENCE", itoa(e.Sequence))
	b.line("SUMMARY", text(e.Summary))
	if e.Description != "" {
		b.line("DESCRIPTION", text(e.Description))
	}
	if e.Location != "" {
		b.line("LOCATION", text(e.Location))
	}
	if e.URL != "" {
		b.line("URL;VALUE=URI", e.URL)
	}
	status := "CONFIRMED"
	if e.Cancelled {
		status = "CANCELLED"
	}
	b.line("STATUS", status)
	b.line("TRANSP", "OPAQUE")
	if !e.Created.IsZero() {
		b.line("CREATED", e.Created.UTC().Format(utcTime))
	}
	if !e.LastModified.IsZero() {
		b.line("LAST-MODIFIED", e.LastModified.UTC().Format(utcTime))
	}
	b.line("END", "VEVENT")
}

// builder writes content lines, folded, with CRLF endings.
type builder struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (b *builder) flush() error {
	if b.err != nil {
		return b.err
	}
	return b.w.Flush()
}

// line writes "NAME:value" (name may carry parameters), folded to 75 octets per line
// without splitting a UTF-8 character (RFC 5545 3.1).
func (b *builder) line(name, value string) {
	s := name + ":" + value
	first := true
	for len(s) > 0 {
		limit := lineLimit
		if !first {
			limit-- // the leading space of a continuation counts
			b.write(" ")
		}
		cut := min(len(s), limit)
		for cut < len(s) && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.write(s[:cut])
		b.write("\r\n")
		s, first = s[cut:], false
	}
}

func (b *builder) write(s string) {
	if b.err != nil {
		return
	}
	n, err := b.w.WriteString(s)
	b.n += int64(n)
	b.err = err
}

// time writes a DATE-TIME property: local time with TZID in a zone, else UTC.
func (b *builder) time(name, zone string, t time.Time) {
	b.line(withZone(name, zone), b.format(zone, t))
}

func (b *builder) format(zone string, t time.Time) string {
	if zone == "" {
		return t.UTC().Format(utcTime)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return t.UTC().Format(utcTime) // unreachable: zones are validated before they are stored
	}
	return t.In(loc).Format(localTime)
}

func withZone(name, zone string) string {
	if zone == "" {
		return name
	}
	return name + ";TZID=" + paramValue(zone)
}

// paramValue quotes a parameter value that holds a character with a meaning there.
func paramValue(s string) string {
	if strings.ContainsAny(s, ":;,") {
		return `"` + strings.ReplaceAll(s, `"`, "") + `"`
	}
	return s
}

// text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
func text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

func itoa(n int) string { return strconv.Itoa(max(n, 0)) }
