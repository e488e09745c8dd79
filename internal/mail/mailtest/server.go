// Package mailtest runs a real SMTP server (emersion/go-smtp) on 127.0.0.1 for
// tests: it offers STARTTLS or speaks TLS from the start, checks a login, and keeps
// every message it accepts, so tests assert what a mailbox would receive.
package mailtest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is a message the server accepted.
type Mail struct {
	From   string
	To     []string
	Data   []byte
	TLS    bool
	Authed string // the user that logged in, or ""
}

// Server is a running SMTP server.
type Server struct {
	Addr  string         // 127.0.0.1:PORT
	Roots *x509.CertPool // trusts the server's certificate
	// Reject refuses RCPT TO for these addresses with 550, and Fail answers DATA
	// with 451 while it returns true.
	Reject map[string]bool
	Fail   func() bool

	mu    sync.Mutex
	mails []Mail
	srv   *smtp.Server
}

// Options choose the server's security.
type Options struct {
	TLS      bool   // offer STARTTLS (or, with Implicit, speak TLS at once)
	Implicit bool   // smtps
	User     string // require AUTH PLAIN with User and Password
	Password string
}

// Start runs a server until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{Reject: map[string]bool{}}
	be := smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{s: s, o: o, mail: Mail{TLS: isTLS}}, nil
	})
	s.srv = smtp.NewServer(be)
	s.srv.Domain = "mail.test"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	var ln net.Listener
	var err error
	if o.TLS {
		// Borrow httptest's certificate for 127.0.0.1 rather than make one here.
		hs := httptest.NewUnstartedServer(nil)
		hs.StartTLS()
		cert := hs.TLS.Certificates[0]
		s.Roots = x509.NewCertPool()
		s.Roots.AddCert(hs.Certificate())
		hs.Close()
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	if o.Implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", s.srv.TLSConfig)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go s.srv.Serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Mails returns what the server accepted so far.
func (s *Server) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

type session struct {
	s    *Server
	o    Options
	mail Mail
}

func (se *session) AuthMechanisms() []string {
	if se.o.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != se.o.User || pass != se.o.Password {
			return errors.New("invalid credentials")
		}
		se.mail.Authed = user
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.o.User != "" && se.mail.Authed == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	se.mail.From = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if se.s.Reject[strings.ToLower(to)] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	se.mail.To = append(se.mail.To, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if se.s.Fail != nil && se.s.Fail() {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	se.mail.Data = b
	se.s.mu.Lock()
	se.s.mails = append(se.s.mails, se.mail)
	se.s.mu.Unlock()
	return nil
}

func (se *session) Reset()        { se.mail = Mail{TLS: se.mail.TLS, Authed: se.mail.Authed} }
func (se *session) Logout() error { return nil }
