package web

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// Words for the help desk and the status page, as templates show them.

var stateNames = map[copse.ServiceState]string{
	copse.StateOperational:   "Operational",
	copse.StateMaintenance:   "Under maintenance",
	copse.StateDegraded:      "Degraded performance",
	copse.StatePartialOutage: "Partial outage",
	copse.StateMajorOutage:   "Major outage",
}

// stateName says a service's state in words: the page never relies on colour alone.
func stateName(s copse.ServiceState) string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return string(s)
}

func incidentStatusName(s copse.IncidentStatus) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

var urgencyNames = map[copse.Urgency]string{copse.UrgencyHowTo: "How-to", copse.UrgencySOS: "SOS", copse.UrgencyOutage: "Suspected outage"}

func urgencyName(u copse.Urgency) string { return urgencyNames[u] }

// waitWords says a duration as people do: "12 min", "2 h 34 min"; "–" for none.
func waitWords(d *time.Duration) string {
	if d == nil {
		return "–"
	}
	return copse.DurationWords(*d)
}

// percent says a share: "83 %"; "–" for none.
func percent(f *float64) string {
	if f == nil {
		return "–"
	}
	return strconv.Itoa(int(*f*100+0.5)) + " %"
}

// stateOptions are the impacts an incident may have, for its forms.
var impactOptions = []option{
	{string(copse.StateDegraded), "Degraded performance", "It works, slowly or with errors."},
	{string(copse.StatePartialOutage), "Partial outage", "Some of it does not work."},
	{string(copse.StateMajorOutage), "Major outage", "It does not work."},
}

var incidentStatusOptions = []option{
	{string(copse.IncidentInvestigating), "Investigating", "We know something is wrong and are looking."},
	{string(copse.IncidentIdentified), "Identified", "We know the cause and are fixing it."},
	{string(copse.IncidentMonitoring), "Monitoring", "A fix is in; we are watching."},
	{string(copse.IncidentResolved), "Resolved", "It works again."},
}

// whenUTC says a moment in full, in UTC, inside a <time> that scripts turn into the
// reader's own time too: "Tuesday 10 March 2026, 22:00 UTC".
func whenUTC(t time.Time) template.HTML {
	if t.IsZero() {
		return ""
	}
	at := t.UTC().Format(time.RFC3339)
	return template.HTML(`<time datetime="` + at + `" data-local="` + at + `">` +
		template.HTMLEscapeString(t.UTC().Format("Monday 2 January 2006, 15:04 MST")) + `</time>`)
}
