// Package cadence is a community's recurring meeting rule: an RFC 5545 RRULE, an IANA
// time zone and a duration. The time of day lives in the rule itself (BYHOUR, BYMINUTE),
// so a cadence needs no DTSTART; it can say it in words for the community page and list
// its meetings for the calendar and the health rules.
package cadence

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	// Zones must resolve the same on a minimal container without /usr/share/zoneinfo as
	// on a laptop; a community in Europe/London must not fail to save on one of them.
	_ "time/tzdata"

	"github.com/teambition/rrule-go"
)

// DefaultDurationMinutes is the length of a meeting when none is given.
const DefaultDurationMinutes = 60

// Bounds of a meeting's length: shorter is not a meeting, longer than a day is an event.
const (
	minDurationMinutes = 5
	maxDurationMinutes = 24 * 60
)

// Cadence is a validated recurring rule. Build one with Parse; the zero Cadence means
// "no cadence": it describes as "" and has no occurrences.
type Cadence struct {
	// RRule is the normalised rule: upper case, without a leading "RRULE:", e.g.
	// FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0. A series that starts on a given date
	// (needed for COUNT) keeps its iCalendar DTSTART line first:
	// "DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6".
	RRule           string
	Timezone        string
	DurationMinutes int

	loc *time.Location
	// opt has no Dtstart: each expansion sets its own, because the anchor moves with
	// the window asked for and because an rrule.RRule writes to itself while iterating,
	// so one cannot be shared between goroutines.
	opt rrule.ROption
	// start is the series anchor: the DTSTART line if there was one, otherwise
	// anchorYear-01-01 00:00 in loc, so that INTERVAL counts from the same place
	// whatever window is asked for.
	start    time.Time
	hasStart bool // start came from a DTSTART line, so it is worth saying
}

// anchorYear is where a series without DTSTART begins. Any fixed year would do; moving
// it would shift every INTERVAL>1 cadence by a period, so it must never change.
const anchorYear = 2000

// FieldError is a validation failure of one input field, with a message a person can
// act on. Field is "rrule", "timezone" or "duration_minutes", as in the API.
type FieldError struct {
	Field, Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErrorf(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// parsed remembers valid cadences: every community read describes its cadence, and
// parsing (loading the zone, proving the rule meets) is far dearer than a lookup. A
// site has few distinct cadences; the bound only stops a flood of new ones.
var parsed = struct {
	sync.RWMutex
	m map[[3]string]Cadence
}{m: map[[3]string]Cadence{}}

const maxRemembered = 4096

// Parse validates and normalises a cadence. durationMinutes 0 means the default of an
// hour. The error, if any, is a *FieldError for the first field found wrong, checked
// in the API's order: rrule, timezone, duration_minutes. A Cadence is immutable, so
// valid ones are remembered and shared.
func Parse(rruleText, timezone string, durationMinutes int) (Cadence, error) {
	key := [3]string{rruleText, timezone, strconv.Itoa(durationMinutes)}
	parsed.RLock()
	c, ok := parsed.m[key]
	parsed.RUnlock()
	if ok {
		return c, nil
	}
	c, err := parse(rruleText, timezone, durationMinutes)
	if err == nil {
		parsed.Lock()
		if len(parsed.m) < maxRemembered {
			parsed.m[key] = c
		}
		parsed.Unlock()
	}
	return c, err
}

func parse(rruleText, timezone string, durationMinutes int) (Cadence, error) {
	timezone = strings.TrimSpace(timezone)
	loc, zoneErr := loadZone(timezone)
	ruleLoc := loc
	if zoneErr != nil {
		// Still check the rule, so a bad rule is reported before a bad zone; local
		// dates in it only need some zone to parse.
		ruleLoc = time.UTC
	}
	r, err := parseRule(rruleText, ruleLoc)
	if err != nil {
		return Cadence{}, err
	}
	if zoneErr != nil {
		return Cadence{}, zoneErr
	}
	if durationMinutes == 0 {
		durationMinutes = DefaultDurationMinutes
	}
	if durationMinutes < minDurationMinutes || durationMinutes > maxDurationMinutes {
		return Cadence{}, fieldErrorf("duration_minutes",
			"must be between %d and %d minutes (24 hours), not %d", minDurationMinutes, maxDurationMinutes, durationMinutes)
	}
	c := Cadence{
		RRule:           r.text,
		Timezone:        timezone,
		DurationMinutes: durationMinutes,
		loc:             loc,
		opt:             r.opt,
		start:           r.start,
		hasStart:        !r.start.IsZero(),
	}
	if !c.hasStart {
		c.start = time.Date(anchorYear, 1, 1, 0, 0, 0, 0, loc)
	}
	if err := c.checkMeets(); err != nil {
		return Cadence{}, err
	}
	return c, nil
}

// loadZone accepts only real IANA names: time.LoadLocation also takes "" (UTC) and
// "Local" (whatever the server is set to), neither of which a community means.
func loadZone(name string) (*time.Location, *FieldError) {
	if name == "" {
		return nil, fieldErrorf("timezone", "is required: an IANA time zone such as Europe/London")
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, fieldErrorf("timezone", "%q is not an IANA time zone such as Europe/London", name)
	}
	return loc, nil
}

// checkMeets refuses a rule that yields no meeting at all. The static checks in
// parseRule catch the usual impossible dates (31 February); this catches the rest, and
// a series whose UNTIL comes before its first meeting. The Gregorian calendar repeats
// every 400 years, so a rule with nothing from its anchor on never matches: rrule-go
// then walks to year 9999 once, a cost paid only by such a rule.
func (c Cadence) checkMeets() *FieldError {
	if !c.Next(c.start).IsZero() {
		return nil
	}
	if c.opt.Until.IsZero() {
		return fieldErrorf("rrule", "the rule never matches a date; check that its BY… parts can all be true at once")
	}
	open := c
	open.opt.Until = time.Time{}
	first := open.Next(c.start)
	if first.IsZero() {
		return fieldErrorf("rrule", "the rule never matches a date; check that its BY… parts can all be true at once")
	}
	return fieldErrorf("rrule", "UNTIL ends the series before its first meeting on %s", first.Format(dateLayout))
}

// Period approximates the length of one cycle, FREQ × INTERVAL, for rules such as "no
// meeting for two cadence periods". Months and years use their Gregorian averages, so
// that a monthly cadence is not judged by whether the last month had 28 or 31 days.
func (c Cadence) Period() time.Duration {
	const (
		day   = 24 * time.Hour
		month = 2629746 * time.Second  // 365.2425 days / 12
		year  = 31556952 * time.Second // 365.2425 days
	)
	if c.loc == nil {
		return 0
	}
	n := time.Duration(max(c.opt.Interval, 1))
	switch c.opt.Freq {
	case rrule.DAILY:
		return n * day
	case rrule.WEEKLY:
		return n * 7 * day
	case rrule.MONTHLY:
		return n * month
	default:
		return n * year
	}
}
