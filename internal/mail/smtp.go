package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// Sender delivers a message, and says what the receiving end answered.
type Sender interface {
	Send(ctx context.Context, m *Message) (response string, err error)
}

// PermanentError is a refusal that retrying cannot change: a 5xx SMTP reply such as
// 550 (no such mailbox).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// SMTP sends mail through an SMTP server, as --smtp names it:
// smtp://[user:pass@]host[:port] uses STARTTLS when the server offers it (and
// refuses to send a password without it); smtps:// speaks TLS from the start.
// ?from=copse@example.org sets the sender's address.
type SMTP struct {
	Host        string
	Port        string
	User        string
	Password    string
	ImplicitTLS bool
	From        string      // the sender's address, from ?from=; "" leaves it to the caller
	TLS         *tls.Config // nil: verify the server's certificate against the system's roots
	Timeout     time.Duration
}

// ParseURL reads an SMTP address. Its errors name the --smtp flag and say what a
// good one looks like.
func ParseURL(raw string) (*SMTP, error) {
	bad := func(why string) error {
		return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"smtp": why + "; use smtp://user:password@mail.example.org:587 (STARTTLS) or smtps://…:465 (TLS)"}}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, bad("is not an address")
	}
	s := &SMTP{Host: u.Hostname(), Port: u.Port(), Timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		if s.Port == "" {
			s.Port = "587"
		}
	case "smtps":
		s.ImplicitTLS = true
		if s.Port == "" {
			s.Port = "465"
		}
	default:
		return nil, bad(fmt.Sprintf("scheme %q is not smtp or smtps", u.Scheme))
	}
	if s.Host == "" {
		return nil, bad("has no host")
	}
	if u.User != nil {
		s.User = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if from := u.Query().Get("from"); from != "" {
		if _, err := copse.ValidateSubscriberEmail(from); err != nil {
			return nil, bad(fmt.Sprintf("from=%q is not an email address", from))
		}
		s.From = from
	}
	return s, nil
}

// String is the server's address without the password, for logs.
func (s *SMTP) String() string {
	scheme := "smtp"
	if s.ImplicitTLS {
		scheme = "smtps"
	}
	user := ""
	if s.User != "" {
		user = s.User + "@"
	}
	return scheme + "://" + user + net.JoinHostPort(s.Host, s.Port)
}

// Send delivers m in one SMTP session.
func (s *SMTP) Send(ctx context.Context, m *Message) (string, error) {
	raw, err := m.Bytes()
	if err != nil {
		return "", err
	}
	deadline := time.Now().Add(s.Timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	addr := net.JoinHostPort(s.Host, s.Port)
	dialer := &net.Dialer{Deadline: deadline}
	tlsConfig := s.TLS
	if tlsConfig == nil {
		tlsConfig = &tls.Config{}
	}
	tlsConfig = tlsConfig.Clone()
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = s.Host
	}
	var conn net.Conn
	if s.ImplicitTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: tlsConfig}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return "", fmt.Errorf("connect to %s: %w", addr, err)
	}
	conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return "", classify("greeting", err)
	}
	defer c.Close()
	if !s.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return "", classify("STARTTLS", err)
			}
		}
	}
	if s.User != "" {
		// net/smtp's PLAIN refuses to send a password over a connection that is
		// neither TLS nor to localhost, which is what we want.
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, s.Host)); err != nil {
			return "", classify("AUTH", err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return "", classify("MAIL FROM", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return "", classify("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return "", classify("DATA", err)
	}
	if _, err := w.Write(raw); err != nil {
		return "", classify("DATA", err)
	}
	if err := w.Close(); err != nil {
		return "", classify("end of DATA", err)
	}
	c.Quit() //nolint:errcheck // the message is accepted; a lost goodbye changes nothing
	return "250 accepted by " + s.Host, nil
}

// classify marks 5xx replies to the recipient or the message as permanent: the
// server refused them, and will again. A refused login or sender is the site's
// configuration, which an admin may fix, so those are retried.
func classify(step string, err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		err = fmt.Errorf("%s: %d %s", step, tp.Code, strings.TrimSpace(tp.Msg))
		if tp.Code >= 500 && (step == "RCPT TO" || step == "end of DATA") {
			return &PermanentError{Err: err}
		}
		return err
	}
	return fmt.Errorf("%s: %w", step, err)
}
