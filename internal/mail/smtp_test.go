package mail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/mail"
	"github.com/copse-dev/copse/internal/mail/mailtest"
)

func message() *mail.Message {
	return &mail.Message{FromName: "Guild Hall", From: "copse@example.org", To: "ada@example.org",
		Subject: "Réunion: Lean Coffee", Date: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), ID: "msg_1@example.org",
		Text: "Hello Ada,\nsee you there: https://copse.example.org/communities/iac", HTML: "<p>Hello <b>Ada</b></p>",
		Header:      [][2]string{{"List-Unsubscribe", "<https://copse.example.org/unsubscribe?token=abc>"}, {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}},
		Attachments: []mail.Attachment{{Name: "meeting.ics", ContentType: "text/calendar; charset=utf-8", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}},
	}
}

func sender(t *testing.T, s *mailtest.Server, scheme, userinfo string) *mail.SMTP {
	t.Helper()
	m, err := mail.ParseURL(scheme + "://" + userinfo + s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	m.TLS = &tls.Config{RootCAs: s.Roots}
	m.Timeout = 5 * time.Second
	return m
}

// TestSMTPConversation speaks SMTP to a real server: in clear, with STARTTLS and a
// login, and over TLS from the start; the message arrives whole.
func TestSMTPConversation(t *testing.T) {
	for _, c := range []struct {
		name     string
		opts     mailtest.Options
		scheme   string
		userinfo string
	}{
		{"plain", mailtest.Options{}, "smtp", ""},
		{"starttls+auth", mailtest.Options{TLS: true, User: "copse", Password: "s3cret pass"}, "smtp", "copse:s3cret%20pass@"},
		{"smtps+auth", mailtest.Options{TLS: true, Implicit: true, User: "copse", Password: "pw"}, "smtps", "copse:pw@"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.Start(t, c.opts)
			resp, err := sender(t, srv, c.scheme, c.userinfo).Send(context.Background(), message())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(resp, "250") {
				t.Errorf("response %q", resp)
			}
			got := srv.Mails()
			if len(got) != 1 {
				t.Fatalf("%d mails", len(got))
			}
			m := got[0]
			if m.From != "copse@example.org" || len(m.To) != 1 || m.To[0] != "ada@example.org" {
				t.Errorf("envelope %q → %q", m.From, m.To)
			}
			if m.TLS != c.opts.TLS || m.Authed != c.opts.User {
				t.Errorf("TLS %v, login %q", m.TLS, m.Authed)
			}
			checkMessage(t, m.Data)
		})
	}
}

// checkMessage parses the message as a mail client would.
func checkMessage(t *testing.T, raw []byte) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	subject, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if subject != "Réunion: Lean Coffee" || h.Get("From") != `"Guild Hall" <copse@example.org>` || h.Get("Message-Id") != "<msg_1@example.org>" ||
		h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || h.Get("Mime-Version") != "1.0" {
		t.Errorf("headers %v", h)
	}
	mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if mt != "multipart/mixed" {
		t.Fatalf("content type %s", mt)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	alt, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	amt, aparams, _ := mime.ParseMediaType(alt.Header.Get("Content-Type"))
	if amt != "multipart/alternative" {
		t.Fatalf("first part %s", amt)
	}
	ar := multipart.NewReader(alt, aparams["boundary"])
	var parts []string
	for {
		p, err := ar.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts = append(parts, p.Header.Get("Content-Type")+": "+string(b))
	}
	if len(parts) != 2 || !strings.Contains(parts[0], "text/plain") || !strings.Contains(parts[0], "Hello Ada,\r\nsee you there: https://copse.example.org/communities/iac") ||
		!strings.Contains(parts[1], "text/html") || !strings.Contains(parts[1], "<b>Ada</b>") {
		t.Errorf("parts %q", parts)
	}
	att, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if att.FileName() != "meeting.ics" || !strings.HasPrefix(att.Header.Get("Content-Type"), "text/calendar") {
		t.Errorf("attachment %v", att.Header)
	}
}

func TestSMTPRefusals(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{TLS: true, User: "copse", Password: "right"})
	if _, err := sender(t, srv, "smtp", "copse:wrong@").Send(context.Background(), message()); err == nil || errors.As(err, new(*mail.PermanentError)) {
		t.Errorf("a wrong password: %v (a site's configuration is retried, not dead)", err)
	}
	srv.Reject["ada@example.org"] = true
	_, err := sender(t, srv, "smtp", "copse:right@").Send(context.Background(), message())
	var perm *mail.PermanentError
	if !errors.As(err, &perm) || !strings.Contains(err.Error(), "550") {
		t.Errorf("a refused recipient: %v, want a permanent 550", err)
	}
	srv.Reject = map[string]bool{}
	srv.Fail = func() bool { return true }
	if _, err := sender(t, srv, "smtp", "copse:right@").Send(context.Background(), message()); err == nil || errors.As(err, &perm) {
		t.Errorf("451: %v, want a temporary error", err)
	}
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"smtp://mail.example.org", "smtp://mail.example.org:587", true},
		{"smtps://ada:pw@mail.example.org", "smtps://ada@mail.example.org:465", true},
		{"smtp://mail.example.org:25?from=copse@example.org", "smtp://mail.example.org:25", true},
		{"http://mail.example.org", "", false},
		{"smtp://", "", false},
		{"smtp://mail.example.org?from=nobody", "", false},
	} {
		s, err := mail.ParseURL(c.in)
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: %v", c.in, err)
		case c.ok && s.String() != c.want:
			t.Errorf("%s = %s, want %s", c.in, s, c.want)
		case !c.ok && copse.ErrorFields(err)["smtp"] == "":
			t.Errorf("%s: %v, want a message for the smtp field", c.in, err)
		}
	}
}
