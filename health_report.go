package copse

import (
	"fmt"
	"strings"
	"time"
)

// EventFacilitatorReport is the monthly report mailed to each facilitator: what
// happened, who helped, what is at risk and one thing to do. It goes to the one
// facilitator it is for, never to a list, a feed or a webhook.
const EventFacilitatorReport = "report.monthly"

// EventCommunityDormant is recorded when the health rules make a community dormant.
const EventCommunityDormant = "community.dormant"

// ReportFacts are what happened in a community in the month a report covers.
type ReportFacts struct {
	Month     time.Time // the first instant of the month, UTC
	Meetings  int       // held
	Topics    int       // proposed
	Resources int       // added
	Answers   int       // given
	Joined    int       // people who joined
	Helpers   []Helper  // who earned points there that month, most first
}

// Helper is someone who helped in the month, with the points it earned them.
type Helper struct {
	Handle string
	Name   string
	Points int
}

// ReportMonth is the month a report sent at now covers: the one before.
func ReportMonth(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
}

// MonthlyReport writes a facilitator's report in Markdown, with its title.
func MonthlyReport(h Health, r ReportFacts, facilitator string) (title, body string) {
	month := r.Month.Format("January 2006")
	title = fmt.Sprintf("%s in %s: %s", h.Community.Name, month, strings.ToLower(VerdictName(h.Verdict)))
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\nHere is how **%s** did in %s, and what to do next.\n\n## What happened\n\n", facilitator, h.Community.Name, month)
	var done []string
	for _, c := range []struct {
		n         int
		one, many string
	}{{r.Meetings, "meeting held", "meetings held"}, {r.Topics, "topic proposed", "topics proposed"},
		{r.Resources, "resource added to the library", "resources added to the library"},
		{r.Answers, "answer given", "answers given"}, {r.Joined, "person joined", "people joined"}} {
		if c.n > 0 {
			done = append(done, countWords(c.n, c.one, c.many))
		}
	}
	if len(done) == 0 {
		fmt.Fprintf(&b, "Nothing happened in %s: no meeting, topic, resource, answer or new member.\n\n", month)
	} else {
		fmt.Fprintf(&b, "%s.\n\n", capital(andWords(done)))
	}
	b.WriteString("## Who helped\n\n")
	if len(r.Helpers) == 0 {
		b.WriteString("Nobody earned points for helping others this month.\n\n")
	}
	for _, p := range r.Helpers[:min(5, len(r.Helpers))] {
		name := p.Name
		if name == "" {
			name = p.Handle
		}
		fmt.Fprintf(&b, "- %s (@%s): %s\n", name, p.Handle, countWords(p.Points, "point", "points"))
	}
	if len(r.Helpers) > 0 {
		b.WriteString("\nThank them: a word at the next meeting goes a long way.\n\n")
	}
	fmt.Fprintf(&b, "## What is at risk\n\nHealth score **%d/100**. %s\n\n", h.Score, h.Summary)
	for _, s := range h.Signals {
		if !s.OK {
			fmt.Fprintf(&b, "- **%s**: %s\n", s.Label, s.Why)
		}
	}
	fmt.Fprintf(&b, "\n## One thing to do\n\n%s\n", h.Suggestion)
	return title, b.String()
}
