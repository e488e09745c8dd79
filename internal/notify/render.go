package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/ical"
	"github.com/copse-dev/copse/internal/markdown"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/webhook"
)

// note is an event as every channel shows it: a title, a link, some text and
// labelled facts.
type note struct {
	Kind      string
	Community string // the community's name
	Title     string
	URL       string // absolute
	Markdown  string // the body, when the event has one (announcements, notes)
	Summary   string // one line of plain text when it has none
	Fields    []webhook.Field
	When      time.Time
	ICS       []byte // a reminder's calendar attachment
}

// payload is what events carry; each kind fills some of it (see copse.EventKind).
type payload struct {
	Title       string     `json:"title"`
	Path        string     `json:"path"`
	Text        string     `json:"text"`
	Author      string     `json:"author"`
	MeetingID   int64      `json:"meeting_id"`
	StartsAt    time.Time  `json:"starts_at"`
	EndsAt      time.Time  `json:"ends_at"`
	Timezone    string     `json:"timezone"`
	Location    string     `json:"location"`
	Topics      []string   `json:"topics"`
	Notes       string     `json:"notes"`
	Update      bool       `json:"update"`
	Handle      string     `json:"handle"`
	Role        string     `json:"role"`
	Occurrence  *time.Time `json:"occurrence"`
	CommunityID int64      `json:"community_id"`
}

// render turns an event into a note.
func (w *Worker) render(e store.Event, communitySlug, communityName string) note {
	var p payload
	json.Unmarshal(e.Payload, &p) //nolint:errcheck // a payload that does not parse still shows its kind
	n := note{Kind: e.Kind, Community: communityName, Title: p.Title, When: e.CreatedAt, Markdown: p.Text, URL: w.link(p.Path)}
	meetingPath := "/communities/" + communitySlug + "/meetings"
	if p.MeetingID != 0 {
		meetingPath += "/" + strconv.FormatInt(p.MeetingID, 10)
	}
	switch e.Kind {
	case "announcement":
		if p.Author != "" {
			n.Fields = append(n.Fields, webhook.Field{Title: "From", Value: p.Author, Short: true})
		}
	case "meeting.scheduled", "meeting.rescheduled", "meeting.cancelled", "agenda.published", "notes.published", "meeting.reminder":
		prefix := map[string]string{"meeting.scheduled": "Meeting scheduled", "meeting.rescheduled": "Meeting moved",
			"meeting.cancelled": "Meeting cancelled", "agenda.published": "Agenda", "notes.published": "Notes",
			"meeting.reminder": "Tomorrow"}[e.Kind]
		if e.Kind == "agenda.published" && p.Update {
			prefix = "Agenda updated"
		}
		n.Title, n.URL, n.Markdown = prefix+": "+p.Title, w.link(meetingPath), ""
		n.Fields = append(n.Fields, webhook.Field{Title: "When", Value: meetingTime(p.StartsAt, p.EndsAt, p.Timezone), Short: true})
		if p.Location != "" {
			n.Fields = append(n.Fields, webhook.Field{Title: "Where", Value: p.Location, Short: true})
		}
		if len(p.Topics) > 0 && e.Kind != "notes.published" {
			var b strings.Builder
			for i, t := range p.Topics {
				fmt.Fprintf(&b, "%d. %s\n", i+1, t)
			}
			n.Fields = append(n.Fields, webhook.Field{Title: "Agenda", Value: strings.TrimSpace(b.String())})
		}
		if e.Kind == "notes.published" {
			n.Markdown = p.Notes
		}
		if e.Kind == "meeting.reminder" {
			n.ICS = w.reminderICS(e, p, communityName)
		}
	case "member.joined":
		n.Summary = "Welcome them: they joined as " + p.Role + "."
	case copse.EventSubscriptionRequested:
		n.URL = ""
	}
	if n.Title == "" {
		n.Title = copse.Kind(e.Kind).Title
	}
	return n
}

// link makes a path on the site absolute.
func (w *Worker) link(path string) string {
	if path == "" {
		return ""
	}
	if w.BaseURL == nil {
		return path
	}
	u := *w.BaseURL
	ref, err := url.Parse(path)
	if err != nil {
		return ""
	}
	return u.ResolveReference(ref).String()
}

// meetingTime says when a meeting is in its own zone: "Thursday 26 March 2026,
// 11:00–12:00 GMT (Europe/London)", which is what people in that community expect.
func meetingTime(start, end time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc, zone = time.UTC, "UTC"
	}
	s, e := start.In(loc), end.In(loc)
	out := s.Format("Monday 2 January 2006, 15:04")
	if !e.IsZero() {
		out += "–" + e.Format("15:04")
	}
	out += " " + s.Format("MST")
	if zone != "UTC" {
		out += " (" + zone + ")"
	}
	return out
}

// reminderICS is the calendar entry attached to a reminder, with the UID the
// community's feed gives the same meeting, so a calendar that has it updates it.
func (w *Worker) reminderICS(e store.Event, p payload, communityName string) []byte {
	host := "copse.invalid"
	if w.BaseURL != nil && w.BaseURL.Hostname() != "" {
		host = w.BaseURL.Hostname()
	}
	ev := ical.Event{Start: p.StartsAt, End: p.EndsAt, Zone: p.Timezone, Summary: p.Title, Location: p.Location,
		URL: w.link(strings.TrimPrefix(p.Path, "")), Description: w.link(p.Path), Created: e.CreatedAt, LastModified: e.CreatedAt}
	switch {
	case p.Occurrence != nil:
		occ := *p.Occurrence
		ev.UID, ev.RecurrenceID = fmt.Sprintf("community-%d-series@%s", p.CommunityID, host), &occ
	case p.MeetingID != 0:
		ev.UID = fmt.Sprintf("meeting-%d@%s", p.MeetingID, host)
	default:
		ev.UID = fmt.Sprintf("reminder-%d@%s", e.ID, host)
	}
	cal := &ical.Calendar{Name: communityName, Events: []ical.Event{ev}, Now: e.CreatedAt}
	var b bytes.Buffer
	if _, err := cal.WriteTo(&b); err != nil {
		return nil
	}
	return b.Bytes()
}

// text is a note's body as plain text, for chat and the text part of mail.
func (w *Worker) text(n note, max int) string {
	if n.Markdown != "" {
		return w.md.Text(n.Markdown, max)
	}
	return n.Summary
}

// html is a note's body as sanitized HTML, for mail.
func (w *Worker) html(n note) template.HTML {
	if n.Markdown != "" {
		return w.md.HTML(n.Markdown)
	}
	if n.Summary != "" {
		return template.HTML("<p>" + template.HTMLEscapeString(n.Summary) + "</p>")
	}
	return ""
}

// Described is an event as a feed or a page shows it.
type Described struct {
	Title string
	URL   string // absolute
	HTML  template.HTML
	Text  string // up to 300 characters
}

// Describe renders an event the way mail and chat show it, for the Atom feeds.
func Describe(base *url.URL, md *markdown.Renderer, e store.Event, slug, name string) Described {
	w := &Worker{BaseURL: base, md: md}
	n := w.render(e, slug, name)
	d := Described{Title: n.Title, URL: n.URL, HTML: w.html(n), Text: w.text(n, 300)}
	if len(n.Fields) > 0 {
		var b strings.Builder
		b.WriteString(string(d.HTML) + "<dl>")
		for _, f := range n.Fields {
			b.WriteString("<dt>" + template.HTMLEscapeString(f.Title) + "</dt><dd>" + template.HTMLEscapeString(f.Value) + "</dd>")
		}
		d.HTML = template.HTML(b.String() + "</dl>")
	}
	return d
}
