// Package webhook posts copse's events to chat and other systems: Slack's
// incoming-webhook format (which Rocket.Chat and Mattermost accept too), Microsoft
// Teams Workflows (an Adaptive Card), and a generic JSON body signed with
// HMAC-SHA256 after the Standard Webhooks specification, for anything else.
package webhook

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// Message is an event as chat shows it.
type Message struct {
	ID        string // the idempotency key: the same for every retry of one delivery
	Event     string // the event's kind
	Community string // the community's name; "" for the site
	Title     string
	Text      string // a few lines of plain text
	URL       string // where to read more on copse
	Fields    []Field
	Time      time.Time
	Data      json.RawMessage // the event's payload, for signed webhooks
}

// Field is a labelled value: when, where.
type Field struct {
	Title string `json:"title"`
	Value string `json:"value"`
	Short bool   `json:"short"`
}

// colour is the accent of Slack attachments: copse's green, or red for alerts.
func colour(kind string) string {
	if copse.Kind(kind).Site {
		return "#b42318"
	}
	return "#2f6f4f"
}

// Body renders the message in a format.
func Body(format string, m Message) ([]byte, error) {
	switch format {
	case copse.FormatSlack:
		return json.Marshal(slackBody(m))
	case copse.FormatTeams:
		return json.Marshal(teamsBody(m))
	case copse.FormatSigned:
		return json.Marshal(signedBody(m))
	}
	return nil, fmt.Errorf("webhook: unknown format %q", format)
}

// Slack's incoming webhooks take "text" and legacy "attachments", which Rocket.Chat
// and Mattermost render too (blocks they do not); the shape is the one BC Gov's
// teams post into Rocket.Chat (testdata/webhooks-real-examples).
type slackMessage struct {
	Text        string            `json:"text"`
	Attachments []slackAttachment `json:"attachments"`
}

type slackAttachment struct {
	Fallback  string  `json:"fallback"`
	Color     string  `json:"color"`
	Pretext   string  `json:"pretext,omitempty"`
	Title     string  `json:"title"`
	TitleLink string  `json:"title_link,omitempty"`
	Text      string  `json:"text,omitempty"`
	Fields    []Field `json:"fields,omitempty"`
	Footer    string  `json:"footer"`
	Ts        int64   `json:"ts"`
}

func slackBody(m Message) slackMessage {
	summary := m.Title
	if m.Community != "" {
		summary = m.Community + ": " + m.Title
	}
	return slackMessage{
		Text: summary,
		Attachments: []slackAttachment{{
			Fallback: summary, Color: colour(m.Event), Pretext: m.Community, Title: m.Title, TitleLink: m.URL,
			Text: m.Text, Fields: m.Fields, Footer: "copse", Ts: m.Time.Unix(),
		}},
	}
}

// Teams Workflows ("Post to a channel when a webhook request is received") take a
// message whose attachments are Adaptive Cards; version 1.4 is what Teams renders
// everywhere, mobile included.
type teamsMessage struct {
	Type        string            `json:"type"`
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string    `json:"contentType"`
	ContentURL  *string   `json:"contentUrl"`
	Content     teamsCard `json:"content"`
}

type teamsCard struct {
	Schema  string `json:"$schema"`
	Type    string `json:"type"`
	Version string `json:"version"`
	Body    []any  `json:"body"`
	Actions []any  `json:"actions,omitempty"`
	MSTeams struct {
		Width string `json:"width"`
	} `json:"msteams"`
}

type textBlock struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Wrap     bool   `json:"wrap"`
	Weight   string `json:"weight,omitempty"`
	Size     string `json:"size,omitempty"`
	IsSubtle bool   `json:"isSubtle,omitempty"`
	Spacing  string `json:"spacing,omitempty"`
}

type factSet struct {
	Type  string `json:"type"`
	Facts []fact `json:"facts"`
}

type fact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type openURL struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func teamsBody(m Message) teamsMessage {
	card := teamsCard{Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: "1.4"}
	card.MSTeams.Width = "Full"
	if m.Community != "" {
		card.Body = append(card.Body, textBlock{Type: "TextBlock", Text: m.Community, Wrap: true, IsSubtle: true, Size: "Small"})
	}
	card.Body = append(card.Body, textBlock{Type: "TextBlock", Text: m.Title, Wrap: true, Weight: "Bolder", Size: "Medium"})
	if m.Text != "" {
		card.Body = append(card.Body, textBlock{Type: "TextBlock", Text: m.Text, Wrap: true})
	}
	if len(m.Fields) > 0 {
		fs := factSet{Type: "FactSet"}
		for _, f := range m.Fields {
			fs.Facts = append(fs.Facts, fact{Title: f.Title, Value: f.Value})
		}
		card.Body = append(card.Body, fs)
	}
	if m.URL != "" {
		card.Actions = append(card.Actions, openURL{Type: "Action.OpenUrl", Title: "Open in copse", URL: m.URL})
	}
	return teamsMessage{Type: "message", Attachments: []teamsAttachment{{ContentType: "application/vnd.microsoft.card.adaptive", Content: card}}}
}

// signedMessage is the generic body: the event's type and time, and its data.
type signedMessage struct {
	Type      string     `json:"type"`
	Timestamp time.Time  `json:"timestamp"`
	Data      signedData `json:"data"`
}

type signedData struct {
	ID        string          `json:"id"`
	Community string          `json:"community,omitempty"`
	Title     string          `json:"title"`
	Text      string          `json:"text,omitempty"`
	URL       string          `json:"url,omitempty"`
	Payload   json.RawMessage `json:"payload,omitempty"`
}

func signedBody(m Message) signedMessage {
	return signedMessage{Type: m.Event, Timestamp: m.Time.UTC(),
		Data: signedData{ID: m.ID, Community: m.Community, Title: m.Title, Text: m.Text, URL: m.URL, Payload: m.Data}}
}
