package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// cadenceForm lets people pick a cadence in words — a few presets that cover how
// communities meet (seed 002: "a monthly cadence call") — and lets experts write any
// RFC 5545 RRULE instead. The time of day, zone and length apply to both.
type cadenceForm struct {
	Kind     string // "" (none), monthly, bimonthly, weekly, fortnightly, custom
	Week     string // 1…4 or -1 (last), for the monthly presets
	Day      string // MO…SU
	Time     string // HH:MM, 24-hour
	RRule    string // for custom
	Timezone string
	Duration string // minutes
}

// defaultZone is the zone offered first; people change it, and the datalist below
// suggests the common ones.
const defaultZone = "Europe/London"

type option struct{ Value, Label, Hint string }

var cadenceKinds = []option{
	{"", "No regular meeting yet", ""},
	{"monthly", "Monthly", "On a set week and day, such as the fourth Thursday"},
	{"bimonthly", "Every two months", "On a set week and day"},
	{"weekly", "Weekly", "On a set day"},
	{"fortnightly", "Every two weeks", "On a set day"},
	{"custom", "A custom rule", "For people who know iCalendar rules (RFC 5545 RRULE)"},
}

var weekOptions = []option{{"1", "First", ""}, {"2", "Second", ""}, {"3", "Third", ""}, {"4", "Fourth", ""}, {"-1", "Last", ""}}

var dayOptions = []option{
	{"MO", "Monday", ""}, {"TU", "Tuesday", ""}, {"WE", "Wednesday", ""}, {"TH", "Thursday", ""},
	{"FR", "Friday", ""}, {"SA", "Saturday", ""}, {"SU", "Sunday", ""},
}

// commonZones fills the time zone field's suggestions; any IANA zone is accepted.
var commonZones = []string{
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
	"Europe/Madrid", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Helsinki", "Africa/Lagos",
	"Africa/Johannesburg", "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai",
	"Asia/Tokyo", "Australia/Perth", "Australia/Sydney", "Pacific/Auckland", "America/Sao_Paulo",
	"America/New_York", "America/Toronto", "America/Chicago", "America/Denver", "America/Los_Angeles",
	"America/Vancouver", "UTC",
}

func defaultCadenceForm() cadenceForm {
	return cadenceForm{Week: "1", Day: "TH", Time: "11:00", Timezone: defaultZone, Duration: "60"}
}

func readCadenceForm(r *http.Request) cadenceForm {
	v := r.PostForm
	return cadenceForm{
		Kind: v.Get("cadence"), Week: v.Get("cadence_week"), Day: v.Get("cadence_day"), Time: strings.TrimSpace(v.Get("cadence_time")),
		RRule: strings.TrimSpace(v.Get("cadence_rrule")), Timezone: strings.TrimSpace(v.Get("cadence_timezone")),
		Duration: strings.TrimSpace(v.Get("cadence_duration")),
	}
}

// cadence turns the form into a cadence for the store to validate, or nil for none.
// What only the form can get wrong goes into problems under the form's field names.
func (f *cadenceForm) cadence(problems copse.Problems) *copse.Cadence {
	if f.Kind == "" {
		return nil
	}
	minutes := 0
	if f.Duration != "" {
		n, err := strconv.Atoi(f.Duration)
		if err != nil {
			problems.Add("cadence_duration", "must be a whole number of minutes, such as 60")
		}
		minutes = n
	}
	hour, minute, timeOK := parseClock(f.Time)
	if f.Time != "" && !timeOK {
		problems.Add("cadence_time", "must be a time on the 24-hour clock, such as 11:00 or 14:30")
	}
	var rule string
	switch f.Kind {
	case "monthly", "bimonthly":
		if !validOption(weekOptions, f.Week) {
			problems.Add("cadence_week", "must be first, second, third, fourth or last")
		}
		rule = "FREQ=MONTHLY;BYDAY=" + f.Week + f.Day
		if f.Kind == "bimonthly" {
			rule = "FREQ=MONTHLY;INTERVAL=2;BYDAY=" + f.Week + f.Day
		}
	case "weekly", "fortnightly":
		rule = "FREQ=WEEKLY;BYDAY=" + f.Day
		if f.Kind == "fortnightly" {
			rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + f.Day
		}
	case "custom":
		if f.RRule == "" {
			problems.Add("cadence_rrule", "is required for a custom rule, for example FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11")
			return nil
		}
		rule = f.RRule
		// The time field still counts when the rule leaves the time out.
		if !strings.Contains(strings.ToUpper(rule), "BYHOUR") && timeOK {
			rule += fmt.Sprintf(";BYHOUR=%d;BYMINUTE=%d", hour, minute)
		}
		return &copse.Cadence{RRule: rule, Timezone: f.Timezone, DurationMinutes: minutes}
	default:
		problems.Add("cadence", "must be one of the choices shown")
		return nil
	}
	if !validOption(dayOptions, f.Day) {
		problems.Add("cadence_day", "must be a day of the week")
	}
	if f.Time == "" {
		problems.Add("cadence_time", "is required, such as 11:00")
	}
	if len(problems) > 0 {
		return nil
	}
	rule += fmt.Sprintf(";BYHOUR=%d;BYMINUTE=%d", hour, minute)
	return &copse.Cadence{RRule: rule, Timezone: f.Timezone, DurationMinutes: minutes}
}

// cadenceFormOf shows a saved cadence in the form: as its preset when the rule is
// exactly one, else as a custom rule.
func cadenceFormOf(c *copse.Cadence) cadenceForm {
	f := defaultCadenceForm()
	if c == nil {
		return f
	}
	f.Timezone, f.Duration, f.Kind, f.RRule = c.Timezone, strconv.Itoa(c.DurationMinutes), "custom", c.RRule
	parts := map[string]string{}
	for p := range strings.SplitSeq(c.RRule, ";") {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.Contains(v, ",") {
			return f // several values, or a DTSTART line: only a custom rule says it
		}
		parts[k] = v
	}
	if parts["INTERVAL"] == "1" {
		delete(parts, "INTERVAL")
	}
	for k := range parts {
		if !slices.Contains([]string{"FREQ", "INTERVAL", "BYDAY", "BYHOUR", "BYMINUTE"}, k) {
			return f
		}
	}
	kind := map[string]string{"MONTHLY/": "monthly", "MONTHLY/2": "bimonthly", "WEEKLY/": "weekly", "WEEKLY/2": "fortnightly"}[parts["FREQ"]+"/"+parts["INTERVAL"]]
	hour, err1 := strconv.Atoi(parts["BYHOUR"])
	minute, err2 := strconv.Atoi(cmp.Or(parts["BYMINUTE"], "0"))
	day := parts["BYDAY"]
	if kind == "" || err1 != nil || err2 != nil || len(day) < 2 {
		return f
	}
	week, code := day[:len(day)-2], day[len(day)-2:]
	monthly := kind == "monthly" || kind == "bimonthly"
	if !validOption(dayOptions, code) || monthly != (week != "") || monthly && !validOption(weekOptions, week) {
		return f
	}
	f.Kind, f.Week, f.Day, f.RRule = kind, cmp.Or(week, "1"), code, ""
	f.Time = fmt.Sprintf("%02d:%02d", hour, minute)
	return f
}

func parseClock(s string) (hour, minute int, ok bool) {
	h, m, found := strings.Cut(s, ":")
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	return hour, minute, found && err1 == nil && err2 == nil && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
}

func validOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}
