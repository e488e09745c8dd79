package cadence

import (
	"time"

	"github.com/teambition/rrule-go"
)

// Occurrences returns the start times, in the cadence's zone, of its meetings in
// [from, to), at most limit of them. The wall-clock time is the rule's on both sides of a
// daylight-saving change: 11:00 in London is 11:00Z in March and 10:00Z in April.
func (c Cadence) Occurrences(from, to time.Time, limit int) []time.Time {
	if c.loc == nil || limit <= 0 || !from.Before(to) {
		return nil
	}
	next := c.iterator(from)
	var out []time.Time
	for {
		t, ok := next()
		if !ok || !t.Before(to) {
			return out
		}
		if t.Before(from) {
			continue
		}
		out = append(out, t)
		if len(out) == limit {
			return out
		}
	}
}

// Next returns the first meeting at or after t, in the cadence's zone, or the zero
// time if there is none (the series ended with COUNT or UNTIL, or there is no cadence).
func (c Cadence) Next(t time.Time) time.Time {
	if c.loc == nil {
		return time.Time{}
	}
	next := c.iterator(t)
	for {
		o, ok := next()
		if !ok {
			return time.Time{}
		}
		if !o.Before(t) {
			return o
		}
	}
}

// iterator returns the cadence's meetings in order, as instants in its zone, from a
// point early enough to miss nothing at or after from.
//
// rrule-go is given wall-clock times in UTC, where every day has 24 hours, and each
// result is placed in the zone here. Given the zone itself, rrule-go steps through a
// year with AddDate from 1 January at midnight; where a zone skips midnight (Santiago,
// Asunción, Havana, Cairo, Beirut) that lands on the day before, so it drops that day's
// meeting and repeats the previous day's.
//
// rrule-go has no "seek" either: it always walks from DTSTART, which for us is 2000 or
// earlier, so a daily cadence would walk nine thousand days on every call. The walk is
// restarted at the beginning of the series' period holding from (every INTERVAL months
// from the anchor's month, say), which yields exactly the anchor's occurrences while
// keeping INTERVAL=2 on the same months whatever from is. A COUNT series cannot skip:
// its count starts at DTSTART, and it is short anyway.
func (c Cadence) iterator(from time.Time) rrule.Next {
	opt := c.opt
	opt.Until = time.Time{} // compared below as an instant, not as a wall clock
	opt.Dtstart = wallClock(c.start)
	if opt.Count == 0 && from.After(c.start) {
		if s, ok := c.periodOf(from); ok {
			opt.Dtstart = s
		}
	}
	r, err := rrule.NewRRule(opt)
	if err != nil {
		// Parse checked every bound rrule-go checks, so this is a programming error;
		// answering "no meetings" beats bringing down a page over a calendar.
		return func() (time.Time, bool) { return time.Time{}, false }
	}
	next := r.Iterator()
	return func() (time.Time, bool) {
		w, ok := next()
		if !ok {
			return time.Time{}, false
		}
		t := place(w, c.loc)
		if !c.opt.Until.IsZero() && t.After(c.opt.Until) {
			return time.Time{}, false
		}
		return t, true
	}
}

// periodOf returns the first day (as a UTC wall clock) of the series' period holding
// from, if that is after the anchor's.
func (c Cadence) periodOf(from time.Time) (time.Time, bool) {
	interval := max(c.opt.Interval, 1)
	first := periodStart(wallClock(c.start), c.opt.Freq, c.opt.Wkst)
	target := wallClock(from.In(c.loc))
	var n int
	switch c.opt.Freq {
	case rrule.DAILY:
		n = days(first, target) / interval
	case rrule.WEEKLY:
		n = days(first, target) / (7 * interval)
	case rrule.MONTHLY:
		n = ((target.Year()-first.Year())*12 + int(target.Month()-first.Month())) / interval
	default:
		n = (target.Year() - first.Year()) / interval
	}
	if n <= 0 {
		return time.Time{}, false
	}
	switch c.opt.Freq {
	case rrule.DAILY:
		return first.AddDate(0, 0, n*interval), true
	case rrule.WEEKLY:
		return first.AddDate(0, 0, 7*n*interval), true
	case rrule.MONTHLY:
		return first.AddDate(0, n*interval, 0), true
	default:
		return first.AddDate(n*interval, 0, 0), true
	}
}

// periodStart returns the first day of the period holding day d, as rrule-go counts
// periods: calendar days, weeks beginning on WKST, calendar months and years.
func periodStart(d time.Time, freq rrule.Frequency, wkst rrule.Weekday) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	switch freq {
	case rrule.DAILY:
		return d
	case rrule.WEEKLY:
		monday0 := (int(d.Weekday()) + 6) % 7 // rrule-go numbers days from Monday
		return d.AddDate(0, 0, -((monday0 - wkst.Day() + 7) % 7))
	case rrule.MONTHLY:
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
}

func days(a, b time.Time) int { return int(b.Sub(a) / (24 * time.Hour)) }

// wallClock returns t's date and time of day as if in UTC.
func wallClock(t time.Time) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// place puts a wall-clock time into loc the way RFC 5545 (3.3.5) reads local times:
// with the offset in effect before a change of the clocks. So a time the clocks skip is
// moved forward by the gap (01:30 on the morning London skips it is 02:30 BST), and a
// time they repeat is the first of the two. time.Date alone is not consistent about
// either: it goes back an hour in New York and forward in London.
func place(w time.Time, loc *time.Location) time.Time {
	y, m, d := w.Date()
	h, mi, s := w.Clock()
	// Clocks never change twice in a day, so yesterday's offset is the one before.
	_, before := time.Date(y, m, d-1, h, mi, s, 0, loc).Zone()
	early := w.Add(-time.Duration(before) * time.Second).In(loc)
	if wallClock(early).Equal(w) {
		return early // the usual case, or the first of a repeated time
	}
	if t := time.Date(y, m, d, h, mi, s, 0, loc); wallClock(t).Equal(w) {
		return t // the clocks changed earlier that day
	}
	return early // a skipped time
}
