package cadence

import (
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// example is the rule quoted in error messages: the UK Lean Coffee.
const example = "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11"

// maxTimesPerDay bounds BYHOUR × BYMINUTE: two or three sessions a day let a global
// community cover its time zones; more is a typo, and would make an unreadable page.
const maxTimesPerDay = 4

// rule is the result of parsing the rrule field.
type rule struct {
	text  string        // normalised, as stored
	opt   rrule.ROption // without Dtstart
	start time.Time     // from a DTSTART line, zero if none
}

// parseRule does its own parsing rather than calling rrule.StrToROption, whose errors
// ("wrong format", "strconv.Atoi: …") nobody could act on, which accepts HOURLY and
// non-standard parts, and which reads a date-only UNTIL as midnight, dropping a meeting
// held on the last day.
func parseRule(text string, loc *time.Location) (rule, *FieldError) {
	var lines []string
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	var r rule
	var dtstart string
	switch {
	case len(lines) == 0:
		return r, fieldErrorf("rrule", "is required, for example %s", example)
	case len(lines) > 2:
		return r, fieldErrorf("rrule", "give one rule, optionally after a DTSTART line, not %d lines", len(lines))
	case len(lines) == 2:
		name, value, ok := strings.Cut(lines[0], ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "DTSTART") {
			return r, fieldErrorf("rrule", "the line before the rule must be DTSTART, such as DTSTART:20260305")
		}
		dtstart = strings.ToUpper(strings.TrimSpace(value))
		t, err := parseICalTime(dtstart, loc, false)
		if err != nil {
			return r, fieldErrorf("rrule", "DTSTART %q is not a date such as 20260305 or 20260305T140000", dtstart)
		}
		r.start = t
	}
	line := lines[len(lines)-1]
	if len(line) >= 6 && strings.EqualFold(line[:6], "RRULE:") {
		line = line[6:]
	}
	if len(line) >= 8 && strings.EqualFold(line[:8], "DTSTART:") {
		return r, fieldErrorf("rrule", "DTSTART must be followed by a rule on the next line, such as RRULE:%s", example)
	}
	parts, err := parseParts(line, loc, &r.opt)
	if err != nil {
		return r, err
	}
	if err := checkRule(&r.opt, parts, !r.start.IsZero()); err != nil {
		return r, err
	}
	r.text = strings.Join(parts, ";")
	if dtstart != "" {
		r.text = "DTSTART:" + dtstart + "\nRRULE:" + r.text
	}
	return r, nil
}

// parseParts fills opt from NAME=VALUE parts and returns them normalised, in the order
// given, so the stored rule still reads the way its author wrote it.
func parseParts(line string, loc *time.Location, opt *rrule.ROption) ([]string, *FieldError) {
	var parts []string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(line, ";") {
		if part = strings.TrimSpace(part); part == "" {
			continue // a trailing ";" is a common slip, and harmless
		}
		name, value, ok := strings.Cut(part, "=")
		name, value = strings.ToUpper(strings.TrimSpace(name)), strings.ToUpper(strings.TrimSpace(value))
		if !ok || name == "" || value == "" {
			return nil, fieldErrorf("rrule", "%q is not a NAME=VALUE part; separate parts with \";\", as in %s", part, example)
		}
		if seen[name] {
			return nil, fieldErrorf("rrule", "%s appears twice; give it once, with a comma-separated list if you need several values", name)
		}
		seen[name] = true
		if err := parsePart(name, value, loc, opt); err != nil {
			return nil, err
		}
		parts = append(parts, name+"="+value)
	}
	return parts, nil
}

func parsePart(name, value string, loc *time.Location, opt *rrule.ROption) *FieldError {
	var err *FieldError
	switch name {
	case "FREQ":
		opt.Freq, err = parseFreq(value)
	case "INTERVAL":
		opt.Interval, err = parseInt(name, value, 1, 100, "a whole number of periods between meetings")
	case "COUNT":
		opt.Count, err = parseInt(name, value, 1, 1000, "the number of meetings in the series")
	case "UNTIL":
		t, perr := parseICalTime(value, loc, true)
		if perr != nil {
			return fieldErrorf("rrule", "UNTIL=%s is not a date such as UNTIL=20270630", value)
		}
		opt.Until = t
	case "WKST":
		d, ok := weekdays[value]
		if !ok {
			return fieldErrorf("rrule", "WKST=%s is not a day: use MO, TU, WE, TH, FR, SA or SU", value)
		}
		opt.Wkst = d
	case "BYDAY":
		opt.Byweekday, err = parseDays(value)
	case "BYMONTHDAY":
		opt.Bymonthday, err = parseInts(name, value, 31, true)
	case "BYMONTH":
		opt.Bymonth, err = parseInts(name, value, 12, false)
	case "BYYEARDAY":
		opt.Byyearday, err = parseInts(name, value, 366, true)
	case "BYWEEKNO":
		opt.Byweekno, err = parseInts(name, value, 53, true)
	case "BYSETPOS":
		opt.Bysetpos, err = parseInts(name, value, 366, true)
	case "BYHOUR":
		opt.Byhour, err = parseClock(name, value, 23)
	case "BYMINUTE":
		opt.Byminute, err = parseClock(name, value, 59)
	case "BYSECOND":
		if value != "0" {
			return fieldErrorf("rrule", "BYSECOND=%s: meetings start on the minute, so leave BYSECOND out", value)
		}
		opt.Bysecond = []int{0}
	case "DTSTART":
		return fieldErrorf("rrule", "DTSTART goes on its own line before the rule, as DTSTART:20260305")
	default:
		return fieldErrorf("rrule", "unknown part %s; a rule uses FREQ, INTERVAL, COUNT, UNTIL, WKST and BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO, BYSETPOS, BYHOUR, BYMINUTE", name)
	}
	return err
}

func parseFreq(value string) (rrule.Frequency, *FieldError) {
	switch value {
	case "DAILY":
		return rrule.DAILY, nil
	case "WEEKLY":
		return rrule.WEEKLY, nil
	case "MONTHLY":
		return rrule.MONTHLY, nil
	case "YEARLY":
		return rrule.YEARLY, nil
	case "HOURLY", "MINUTELY", "SECONDLY":
		return 0, fieldErrorf("rrule", "FREQ=%s is too often: a community cadence is at least daily, so use DAILY, WEEKLY, MONTHLY or YEARLY", value)
	case "FORTNIGHTLY", "BIWEEKLY":
		return 0, fieldErrorf("rrule", "FREQ=%s is not in RFC 5545: write FREQ=WEEKLY;INTERVAL=2", value)
	case "QUARTERLY":
		return 0, fieldErrorf("rrule", "FREQ=QUARTERLY is not in RFC 5545: write FREQ=MONTHLY;INTERVAL=3")
	}
	return 0, fieldErrorf("rrule", "FREQ=%s: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY", value)
}

var weekdays = map[string]rrule.Weekday{
	"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH,
	"FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU,
}

// parseDays reads BYDAY: TH, 4TH (fourth Thursday), +4TH, -1FR (last Friday).
func parseDays(value string) ([]rrule.Weekday, *FieldError) {
	var days []rrule.Weekday
	for s := range strings.SplitSeq(value, ",") {
		bad := fieldErrorf("rrule", "BYDAY value %q is not a day such as TH, 4TH (fourth Thursday) or -1FR (last Friday)", s)
		if len(s) < 2 {
			return nil, bad
		}
		d, ok := weekdays[s[len(s)-2:]]
		if !ok {
			return nil, bad
		}
		if prefix := s[:len(s)-2]; prefix != "" {
			n, err := strconv.Atoi(prefix)
			if err != nil || n == 0 || n < -53 || n > 53 {
				return nil, bad
			}
			d = d.Nth(n)
		}
		days = append(days, d)
	}
	return days, nil
}

func parseInt(name, value string, lo, hi int, what string) (int, *FieldError) {
	n, err := strconv.Atoi(value)
	if err != nil || n < lo || n > hi {
		return 0, fieldErrorf("rrule", "%s=%s: %s must be %s from %d to %d", name, value, name, what, lo, hi)
	}
	return n, nil
}

// parseInts reads a list of day, week or month numbers; signed lists count back from
// the end (-1 is the last), and 0 is never valid.
func parseInts(name, value string, hi int, signed bool) ([]int, *FieldError) {
	var ns []int
	for s := range strings.SplitSeq(value, ",") {
		n, err := strconv.Atoi(s)
		if err != nil || n == 0 || n > hi || n < -hi || (!signed && n < 0) {
			if signed {
				return nil, fieldErrorf("rrule", "%s value %q must be from 1 to %d, or -1 (the last) to -%d", name, s, hi, hi)
			}
			return nil, fieldErrorf("rrule", "%s value %q must be from 1 to %d", name, s, hi)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

func parseClock(name, value string, hi int) ([]int, *FieldError) {
	var ns []int
	for s := range strings.SplitSeq(value, ",") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > hi {
			return nil, fieldErrorf("rrule", "%s value %q must be from 0 to %d, on the 24-hour clock", name, s, hi)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// parseICalTime reads an iCalendar DATE or DATE-TIME. A local one is a wall clock in
// the cadence's zone, placed as meetings are. A bare date as an end means the end of
// that day, so "until 30 June" keeps a meeting held on 30 June.
func parseICalTime(s string, loc *time.Location, endOfDay bool) (time.Time, error) {
	switch len(s) {
	case len("20060102"):
		d, err := time.Parse("20060102", s)
		if endOfDay {
			d = d.Add(24*time.Hour - time.Second)
		}
		return place(d, loc), err
	case len("20060102T150405"):
		t, err := time.Parse("20060102T150405", s)
		return place(t, loc), err
	default:
		t, err := time.Parse("20060102T150405Z", s)
		return t.In(loc), err
	}
}

// checkRule holds the rules that span parts: what RFC 5545 forbids, what would leave a
// meeting's day or time to chance, and dates that can never happen.
func checkRule(opt *rrule.ROption, parts []string, hasStart bool) *FieldError {
	has := func(name string) bool {
		for _, p := range parts {
			if strings.HasPrefix(p, name+"=") {
				return true
			}
		}
		return false
	}
	freq := map[rrule.Frequency]string{rrule.DAILY: "DAILY", rrule.WEEKLY: "WEEKLY", rrule.MONTHLY: "MONTHLY", rrule.YEARLY: "YEARLY"}[opt.Freq]
	pickedDay := len(opt.Byweekday) > 0 || len(opt.Bymonthday) > 0 || len(opt.Byyearday) > 0 || len(opt.Byweekno) > 0
	switch {
	case !has("FREQ"):
		return fieldErrorf("rrule", "FREQ is required (for example %s)", example)
	case len(opt.Byhour) == 0:
		return fieldErrorf("rrule", "BYHOUR is required so people know what time the meeting starts (for example %s;BYMINUTE=30)", example)
	case len(opt.Byhour)*max(len(opt.Byminute), 1) > maxTimesPerDay:
		return fieldErrorf("rrule", "BYHOUR and BYMINUTE give more than %d start times a day; list only the times the community meets", maxTimesPerDay)
	case opt.Count > 0 && !opt.Until.IsZero():
		return fieldErrorf("rrule", "use COUNT or UNTIL to end the series, not both")
	case opt.Count > 0 && !hasStart:
		return fieldErrorf("rrule", "COUNT needs to know where the series starts: put a line DTSTART:20260305 before the rule, or end the series with UNTIL=20270630 instead")
	case opt.Freq == rrule.WEEKLY && len(opt.Byweekday) == 0:
		return fieldErrorf("rrule", "FREQ=WEEKLY needs BYDAY to say which day, such as BYDAY=TU")
	case opt.Freq == rrule.MONTHLY && !pickedDay:
		return fieldErrorf("rrule", "FREQ=MONTHLY needs a day, such as BYDAY=4TH (the fourth Thursday) or BYMONTHDAY=15")
	case opt.Freq == rrule.YEARLY && !pickedDay:
		return fieldErrorf("rrule", "FREQ=YEARLY needs a day, such as BYMONTH=3;BYMONTHDAY=15 (15 March)")
	case opt.Freq == rrule.YEARLY && len(opt.Bymonthday) > 0 && len(opt.Bymonth) == 0:
		return fieldErrorf("rrule", "FREQ=YEARLY with BYMONTHDAY needs BYMONTH to say which month, such as BYMONTH=3;BYMONTHDAY=15")
	case opt.Freq == rrule.WEEKLY && len(opt.Bymonthday) > 0:
		return fieldErrorf("rrule", "BYMONTHDAY cannot be used with FREQ=WEEKLY; use FREQ=MONTHLY;BYMONTHDAY=…")
	case len(opt.Byyearday) > 0 && opt.Freq != rrule.YEARLY:
		return fieldErrorf("rrule", "BYYEARDAY needs FREQ=YEARLY")
	case len(opt.Byweekno) > 0 && opt.Freq != rrule.YEARLY:
		return fieldErrorf("rrule", "BYWEEKNO needs FREQ=YEARLY")
	case len(opt.Bysetpos) > 0 && opt.Freq != rrule.MONTHLY && opt.Freq != rrule.YEARLY:
		// Within a day or a week it picks nothing a plain BYDAY could not, and a daily
		// rule that never matches costs a walk through eight thousand years to find out.
		return fieldErrorf("rrule", "BYSETPOS needs FREQ=MONTHLY or YEARLY, as in FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1 (the last weekday)")
	}
	for _, d := range opt.Byweekday {
		n := d.N()
		limit := 5 // a weekday comes at most five times in a month
		if opt.Freq == rrule.YEARLY && len(opt.Bymonth) == 0 {
			limit = 53
		}
		code := dayCode(d)
		switch {
		case n != 0 && opt.Freq != rrule.MONTHLY && opt.Freq != rrule.YEARLY:
			return fieldErrorf("rrule", "BYDAY=%d%s counts weeks within a month, so it needs FREQ=MONTHLY, not FREQ=%s; or use a plain day such as BYDAY=%s", n, code, freq, code)
		case n > limit || n < -limit:
			return fieldErrorf("rrule", "BYDAY=%d%s can never happen: a day comes at most %d times in a %s", n, code, limit, map[int]string{5: "month", 53: "year"}[limit])
		}
	}
	return checkMonthDays(opt)
}

// checkMonthDays catches the classic impossible dates (30 February, 31 April), which
// would otherwise only show up as a meeting that never comes.
func checkMonthDays(opt *rrule.ROption) *FieldError {
	if len(opt.Bymonth) == 0 || len(opt.Bymonthday) == 0 {
		return nil
	}
	longest := 0
	for _, m := range opt.Bymonth {
		longest = max(longest, time.Date(2000, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()) // 2000 is a leap year
	}
	for _, d := range opt.Bymonthday {
		if d <= longest && -d <= longest {
			return nil
		}
	}
	months := make([]string, len(opt.Bymonth))
	for i, m := range opt.Bymonth {
		months[i] = monthName(m)
	}
	days := make([]string, len(opt.Bymonthday))
	for i, d := range opt.Bymonthday {
		days[i] = strconv.Itoa(d)
	}
	return fieldErrorf("rrule", "BYMONTHDAY=%s never falls in %s, which %s at most %d days",
		strings.Join(days, ","), andList(months), map[bool]string{true: "has", false: "have"}[len(months) == 1], longest)
}

// dayCode is a weekday's two-letter iCalendar code, without its ordinal.
func dayCode(d rrule.Weekday) string {
	s := d.String()
	return s[len(s)-2:]
}
