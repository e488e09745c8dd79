package notify_test

import (
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse/internal/mail/mailtest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestMonthlyReportMail: the worker's health sweep records each facilitator's report
// for the month gone by, and mails it to that facilitator alone, once, as a readable
// letter (the Markdown rendered in the HTML part) with a link to the health page.
func TestMonthlyReportMail(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		community(t, db) // iac, on 2 March: fay facilitates, mel is a member
		smtp := mailtest.Start(t, mailtest.Options{TLS: true})
		w := newWorker(db, smtp)
		drain(t, w)
		clock.Advance(40 * 24 * time.Hour) // 11 April: March's report is due
		drain(t, w)
		var reports []mailtest.Mail
		for _, m := range smtp.Mails() {
			if h, _ := parts(t, m.Data); strings.Contains(h.Get("Subject"), "March 2026") {
				reports = append(reports, m)
			}
		}
		if len(reports) != 1 || strings.Join(reports[0].To, " ") != "fay@example.org" {
			t.Fatalf("%d reports, want one to fay: %+v", len(reports), reports)
		}
		h, p := parts(t, reports[0].Data)
		if subject, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); !strings.HasPrefix(subject, "Infrastructure as Code in March 2026: ") {
			t.Errorf("subject %q", subject)
		}
		for _, want := range []string{">What happened</h3>", ">One thing to do</h3>", "https://copse.example.org/communities/iac/health"} {
			if !strings.Contains(p["text/html"], want) {
				t.Errorf("the HTML part lacks %q:\n%s", want, p["text/html"])
			}
		}
		if !strings.Contains(p["text/plain"], "Hello Fay") || !strings.Contains(p["text/plain"], "because you facilitate Infrastructure as Code") {
			t.Errorf("text part:\n%s", p["text/plain"])
		}
		clock.Advance(time.Hour) // the next sweep sends nothing again
		drain(t, w)
		again := 0
		for _, m := range smtp.Mails() {
			if h, _ := parts(t, m.Data); strings.Contains(h.Get("Subject"), "March 2026") {
				again++
			}
		}
		if again != 1 {
			t.Errorf("%d March reports after another sweep", again)
		}
	})
}
