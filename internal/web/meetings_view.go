package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// when is a meeting's time as people read it: in the meeting's own zone, named the
// way a person says it ("Thursday 26 March 2026, 11:00–12:00 London time"), with the
// instant for <time datetime> so that board.js can add the reader's own time when
// their zone differs.
type when struct {
	Text     string // the date and time in the meeting's zone
	Date     string // "Thursday 26 March 2026"
	Short    string // "Thu 26 Mar, 11:00"
	Start    string // RFC 3339, UTC
	End      string
	Zone     string // IANA
	Relative string // "in 3 days", "2 weeks ago"
}

func newWhen(start, end time.Time, zone string, now time.Time) when {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc, zone = time.UTC, "UTC"
	}
	s, e := start.In(loc), end.In(loc)
	text := s.Format("Monday 2 January 2006, 15:04") + "–" + e.Format("15:04")
	if s.YearDay() != e.YearDay() || s.Year() != e.Year() {
		text = s.Format("Monday 2 January 2006, 15:04") + " to " + e.Format("Monday 2 January, 15:04")
	}
	return when{
		Text: text + " " + zoneName(zone), Date: s.Format("Monday 2 January 2006"), Short: s.Format("Mon 2 Jan, 15:04"),
		Start: start.UTC().Format(time.RFC3339), End: end.UTC().Format(time.RFC3339), Zone: zone,
		Relative: fromNow(now, start),
	}
}

// zoneName says a zone as people do: "London time", "New York time", "UTC".
func zoneName(zone string) string {
	if zone == "UTC" || zone == "Etc/UTC" {
		return "UTC"
	}
	city := zone[strings.LastIndexByte(zone, '/')+1:]
	return strings.ReplaceAll(city, "_", " ") + " time"
}

// fromNow says how far off a time is: "today", "tomorrow", "in 3 days", "in 5 weeks",
// "yesterday", "2 weeks ago".
func fromNow(now, t time.Time) string {
	days := int(t.Sub(now).Hours() / 24)
	switch {
	case t.After(now) && t.Sub(now) < 24*time.Hour && t.Day() == now.Day():
		return "today"
	case t.After(now) && days < 2:
		return "tomorrow"
	case t.After(now) && days < 14:
		return "in " + strconv.Itoa(days) + " days"
	case t.After(now) && days < 62:
		return "in " + strconv.Itoa(days/7) + " weeks"
	case t.After(now):
		return "in " + strconv.Itoa(days/30) + " months"
	}
	return strings.TrimPrefix(relative(now, t), "on ")
}

// occurrenceKey is how a page address names an occurrence nobody has prepared yet:
// its start in UTC, 20260326T110000Z.
const occurrenceKey = "20060102T150405Z"

func occurrenceURL(slug string, at time.Time) string {
	return "/communities/" + slug + "/occurrences/" + at.UTC().Format(occurrenceKey)
}

func meetingURL(slug string, id int64) string {
	return fmt.Sprintf("/communities/%s/meetings/%d", slug, id)
}

// scheduleRow is one line of a list of coming meetings.
type scheduleRow struct {
	Item copse.ScheduleItem
	When when
	URL  string
}

func scheduleRows(items []copse.ScheduleItem, now time.Time) []scheduleRow {
	rows := make([]scheduleRow, 0, len(items))
	for _, it := range items {
		r := scheduleRow{Item: it, When: newWhen(it.StartsAt, it.EndsAt, it.Timezone, now)}
		if it.MeetingID != nil {
			r.URL = meetingURL(it.Community, *it.MeetingID)
		} else {
			r.URL = occurrenceURL(it.Community, *it.Occurrence)
		}
		rows = append(rows, r)
	}
	return rows
}

// stageNames are the board's columns as the page titles them.
var stageNames = map[copse.Stage]string{
	copse.StageProposed: "Proposed", copse.StagePlanned: "Planned", copse.StageDiscussed: "Discussed",
	copse.StageAction: "Action", copse.StageDone: "Done", copse.StageDeclined: "Declined",
}

// stageHints say what each column is for, under its title.
var stageHints = map[copse.Stage]string{
	copse.StageProposed:  "Ideas from members. Vote for the ones you want to talk about.",
	copse.StagePlanned:   "Chosen for a coming meeting; the most voted go on the next agenda.",
	copse.StageDiscussed: "Talked about at a meeting, linked to its notes.",
	copse.StageAction:    "Someone is doing something about it.",
	copse.StageDone:      "Finished, or nothing more is needed.",
	copse.StageDeclined:  "Not for this community, with thanks.",
}

// stageOptions are the choices of the move form.
func stageOptions() []option {
	out := make([]option, len(copse.Stages))
	for i, s := range copse.Stages {
		out[i] = option{Value: string(s), Label: stageNames[s]}
	}
	return out
}
