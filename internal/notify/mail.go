package notify

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	texttemplate "text/template"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/mail"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/webhook"
)

//go:embed templates
var templateFS embed.FS

var (
	htmlMail = template.Must(template.ParseFS(templateFS, "templates/mail.html"))
	textMail = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/mail.txt"))
)

// mailData is what the mail templates show: one item, or a digest's several.
type mailData struct {
	Subject     string
	Site        string
	Intro       string
	Items       []mailItem
	Why         string
	ListName    string
	Unsubscribe string
	Preferences string
}

type mailItem struct {
	Community string
	Title     string
	URL       string
	Action    string
	HTML      template.HTML
	Text      string
	Fields    []webhook.Field
}

// Keep is the mail.Sender of a site without SMTP: messages go to the local outbox
// that admins read in the browser.
type Keep struct{ DB *store.DB }

// Send keeps the message.
func (k Keep) Send(ctx context.Context, m *mail.Message) (string, error) {
	raw, err := m.Bytes()
	if err != nil {
		return "", err
	}
	if err := k.DB.KeepMail(ctx, m.To, m.Subject, raw); err != nil {
		return "", err
	}
	return "kept in the local outbox (no SMTP server is configured)", nil
}

// message builds the mail for a job, or for one recipient's digest of several.
func (w *Worker) message(g []store.Job) (*mail.Message, error) {
	settings := copse.Settings{SiteName: w.site}
	j := g[0]
	d := mailData{Site: settings.SiteName}
	var attachments []mail.Attachment
	for _, job := range g {
		n := w.render(job.Event, job.Community.Slug, job.Community.Name)
		item := mailItem{Community: n.Community, Title: n.Title, URL: n.URL, Action: "Read it on " + settings.SiteName,
			HTML: w.html(n), Text: strings.TrimSpace(n.Markdown + n.Summary), Fields: n.Fields}
		if len(g) > 1 {
			item.Community = n.Community + " · " + n.When.UTC().Format("Mon 2 Jan, 15:04 UTC")
		}
		if n.ICS != nil {
			attachments = append(attachments, mail.Attachment{Name: "meeting.ics", ContentType: "text/calendar; charset=utf-8", Data: n.ICS})
			item.Action = "See the meeting"
		}
		d.Items = append(d.Items, item)
	}
	d.ListName = j.Community.Name
	switch {
	case j.Event.Kind == copse.EventSubscriptionRequested:
		d.Subject = "Confirm your subscription to " + j.Community.Name
		d.Intro = "Someone, probably you, asked to receive the announcements of " + j.Community.Name + " on " + settings.SiteName + " at this address."
		d.Items[0].Title, d.Items[0].HTML, d.Items[0].Text = "Confirm your subscription", "", ""
		d.Items[0].URL, d.Items[0].Action = w.link("/subscriptions/confirm?token="+url.QueryEscape(j.ListToken)), "Confirm my subscription"
		d.Why = "If you did not ask for this, ignore this mail: nothing more will be sent to you."
	case j.Event.Kind == copse.EventFacilitatorReport:
		d.Subject, d.Items[0].Action = d.Items[0].Title, "See its health page"
		d.Why = "You receive this once a month because you facilitate " + j.Community.Name + " on " + settings.SiteName + "."
	case len(g) > 1:
		d.Subject = fmt.Sprintf("Your digest: %s from %s", plural(len(g), "update", "updates"), settings.SiteName)
		d.ListName = settings.SiteName
	default:
		d.Subject = d.Items[0].Title
		if j.Community.Name != "" && !strings.Contains(d.Subject, j.Community.Name) {
			d.Subject = "[" + j.Community.Name + "] " + d.Subject
		}
	}
	m := &mail.Message{FromName: settings.SiteName, From: w.From, To: j.Recipient, Subject: d.Subject, Date: w.DB.Now(),
		ID: messageID(j.Key) + "@" + w.host(), Attachments: attachments}
	m.Header = append(m.Header, [2]string{"Auto-Submitted", "auto-generated"})
	if j.Event.Kind != copse.EventSubscriptionRequested && j.ListToken != "" {
		unsubscribe := w.link("/unsubscribe?token=" + url.QueryEscape(j.ListToken))
		d.Unsubscribe, d.Preferences = unsubscribe, unsubscribe
		if strings.HasPrefix(j.ListToken, memberTokenPrefix) {
			d.Preferences = w.link("/account/notifications")
		}
		d.Why = "You receive this because you are on the list of " + j.Community.Name + " on " + settings.SiteName + "."
		if len(g) > 1 {
			d.Why = "You receive this digest because you chose it for " + j.Community.Name + " on " + settings.SiteName + "."
		}
		// RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs
		// to the link, with no page to go through.
		m.Header = append(m.Header,
			[2]string{"List-Id", fmt.Sprintf("%s <%s.list.%s>", headerText(j.Community.Name), j.Community.Slug, w.host())},
			[2]string{"List-Unsubscribe", "<" + unsubscribe + ">"},
			[2]string{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
			[2]string{"Precedence", "list"})
	}
	var html, text bytes.Buffer
	if err := htmlMail.Execute(&html, d); err != nil {
		return nil, err
	}
	if err := textMail.Execute(&text, d); err != nil {
		return nil, err
	}
	m.HTML, m.Text = html.String(), blankLines.ReplaceAllString(text.String(), "\n\n")
	return m, nil
}

// blankLines are the runs of empty lines the text template leaves where a part is empty.
var blankLines = regexp.MustCompile(`\n{3,}`)

// memberTokenPrefix is how a member's list token starts (base64url of "u."): their
// preferences live on their account page.
const memberTokenPrefix = "dS"

func (w *Worker) host() string {
	if w.BaseURL != nil && w.BaseURL.Hostname() != "" {
		return w.BaseURL.Hostname()
	}
	return "copse.invalid"
}

// headerText keeps a name safe for a header: no line breaks, no angle brackets.
func headerText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == '<' || r == '>' || r > 0x7e {
			return -1
		}
		return r
	}, s)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprint(n) + " " + many
}
