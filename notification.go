package copse

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// EventKind describes one kind of event the outbox delivers: where it goes unless a
// webhook or a person chooses otherwise. Adding a kind is one line in EventKinds and
// one tx.recordEvent call in the store method that makes the change; its payload
// should carry "title", "path" (a path on the site) and "text" so every channel can
// show it without knowing more about it.
type EventKind struct {
	Name  string // "meeting.scheduled": the name webhooks and the API use
	Title string // what the webhook settings call it
	Mail  bool   // goes to the community's distribution list by email
	Feed  bool   // appears in the Atom feeds
	Site  bool   // site-wide webhooks receive it unless they choose their own events
}

// EventKinds is every kind of event, in the order settings list them. The kinds of
// questions and the status page are here before the code that records them lands.
var EventKinds = []EventKind{
	{"announcement", "Announcements", true, true, false},
	{"meeting.scheduled", "Meeting scheduled", true, true, false},
	{"meeting.rescheduled", "Meeting moved", true, true, false},
	{"meeting.cancelled", "Meeting cancelled", true, true, false},
	{"meeting.reminder", "Meeting reminder, a day before", true, false, false},
	{"agenda.published", "Agenda published", true, true, false},
	{"notes.published", "Meeting notes published", true, true, false},
	{"resource.added", "Resource added to the library", true, true, false},
	{"member.joined", "Someone joined", false, false, false},
	{"community.dormant", "The community fell dormant", true, true, false},
	{"question.asked", "Question asked", false, true, false},
	{"sos.raised", "SOS raised", true, true, true},
	{"sos.escalated", "SOS unanswered: escalated to the platform team", false, true, true},
	{"outage.reported", "Suspected outage reported", false, true, true},
	{"answer.accepted", "Answer accepted", false, true, false},
	{"incident.opened", "Incident opened", true, true, true},
	{"incident.updated", "Incident updated", false, true, true},
	{"incident.resolved", "Incident resolved", true, true, true},
	{"maintenance.scheduled", "Maintenance scheduled", false, true, true},
}

// EventSubscriptionRequested is the event behind a double opt-in mail: it goes to
// the one address that asked, never to a list, a feed or a webhook.
const EventSubscriptionRequested = "subscription.requested"

// EventWebhookTest is the kind of a webhook's test message.
const EventWebhookTest = "webhook.test"

// Kind returns the kind with this name, or a kind that only webhooks asking for it
// by name receive.
func Kind(name string) EventKind {
	for _, k := range EventKinds {
		if k.Name == name {
			return k
		}
	}
	return EventKind{Name: name, Title: name}
}

// KnownKind reports whether name is one of EventKinds.
func KnownKind(name string) bool {
	return slices.ContainsFunc(EventKinds, func(k EventKind) bool { return k.Name == name })
}

// Frequency is how often a person hears from a community by email.
type Frequency string

const (
	FrequencyEvery  Frequency = "every"  // each message as it happens (the default)
	FrequencyDaily  Frequency = "daily"  // one digest a day
	FrequencyWeekly Frequency = "weekly" // one digest a week
	FrequencyNone   Frequency = "none"   // no mail; the feed and the site still show everything
)

// Frequencies lists the choices, most mail first.
var Frequencies = []Frequency{FrequencyEvery, FrequencyDaily, FrequencyWeekly, FrequencyNone}

// Valid reports whether f is one of the four frequencies.
func (f Frequency) Valid() bool { return slices.Contains(Frequencies, f) }

// DigestHour is when digests go out, in UTC: early in the European morning and
// before the working day in the Americas' evening before.
const DigestHour = 7

// NextDigest returns when a digest of the frequency that collects something at now is
// sent: the next 07:00 UTC for daily, the next Monday 07:00 UTC for weekly.
func NextDigest(f Frequency, now time.Time) time.Time {
	now = now.UTC()
	at := time.Date(now.Year(), now.Month(), now.Day(), DigestHour, 0, 0, 0, time.UTC)
	if !at.After(now) {
		at = at.AddDate(0, 0, 1)
	}
	if f == FrequencyWeekly {
		for at.Weekday() != time.Monday {
			at = at.AddDate(0, 0, 1)
		}
	}
	return at
}

// Delivery statuses: pending until the receiver takes it, dead after MaxAttempts.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryDead    = "dead"
)

// Retry rules of the outbox. Eight attempts over about two hours ride out a chat
// server's restart or a mail server's greylisting without hammering either.
const (
	MaxAttempts    = 8
	firstRetry     = 30 * time.Second
	longestBackoff = time.Hour
)

// RetryDelay is how long to wait after the attempt-th failed attempt: exponential
// from 30 seconds, capped at an hour, with "equal jitter" — half fixed, half random
// (jitter in [0, 1)) — so that many deliveries failing together do not retry together.
func RetryDelay(attempt int, jitter float64) time.Duration {
	d := firstRetry
	for i := 1; i < attempt && d < longestBackoff; i++ {
		d *= 2
	}
	d = min(d, longestBackoff)
	jitter = min(max(jitter, 0), 1)
	return d/2 + time.Duration(float64(d/2)*jitter)
}

// Delivery is one message on its way to one channel: a person's mailbox, a digest, or
// a webhook. Admins see these.
type Delivery struct {
	ID            int64      `json:"id"`
	EventID       int64      `json:"event_id"`
	Kind          string     `json:"kind"`
	Community     string     `json:"community"`
	Channel       string     `json:"channel"` // email, digest, webhook
	Target        string     `json:"target"`  // the address, or the webhook's host
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	LastError     string     `json:"last_error"`
	Response      string     `json:"response"` // what the receiver answered last
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at"`
}

// DeliveryFilter narrows the admin's list of deliveries.
type DeliveryFilter struct {
	Status string // "" for all
	Limit  int
	Cursor string
}

// Announcement is a message to a community's distribution list: members and outside
// subscribers by email, the feed and the community's webhooks (seed 004).
type Announcement struct {
	ID        int64     `json:"id"`
	Community string    `json:"community"`
	Title     string    `json:"title"`
	Body      string    `json:"body"` // Markdown
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// NewAnnouncement is what announcing takes.
type NewAnnouncement struct {
	Title string
	Body  string
}

// Validate normalises and checks the announcement.
func (n *NewAnnouncement) Validate() error {
	p := Problems{}
	n.Title = strings.Join(strings.Fields(n.Title), " ")
	n.Body = strings.TrimSpace(n.Body)
	validateText(p, "title", n.Title, 2, 150)
	validateText(p, "body", n.Body, 1, 20000)
	return p.Err()
}

// CanAnnounce reports whether the viewer writes to the distribution list: the
// facilitators and the core team, as they run the meetings (seed 004).
func (v Viewer) CanAnnounce() bool { return v.core() }

// AuthorizeAnnounce checks that the viewer may announce to c.
func (v Viewer) AuthorizeAnnounce(c *Community) error {
	if !v.CanAnnounce() {
		return v.denied("Only the facilitators and the core team of %s write to its distribution list.", c.Name)
	}
	return Writable(c)
}

// AuthorizeWebhooks checks that the viewer may see and change c's webhooks.
func (v Viewer) AuthorizeWebhooks(c *Community) error {
	if !v.CanEdit() {
		return v.denied("Only a facilitator of %s or an admin manages its webhooks.", c.Name)
	}
	return nil
}

// ValidateSubscriberEmail checks an outside subscriber's address.
func ValidateSubscriberEmail(email string) (string, error) {
	p := Problems{}
	email = strings.ToLower(strings.TrimSpace(email))
	validateEmail(p, "email", email)
	return email, p.Err()
}

// Webhook formats: what the receiving end understands.
const (
	FormatSlack  = "slack"  // Slack's incoming webhooks, and Rocket.Chat's and Mattermost's, which accept the same
	FormatTeams  = "teams"  // Microsoft Teams Workflows: an Adaptive Card
	FormatSigned = "signed" // JSON signed with HMAC-SHA256 (Standard Webhooks), for anything else
)

// WebhookFormats lists the formats.
var WebhookFormats = []string{FormatSlack, FormatTeams, FormatSigned}

// Webhook posts a community's events (or, without a community, every public
// community's) into a chat channel or another system.
type Webhook struct {
	ID        int64     `json:"id"`
	Community string    `json:"community"` // "" for a site-wide webhook
	URL       string    `json:"url"`
	Format    string    `json:"format"`
	Events    []string  `json:"events"` // empty: the default kinds
	Secret    string    `json:"secret,omitempty"`
	CreatedAt time.Time `json:"created_at"`

	CommunityID int64 `json:"-"`
}

// Wants reports whether the webhook receives events of the kind: the kinds it
// chose, or by default every kind of its community (site-wide: the alerts).
func (h *Webhook) Wants(kind string) bool {
	if len(h.Events) > 0 {
		return slices.Contains(h.Events, kind)
	}
	k := Kind(kind)
	if !KnownKind(kind) {
		return false
	}
	return h.CommunityID != 0 || k.Site
}

// NewWebhook is what adding a webhook takes.
type NewWebhook struct {
	URL    string
	Format string
	Events []string
	Secret string
}

// Validate normalises and checks the webhook.
func (n *NewWebhook) Validate() error {
	p := Problems{}
	n.URL = strings.TrimSpace(n.URL)
	u, err := url.Parse(n.URL)
	switch {
	case n.URL == "":
		p.Add("url", "is required: the incoming-webhook address your chat gives you")
	case len(n.URL) > 2000:
		p.Add("url", "must be at most 2000 characters")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "":
		p.Add("url", "must be a full https:// address, such as https://hooks.slack.com/services/…")
	case u.User != nil:
		p.Add("url", "must not hold a user name or password; signed webhooks take a secret instead")
	}
	if n.Format == "" {
		n.Format = FormatSlack
	}
	if !slices.Contains(WebhookFormats, n.Format) {
		p.Add("format", `must be "slack" (also Rocket.Chat and Mattermost), "teams" or "signed"`)
	}
	var events []string
	for _, e := range n.Events {
		e = strings.TrimSpace(e)
		switch {
		case e == "" || slices.Contains(events, e):
		case !KnownKind(e):
			p.Add("events", `"`+e+`" is not an event; use any of `+kindNames())
		default:
			events = append(events, e)
		}
	}
	n.Events = events
	n.Secret = strings.TrimSpace(n.Secret)
	switch {
	case n.Secret != "" && n.Format != FormatSigned:
		p.Add("secret", `is only for the "signed" format; Slack and Teams addresses are secret themselves`)
	case n.Secret != "" && (utf8.RuneCountInString(n.Secret) < 24 || len(n.Secret) > 200):
		p.Add("secret", "must be 24 to 200 characters; leave it out and copse makes one")
	}
	return p.Err()
}

func kindNames() string {
	names := make([]string, len(EventKinds))
	for i, k := range EventKinds {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}
