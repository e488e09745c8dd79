package cadence

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/teambition/rrule-go"
)

// dateLayout is how dates read on a page: 30 June 2027, never 06/30/2027 or 30/06/2027.
const dateLayout = "2 January 2006"

// dayNames are in rrule-go's order, which numbers days from Monday.
var dayNames = [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// Describe says the rule in plain English for the community page, e.g. "Monthly on the
// fourth Thursday, 11:00–12:00 London time" or "Every 2 weeks on Monday and Thursday,
// 09:30–10:00 Vancouver time, until 30 June 2027".
func (c Cadence) Describe() string {
	if c.loc == nil {
		return ""
	}
	head, on := c.frequencyWords(), c.dayWords()
	if c.opt.Freq == rrule.DAILY && c.opt.Interval <= 1 && on == "on weekdays" {
		head, on = "Every weekday", ""
	}
	var b strings.Builder
	b.WriteString(head)
	if on != "" {
		b.WriteString(" " + on)
	}
	b.WriteString(", " + c.timeWords() + " " + zoneWords(c.Timezone))
	if c.hasStart {
		b.WriteString(", starting " + c.start.Format(dateLayout))
	}
	if !c.opt.Until.IsZero() {
		b.WriteString(", until " + c.opt.Until.In(c.loc).Format(dateLayout))
	}
	switch {
	case c.opt.Count == 1:
		b.WriteString(", once")
	case c.opt.Count > 1:
		fmt.Fprintf(&b, ", %d times", c.opt.Count)
	}
	return b.String()
}

func (c Cadence) frequencyWords() string {
	words := map[rrule.Frequency][2]string{
		rrule.DAILY:   {"Daily", "days"},
		rrule.WEEKLY:  {"Weekly", "weeks"},
		rrule.MONTHLY: {"Monthly", "months"},
		rrule.YEARLY:  {"Yearly", "years"},
	}[c.opt.Freq]
	if c.opt.Interval <= 1 {
		return words[0]
	}
	return fmt.Sprintf("Every %d %s", c.opt.Interval, words[1])
}

// dayWords says which days, starting with its own preposition ("on", "in").
func (c Cadence) dayWords() string {
	o := c.opt
	var plain []int
	var nth []rrule.Weekday
	for _, d := range o.Byweekday {
		if d.N() == 0 {
			plain = append(plain, d.Day())
		} else {
			nth = append(nth, d)
		}
	}
	slices.Sort(plain)
	plain = slices.Compact(plain)
	monthDays := numbered(o.Bymonthday, "day")
	yearly := o.Freq == rrule.YEARLY
	monthNums := slices.Compact(slices.Sorted(slices.Values(o.Bymonth)))
	months := mapInts(monthNums, monthName)

	// The common yearly shape reads best as a date: "on 15 March".
	if yearly && len(months) > 0 && len(o.Bymonthday) == 1 && o.Bymonthday[0] > 0 &&
		len(o.Byweekday) == 0 && len(o.Bysetpos) == 0 && len(o.Byyearday) == 0 && len(o.Byweekno) == 0 {
		dates := make([]string, len(months))
		for i, m := range months {
			dates[i] = strconv.Itoa(o.Bymonthday[0]) + " " + m
		}
		return "on " + andList(dates)
	}

	var on []string
	switch {
	case len(o.Bysetpos) > 0:
		on = append(on, "the "+andList(mapInts(o.Bysetpos, ordinal))+" "+setSubject(plain, monthDays))
	case monthDays != "" && (len(plain) > 0 || len(nth) > 0):
		// RFC 5545 takes the days that are both, as in Friday the 13th.
		var is []string
		for _, d := range plain {
			is = append(is, "a "+dayNames[d])
		}
		is = append(is, nthWords(nth)...)
		on = append(on, monthDays+" when that is "+orList(is))
	default:
		on = append(on, nthWords(nth)...)
		if len(plain) > 0 {
			days := weekdayWords(plain)
			if o.Freq == rrule.MONTHLY || yearly {
				days = "every " + strings.TrimSuffix(days, "s") // "every weekday"
			}
			on = append(on, days)
		}
		if monthDays != "" {
			on = append(on, monthDays)
		}
	}
	if len(o.Byyearday) > 0 {
		on = append(on, numbered(o.Byyearday, "day")+" of the year")
	}
	var b strings.Builder
	if len(on) > 0 {
		b.WriteString("on " + andList(on))
	}
	switch {
	case len(months) == 12:
	case len(months) > 6 && !yearly:
		// A monthly cadence that skips the summer break reads as the exception.
		var skipped []string
		for m := 1; m <= 12; m++ {
			if !slices.Contains(monthNums, m) {
				skipped = append(skipped, monthName(m))
			}
		}
		b.WriteString(" except in " + andList(skipped))
	case len(months) > 0 && len(nth) > 0 && len(plain) == 0:
		b.WriteString(" of " + andList(months))
	case len(months) > 0:
		b.WriteString(" in " + andList(months))
	case yearly && len(nth) > 0 && len(o.Byweekno) == 0:
		b.WriteString(" of the year")
	}
	if len(o.Byweekno) > 0 {
		b.WriteString(" in " + numbered(o.Byweekno, "week"))
	}
	return strings.TrimSpace(b.String())
}

// weekdayWords lists plain days, Monday first: "Monday and Thursday", "weekdays".
func weekdayWords(days []int) string {
	if slices.Equal(days, []int{0, 1, 2, 3, 4}) {
		return "weekdays"
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = dayNames[d]
	}
	return andList(names)
}

// nthWords says "the first and third Wednesday" when the days agree, and "the first
// Monday", "the last Friday" one by one otherwise.
func nthWords(nth []rrule.Weekday) []string {
	if len(nth) == 0 {
		return nil
	}
	same := true
	ords := make([]string, len(nth))
	for i, d := range nth {
		ords[i] = ordinal(d.N())
		same = same && d.Day() == nth[0].Day()
	}
	if same {
		return []string{"the " + andList(ords) + " " + dayNames[nth[0].Day()]}
	}
	out := make([]string, len(nth))
	for i, d := range nth {
		out[i] = "the " + ords[i] + " " + dayNames[d.Day()]
	}
	return out
}

// setSubject is what BYSETPOS picks among: "the last weekday" is the usual one.
func setSubject(plain []int, monthDays string) string {
	switch {
	case slices.Equal(plain, []int{0, 1, 2, 3, 4}):
		return "weekday"
	case slices.Equal(plain, []int{5, 6}):
		return "weekend day"
	case len(plain) > 0:
		is := make([]string, len(plain))
		for i, d := range plain {
			is[i] = "a " + dayNames[d]
		}
		return "day that is " + orList(is)
	case monthDays != "":
		return "of " + monthDays
	}
	return "matching day"
}

// numbered says "day 15", "days 1 and 15", "the last day", "week 10" or "the
// second-last week".
func numbered(ns []int, unit string) string {
	var pos, parts []string
	for _, n := range ns {
		if n > 0 {
			pos = append(pos, strconv.Itoa(n))
		} else {
			parts = append(parts, "the "+ordinal(n)+" "+unit)
		}
	}
	switch len(pos) {
	case 0:
	case 1:
		parts = append([]string{unit + " " + pos[0]}, parts...)
	default:
		parts = append([]string{unit + "s " + andList(pos)}, parts...)
	}
	return andList(parts)
}

// ordinal says 1 as "first", -1 as "last", -2 as "second-last" and 21 as "21st".
func ordinal(n int) string {
	words := [...]string{"", "first", "second", "third", "fourth", "fifth"}
	switch {
	case n == -1:
		return "last"
	case n < 0:
		return ordinal(-n) + "-last"
	case n < len(words):
		return words[n]
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// timeWords says each meeting's span on the 24-hour clock, as people across zones
// read it: "11:00–12:00", "09:00–10:00 and 17:00–18:00", "23:30–00:30 next day".
func (c Cadence) timeWords() string {
	minutes := c.opt.Byminute
	if len(minutes) == 0 {
		minutes = []int{0}
	}
	var starts []int
	for _, h := range c.opt.Byhour {
		for _, m := range minutes {
			starts = append(starts, h*60+m)
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	spans := make([]string, len(starts))
	for i, s := range starts {
		end := s + c.DurationMinutes
		spans[i] = clock(s) + "–" + clock(end%(24*60))
		if end >= 24*60 {
			spans[i] += " next day"
		}
	}
	return andList(spans)
}

func clock(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }

// zoneWords names a zone the way people say it: the city of its IANA name, "London
// time", "Buenos Aires time"; UTC as itself.
func zoneWords(name string) string {
	switch name {
	case "UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu":
		return "UTC"
	case "GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "Etc/Greenwich", "Greenwich":
		return "GMT"
	}
	if strings.HasPrefix(name, "Etc/") {
		// Etc/GMT+5 is five hours behind GMT (POSIX signs); shortening it would mislead.
		return name
	}
	city := name[strings.LastIndex(name, "/")+1:]
	return strings.ReplaceAll(city, "_", " ") + " time"
}

func monthName(m int) string {
	return [...]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}[m-1]
}

func mapInts(ns []int, f func(int) string) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = f(n)
	}
	return out
}

func andList(items []string) string { return joinList(items, "and") }
func orList(items []string) string  { return joinList(items, "or") }

// joinList writes "a", "a and b", "a, b and c": no Oxford comma, as in British English.
func joinList(items []string, word string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + word + " " + items[len(items)-1]
}
