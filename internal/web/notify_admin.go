package web

import (
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/notify"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/webhook"
)

type webhooksPage struct {
	layout
	C       *copse.Community // nil for the site's webhooks
	Action  string           // where the forms post
	Hooks   []*copse.Webhook
	Kinds   []copse.EventKind
	Formats []option
	URL     string
	Format  string
	Events  []string
	Secret  string // a new signed webhook's, shown once
	Test    *webhook.Result
	TestID  int64
}

var (
	webhookFields  = []field{{"url", "Address"}, {"format", "Chat"}, {"events", "Events"}, {"secret", "Secret"}}
	webhookFormats = []option{
		{Value: copse.FormatSlack, Label: "Slack, Rocket.Chat or Mattermost", Hint: "An incoming webhook; they all take Slack’s format"},
		{Value: copse.FormatTeams, Label: "Microsoft Teams", Hint: "A Workflows “post to a channel when a webhook request is received” address"},
		{Value: copse.FormatSigned, Label: "Signed JSON", Hint: "For anything else: JSON signed with HMAC-SHA256 (Standard Webhooks)"},
	}
)

// webhooksBase is the path of the webhooks page of a community, or the site's.
func webhooksBase(slug string) string {
	if slug == "" {
		return "/admin/webhooks"
	}
	return "/communities/" + slug + "/webhooks"
}

func (w *Web) webhooksPage(r *http.Request, slug string) (*webhooksPage, error) {
	ctx := r.Context()
	p := &webhooksPage{Action: webhooksBase(slug), Kinds: copse.EventKinds, Formats: webhookFormats, Format: copse.FormatSlack}
	if slug != "" {
		c, _, err := w.db.FindCommunity(ctx, slug)
		if err != nil {
			return nil, err
		}
		p.C = c
	}
	hooks, err := w.db.ListWebhooks(ctx, slug)
	if err != nil {
		return nil, err
	}
	for _, h := range hooks {
		h.URL = redactHook(h.URL)
	}
	p.Hooks = hooks
	return p, nil
}

// redactHook shows where a webhook posts, without the secret end of its address.
func redactHook(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			rest := u[i+3+j:]
			if len(rest) > 12 {
				return u[:i+3+j] + rest[:8] + "…"
			}
		}
	}
	return u
}

// handleWebhooks shows a community's webhooks (facilitators) or the site's (admins).
func (w *Web) handleWebhooks(site bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.webhooksPage(r, slugOf(r, site))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "webhooks", p)
	})
}

func slugOf(r *http.Request, site bool) string {
	if site {
		return ""
	}
	return r.PathValue("slug")
}

// handleWebhookCreate adds a webhook; a signed one's secret is shown this once.
func (w *Web) handleWebhookCreate(site bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := slugOf(r, site)
		f := r.PostForm
		n := copse.NewWebhook{URL: f.Get("url"), Format: f.Get("format"), Events: f["events"], Secret: f.Get("secret")}
		h, err := w.db.CreateWebhook(r.Context(), slug, n)
		p, perr := w.webhooksPage(r, slug)
		if perr != nil {
			w.fail(rw, r, perr)
			return
		}
		if len(copse.ErrorFields(err)) > 0 {
			p.URL, p.Format, p.Events = n.URL, n.Format, n.Events
			p.Errors = newErrs(err, webhookFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "webhooks", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if h.Secret == "" {
			redirect(rw, r, webhooksBase(slug)+"?notice=webhook")
			return
		}
		p.Secret, p.Notice = h.Secret, notices["webhook"]
		noStore(rw)
		w.render(rw, r, http.StatusOK, "webhooks", p)
	})
}

// handleWebhookDelete removes a webhook.
func (w *Web) handleWebhookDelete(site bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		slug := slugOf(r, site)
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err := w.db.DeleteWebhook(r.Context(), slug, id); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, webhooksBase(slug)+"?notice=webhook-deleted")
	})
}

// handleWebhookTest posts a test message and shows what the receiver answered.
func (w *Web) handleWebhookTest(site bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		slug := slugOf(r, site)
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		res, err := notify.SendTest(r.Context(), w.db, slug, id, w.absolute(r, "/"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.webhooksPage(r, slug)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Test, p.TestID = &res, id
		w.render(rw, r, http.StatusOK, "webhooks", p)
	})
}

type deliveriesPage struct {
	layout
	MaxAttempts int
	Status      string
	Counts      map[string]int
	Items       []copse.Delivery
	Next        string
}

// handleDeliveries lists the outbox's deliveries for admins: pending, sent, dead.
func (w *Web) handleDeliveries() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		q := r.URL.Query()
		page, err := w.db.ListDeliveries(r.Context(), copse.DeliveryFilter{Status: q.Get("status"), Cursor: q.Get("cursor"), Limit: 50})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		counts, err := w.db.DeliveryCounts(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "deliveries", &deliveriesPage{MaxAttempts: copse.MaxAttempts, Status: q.Get("status"), Counts: counts, Items: page.Items, Next: page.Next})
	})
}

// handleDeliveryRetry sends a dead delivery again.
func (w *Web) handleDeliveryRetry() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if _, err := w.db.RetryDelivery(r.Context(), id); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/admin/deliveries?status=pending&notice=retry")
	})
}

type outboxPage struct {
	layout
	Items   []store.KeptMail
	Next    string
	Mail    *store.KeptMail
	Headers [][2]string // of the message shown
	Text    string      // its plain text part
}

// handleOutbox lists the mail kept on a site without SMTP.
func (w *Web) handleOutbox() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		page, err := w.db.ListKeptMail(r.Context(), 50, r.URL.Query().Get("cursor"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "outbox", &outboxPage{Items: page.Items, Next: page.Next})
	})
}

// handleOutboxMessage shows one kept message as it would be sent: its headers and
// text; ?raw=1 downloads it, for a mail client to open.
func (w *Web) handleOutboxMessage() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		m, err := w.db.FindKeptMail(r.Context(), id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if r.URL.Query().Get("raw") == "1" {
			rw.Header().Set("Content-Type", "message/rfc822")
			rw.Header().Set("Content-Disposition", `attachment; filename="message-`+strconv.FormatInt(id, 10)+`.eml"`)
			rw.Header().Set("Cache-Control", "no-store")
			rw.Write([]byte(m.Message)) //nolint:errcheck // the admin went away
			return
		}
		p := &outboxPage{Mail: m}
		p.Headers, p.Text = readMail(m.Message)
		w.render(rw, r, http.StatusOK, "outbox", p)
	})
}

// readMail returns the headers people read and the plain text part of a message.
func readMail(raw string) ([][2]string, string) {
	msg, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return nil, raw
	}
	var hdr [][2]string
	dec := new(mime.WordDecoder)
	for _, k := range []string{"From", "To", "Subject", "Date", "List-Unsubscribe", "List-Unsubscribe-Post"} {
		if v := msg.Header.Get(k); v != "" {
			if d, err := dec.DecodeHeader(v); err == nil {
				v = d
			}
			hdr = append(hdr, [2]string{k, v})
		}
	}
	return hdr, plainPart(msg.Body, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"))
}

func plainPart(r io.Reader, contentType, encoding string) string {
	mt, params, _ := mime.ParseMediaType(contentType)
	if mt == "text/plain" {
		if strings.EqualFold(encoding, "quoted-printable") {
			r = quotedprintable.NewReader(r)
		}
		b, _ := io.ReadAll(io.LimitReader(r, 1<<20))
		return string(b)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return ""
	}
	mr := multipart.NewReader(r, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable itself
		if err != nil {
			return ""
		}
		if t := plainPart(part, part.Header.Get("Content-Type"), ""); t != "" {
			return t
		}
	}
}
