// Package mail builds MIME messages (a plain text and an HTML part, attachments) and
// sends them over SMTP with STARTTLS or implicit TLS and authentication. The
// standard library does both well enough that no mail library earns its place.
package mail

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one mail to one recipient.
type Message struct {
	FromName string // the display name: the site's
	From     string // the address
	To       string
	Subject  string
	Date     time.Time
	ID       string // the Message-ID, without angle brackets; stable across retries
	Text     string // the plain text part
	HTML     string // the HTML part; "" sends plain text alone
	// Header holds further headers in order: List-Id, List-Unsubscribe, …
	Header      [][2]string
	Attachments []Attachment
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name        string
	ContentType string // "text/calendar; method=PUBLISH"
	Data        []byte
}

// Bytes renders the message as RFC 5322 text with CRLF line ends, ready for SMTP's
// DATA or for the local outbox.
func (m *Message) Bytes() ([]byte, error) {
	var b bytes.Buffer
	from := (&mail.Address{Name: m.FromName, Address: m.From}).String()
	hdr := [][2]string{
		{"From", from},
		{"To", (&mail.Address{Address: m.To}).String()},
		{"Subject", mime.QEncoding.Encode("utf-8", m.Subject)},
		{"Date", m.Date.Format(time.RFC1123Z)},
		{"Message-ID", "<" + m.ID + ">"},
		{"MIME-Version", "1.0"},
	}
	for _, h := range append(hdr, m.Header...) {
		if strings.ContainsAny(h[0]+h[1], "\r\n") {
			return nil, fmt.Errorf("mail: header %s holds a line break", h[0])
		}
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	body := &bytes.Buffer{}
	var contentType string
	switch {
	case len(m.Attachments) > 0:
		w := multipart.NewWriter(body)
		contentType = "multipart/mixed; boundary=" + w.Boundary()
		if err := m.writeAlternative(w); err != nil {
			return nil, err
		}
		for _, a := range m.Attachments {
			h := textproto.MIMEHeader{}
			h.Set("Content-Type", a.ContentType+"; name="+quote(a.Name))
			h.Set("Content-Disposition", "attachment; filename="+quote(a.Name))
			h.Set("Content-Transfer-Encoding", "base64")
			p, err := w.CreatePart(h)
			if err != nil {
				return nil, err
			}
			writeBase64(p, a.Data)
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
	case m.HTML != "":
		w := multipart.NewWriter(body)
		contentType = "multipart/alternative; boundary=" + w.Boundary()
		if err := writeParts(w, m.Text, m.HTML); err != nil {
			return nil, err
		}
	default:
		contentType = "text/plain; charset=utf-8"
		fmt.Fprintf(&b, "Content-Transfer-Encoding: quoted-printable\r\n")
		writeQP(body, m.Text)
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\n\r\n", contentType)
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// writeAlternative nests the text and HTML parts in a multipart/mixed message.
func (m *Message) writeAlternative(outer *multipart.Writer) error {
	inner := &bytes.Buffer{}
	w := multipart.NewWriter(inner)
	if err := writeParts(w, m.Text, m.HTML); err != nil {
		return err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", "multipart/alternative; boundary="+w.Boundary())
	p, err := outer.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = p.Write(inner.Bytes())
	return err
}

// writeParts writes the plain text part, then the HTML one: clients show the last
// part they can.
func writeParts(w *multipart.Writer, text, html string) error {
	for _, part := range []struct{ typ, body string }{{"text/plain", text}, {"text/html", html}} {
		if part.body == "" {
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", part.typ+"; charset=utf-8")
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		p, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		writeQP(p, part.body)
	}
	return w.Close()
}

func writeQP(w interface{ Write([]byte) (int, error) }, s string) {
	q := quotedprintable.NewWriter(w)
	q.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")))
	q.Close()
}

// writeBase64 writes data in lines of 76 characters (RFC 2045).
func writeBase64(w interface{ Write([]byte) (int, error) }, data []byte) {
	s := base64.StdEncoding.EncodeToString(data)
	for len(s) > 76 {
		w.Write([]byte(s[:76] + "\r\n"))
		s = s[76:]
	}
	w.Write([]byte(s + "\r\n"))
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(mime.QEncoding.Encode("utf-8", s)) + `"`
}
