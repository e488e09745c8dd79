package ical

import (
	"time"
)

// RFC 5545 (3.6.5) asks for a VTIMEZONE for every TZID a calendar uses, and a client
// that does not know the zone by name computes every local time from it alone. So it
// must hold the zone's rules for as long as a series runs, which is forever. Go's
// time package knows each zone's transitions (ZoneBounds walks them, past and
// future), not its rules, so the rules are recovered from the transitions: the
// historical ones since the earliest time the feed writes are listed one by one, and
// the current ones, found by checking that each recurs on the same weekday of the
// same month year after year, become an observance with a yearly RRULE.

// lookAhead is how many years of transitions are examined past the later of now and
// the earliest time written; a rule must hold through all of them to become an RRULE.
const lookAhead = 8

type transition struct {
	at         time.Time // the instant the clocks change
	from, to   int       // UTC offsets before and after, in seconds
	name       string    // abbreviation after, such as BST
	dst        bool      // daylight saving time after
	month      time.Month
	weekday    time.Weekday
	nth        int  // the weekday's number in the month, 1 to 5
	last       bool // the last such weekday of the month
	wallClock  string
	localStart time.Time // the instant's wall clock in the offset before
}

// observance is one STANDARD or DAYLIGHT sub-component.
type observance struct {
	t     transition
	rrule string // "" for a single change
}

func writeTimezone(b *builder, name string, from, now time.Time) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return
	}
	start := time.Date(from.UTC().Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(max(from.UTC().Year(), now.UTC().Year())+lookAhead, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := transitions(loc, start, end)

	b.line("BEGIN", "VTIMEZONE")
	b.line("TZID", name)
	// The offset in force when the feed's first time falls, before any change listed.
	abbr, offset := start.In(loc).Zone()
	first := transition{from: offset, to: offset, name: abbr, dst: start.In(loc).IsDST(), localStart: start.Add(time.Duration(offset) * time.Second)}
	writeObservance(b, observance{t: first})
	for _, o := range observances(ts, end) {
		writeObservance(b, o)
	}
	b.line("END", "VTIMEZONE")
}

// transitions lists the zone's changes of offset in [start, end).
func transitions(loc *time.Location, start, end time.Time) []transition {
	var out []transition
	t := start
	for {
		_, zoneEnd := t.In(loc).ZoneBounds()
		if zoneEnd.IsZero() || !zoneEnd.Before(end) {
			return out
		}
		_, before := t.In(loc).Zone()
		name, after := zoneEnd.In(loc).Zone()
		if before != after { // a change of name alone is no change of clocks
			local := zoneEnd.Add(time.Duration(before) * time.Second).UTC()
			daysInMonth := time.Date(local.Year(), local.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
			out = append(out, transition{
				at: zoneEnd, from: before, to: after, name: name, dst: zoneEnd.In(loc).IsDST(),
				month: local.Month(), weekday: local.Weekday(), nth: (local.Day()-1)/7 + 1,
				last: local.Day()+7 > daysInMonth, wallClock: local.Format("150405"), localStart: local,
			})
		}
		t = zoneEnd
	}
}

// observances turns transitions into observances. For each kind of change (the same
// offsets before and after), the longest run at the end that recurs every year on the
// same weekday of the same month becomes one observance with a yearly RRULE, so the
// zone stays right after the years examined; the rest are listed one by one.
func observances(ts []transition, end time.Time) []observance {
	type kind struct{ from, to int }
	byKind := map[kind][]int{}
	var kinds []kind
	for i, t := range ts {
		k := kind{t.from, t.to}
		if _, ok := byKind[k]; !ok {
			kinds = append(kinds, k)
		}
		byKind[k] = append(byKind[k], i)
	}
	ruled := map[int]string{} // index of a run's first transition → its RRULE
	inRun := map[int]bool{}
	for _, k := range kinds {
		idx := byKind[k]
		last := ts[idx[len(idx)-1]]
		if last.at.AddDate(1, 0, 0).Before(end.AddDate(-1, 0, 0)) {
			continue // this change has stopped happening: nothing recurs
		}
		// Walk back while each change is a year after the one before, on the same
		// weekday of the same month at the same time: the nth such weekday every
		// year, or the last one every year (as in Europe, where that is the 4th or 5th).
		runStart, sameNth, allLast := len(idx)-1, true, last.last
		for j := len(idx) - 2; j >= 0; j-- {
			a, b := ts[idx[j]], ts[idx[j+1]]
			if a.month != b.month || a.weekday != b.weekday || a.wallClock != b.wallClock || a.name != b.name ||
				a.dst != b.dst || b.localStart.Year() != a.localStart.Year()+1 {
				break
			}
			nth, lst := sameNth && a.nth == b.nth, allLast && a.last
			if !nth && !lst {
				break
			}
			sameNth, allLast, runStart = nth, lst, j
		}
		if len(idx)-runStart < 3 {
			continue // too short to trust as a rule
		}
		first := ts[idx[runStart]]
		day := itoa(first.nth)
		if allLast {
			day = "-1"
		}
		ruled[idx[runStart]] = "FREQ=YEARLY;BYMONTH=" + itoa(int(first.month)) + ";BYDAY=" + day + weekdayCode[first.weekday]
		for _, i := range idx[runStart+1:] {
			inRun[i] = true
		}
	}
	var out []observance
	for i, t := range ts {
		if !inRun[i] {
			out = append(out, observance{t: t, rrule: ruled[i]})
		}
	}
	return out
}

var weekdayCode = map[time.Weekday]string{
	time.Monday: "MO", time.Tuesday: "TU", time.Wednesday: "WE", time.Thursday: "TH",
	time.Friday: "FR", time.Saturday: "SA", time.Sunday: "SU",
}

func writeObservance(b *builder, o observance) {
	kind := "STANDARD"
	if o.t.dst {
		kind = "DAYLIGHT"
	}
	b.line("BEGIN", kind)
	b.line("DTSTART", o.t.localStart.Format(localTime))
	if o.rrule != "" {
		b.line("RRULE", o.rrule)
	}
	b.line("TZOFFSETFROM", offset(o.t.from))
	b.line("TZOFFSETTO", offset(o.t.to))
	if o.t.name != "" {
		b.line("TZNAME", text(o.t.name))
	}
	b.line("END", kind)
}

// offset formats a UTC offset as RFC 5545 UTC-OFFSET: +0100, -0330, +053028.
func offset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	out := sign + two(h) + two(m)
	if s != 0 {
		out += two(s)
	}
	return out
}

func two(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
