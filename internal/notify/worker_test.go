package notify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/mail/mailtest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
	"github.com/copse-dev/copse/internal/webhook"
)

// parts reads a mail as a client would: its headers and its text and HTML parts.
func parts(t *testing.T, raw []byte) (netmail.Header, map[string]string) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(r io.Reader, ct, encoding string)
	walk = func(r io.Reader, ct, encoding string) {
		mt, params, _ := mime.ParseMediaType(ct)
		if !strings.HasPrefix(mt, "multipart/") {
			if encoding == "base64" {
				r = base64.NewDecoder(base64.StdEncoding, r)
			}
			b, _ := io.ReadAll(r)
			out[mt] = string(b)
			return
		}
		mr := multipart.NewReader(r, params["boundary"]) // decodes quoted-printable parts
		for {
			p, err := mr.NextPart()
			if err != nil {
				return
			}
			walk(p, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"))
		}
	}
	walk(msg.Body, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"))
	return msg.Header, out
}

// TestAnnouncementReachesEveryChannel: a facilitator's announcement reaches each
// member by SMTP (text and HTML, with RFC 8058 unsubscribe headers whose link
// works) and each of the community's webhooks in its own format.
func TestAnnouncementReachesEveryChannel(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, _ := community(t, db)
		smtp := mailtest.Start(t, mailtest.Options{TLS: true})
		w := newWorker(db, smtp)
		slack, teams, signed := newReceiver(t), newReceiver(t), newReceiver(t)
		var secret string
		for _, h := range []struct {
			r      *receiver
			format string
		}{{slack, "slack"}, {teams, "teams"}, {signed, "signed"}} {
			hook, err := db.CreateWebhook(fay, "iac", copse.NewWebhook{URL: h.r.URL, Format: h.format, Events: []string{"announcement"}})
			if err != nil {
				t.Fatal(err)
			}
			if h.format == "signed" {
				secret = hook.Secret
			}
		}
		drain(t, w)
		if _, err := db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "Lean Coffee moves to Thursday",
			Body: "From **April** on, we meet on [Thursdays](https://example.org/lean-coffee)."}); err != nil {
			t.Fatal(err)
		}
		if n := drain(t, w); n != 5 {
			t.Fatalf("%d deliveries, want 2 mails and 3 webhooks", n)
		}
		mails := smtp.Mails()
		var to []string
		for _, m := range mails {
			to = append(to, m.To...)
		}
		slices.Sort(to)
		if !slices.Equal(to, []string{"fay@example.org", "mel@example.org"}) {
			t.Fatalf("mailed %q", to)
		}
		h, p := parts(t, mails[0].Data)
		if subject, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); subject != "[Infrastructure as Code] Lean Coffee moves to Thursday" {
			t.Errorf("subject %q", subject)
		}
		if h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || h.Get("List-Id") != "Infrastructure as Code <iac.list.copse.example.org>" ||
			!strings.HasSuffix(h.Get("Message-Id"), "@copse.example.org>") || h.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("headers %v", h)
		}
		link := regexp.MustCompile(`^<(https://copse\.example\.org/unsubscribe\?token=[^>]+)>$`).FindStringSubmatch(h.Get("List-Unsubscribe"))
		if link == nil {
			t.Fatalf("List-Unsubscribe %q", h.Get("List-Unsubscribe"))
		}
		if !strings.Contains(p["text/plain"], "From **April** on") || !strings.Contains(p["text/plain"], "Unsubscribe: "+link[1]) ||
			!strings.Contains(p["text/plain"], "https://copse.example.org/communities/iac/announcements#announcement-1") {
			t.Errorf("text part:\n%s", p["text/plain"])
		}
		if !strings.Contains(p["text/html"], "<strong>April</strong>") || !strings.Contains(p["text/html"], `href="https://example.org/lean-coffee"`) ||
			!strings.Contains(p["text/html"], "unsubscribe</a>") {
			t.Errorf("HTML part:\n%s", p["text/html"])
		}
		u, _ := url.Parse(link[1])
		le, err := db.Unsubscribe(context.Background(), u.Query().Get("token"))
		if err != nil || le.Community.Slug != "iac" {
			t.Fatalf("the unsubscribe link: %+v, %v", le, err)
		}

		posts, _ := slack.got()
		body := decode(t, posts[0].body)
		att := body["attachments"].([]any)[0].(map[string]any)
		if body["text"] != "Infrastructure as Code: Lean Coffee moves to Thursday" || att["title_link"] != "https://copse.example.org/communities/iac/announcements#announcement-1" ||
			!strings.Contains(att["text"].(string), "From April on") {
			t.Errorf("slack body %s", posts[0].body)
		}
		posts, _ = teams.got()
		card := decode(t, posts[0].body)["attachments"].([]any)[0].(map[string]any)
		if card["contentType"] != "application/vnd.microsoft.card.adaptive" || card["content"].(map[string]any)["type"] != "AdaptiveCard" {
			t.Errorf("teams body %s", posts[0].body)
		}
		posts, _ = signed.got()
		sh := posts[0].header
		if !webhook.Verify(secret, sh.Get("webhook-id"), sh.Get("webhook-timestamp"), sh.Get("webhook-signature"), posts[0].body, clock.Now(), 5*time.Minute) {
			t.Errorf("the signature does not verify: %v", sh)
		}
		if decode(t, posts[0].body)["type"] != "announcement" {
			t.Errorf("signed body %s", posts[0].body)
		}
	})
}

// TestReceiverFailures: a receiver that answers 500 is retried after the backoff
// and its answer kept; one that times out too; after the last attempt the delivery
// is a dead letter with the receiver's answer, until an admin retries it.
func TestReceiverFailures(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, root := community(t, db)
		w := newWorker(db, nil)
		w.Hooks = webhook.New()
		w.Hooks.HTTP.Timeout = 300 * time.Millisecond
		flaky, down, slow := newReceiver(t), newReceiver(t), newReceiver(t)
		flaky.answer = func(n int) int { return map[bool]int{true: 500, false: 200}[n < 3] }
		down.answer = func(int) int { return 503 }
		slow.block = make(chan struct{})
		t.Cleanup(func() { close(slow.block) })
		for _, r := range []*receiver{flaky, down, slow} {
			if _, err := db.CreateWebhook(fay, "iac", copse.NewWebhook{URL: r.URL, Events: []string{"announcement"}}); err != nil {
				t.Fatal(err)
			}
		}
		drain(t, w)
		db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "Hello", Body: "World"})
		drain(t, w)
		for attempt := 1; attempt < copse.MaxAttempts; attempt++ {
			clock.Advance(copse.RetryDelay(attempt, 0))
			drain(t, w)
		}
		if posts, _ := flaky.got(); len(posts) != 3 {
			t.Errorf("the flaky receiver got %d posts, want 3 (two 500s, then 200)", len(posts))
		}
		if posts, _ := down.got(); len(posts) != copse.MaxAttempts {
			t.Errorf("the failing receiver got %d posts, want %d", len(posts), copse.MaxAttempts)
		}
		dead, err := db.ListDeliveries(root, copse.DeliveryFilter{Status: copse.DeliveryDead})
		if err != nil {
			t.Fatal(err)
		}
		var answers []string
		for _, d := range dead.Items {
			answers = append(answers, d.Response)
		}
		slices.Sort(answers)
		if len(answers) != 2 || answers[0] != "503 Service Unavailable: upstream trouble" || !strings.Contains(answers[1], "timed out") {
			t.Fatalf("dead letters' answers %q", answers)
		}
		down.answer = nil
		if _, err := db.RetryDelivery(root, dead.Items[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RetryDelivery(root, dead.Items[1].ID); err != nil {
			t.Fatal(err)
		}
		drain(t, w)
		counts, _ := db.DeliveryCounts(root)
		if counts[copse.DeliverySent] < 3 {
			t.Errorf("counts after retrying %v", counts)
		}
	})
}

// TestKeptMailAndDigest: without SMTP, mail is kept for admins; a daily digest
// gathers a day's messages into one mail at 07:00 UTC; confirmation mails reach
// outside subscribers.
func TestKeptMailAndDigest(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, root := community(t, db)
		w := newWorker(db, nil)
		if err := db.SetMailPreferences(fay, map[string]copse.Frequency{"iac": copse.FrequencyDaily}); err != nil {
			t.Fatal(err)
		}
		if err := db.Subscribe(context.Background(), "iac", "reader@example.org"); err != nil {
			t.Fatal(err)
		}
		drain(t, w)
		for _, title := range []string{"First news", "Second news"} {
			db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: title, Body: "Words."})
		}
		drain(t, w)
		clock.Advance(22 * time.Hour)
		drain(t, w)
		kept, err := db.ListKeptMail(root, 50, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range kept.Items {
			got = append(got, m.Recipient+": "+m.Subject)
		}
		slices.Sort(got)
		want := []string{
			"fay@example.org: Your digest: 2 updates from copse",
			"mel@example.org: [Infrastructure as Code] First news",
			"mel@example.org: [Infrastructure as Code] Second news",
			"reader@example.org: Confirm your subscription to Infrastructure as Code",
		}
		if !slices.Equal(got, want) {
			t.Fatalf("kept mail\n%q\nwant\n%q", got, want)
		}
		for _, m := range kept.Items {
			full, err := db.FindKeptMail(root, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			_, p := parts(t, []byte(full.Message))
			switch m.Recipient {
			case "fay@example.org":
				if !strings.Contains(p["text/plain"], "First news") || !strings.Contains(p["text/plain"], "Second news") {
					t.Errorf("digest:\n%s", p["text/plain"])
				}
			case "reader@example.org":
				if !strings.Contains(p["text/plain"], "Confirm my subscription: https://copse.example.org/subscriptions/confirm?token=") {
					t.Errorf("confirmation:\n%s", p["text/plain"])
				}
			}
		}
		if _, err := db.ListKeptMail(fay, 10, ""); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a facilitator read the outbox: %v", err)
		}
	})
}
