package web

import (
	"net"
	"net/http"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

type signInPage struct {
	layout
	Login string
	Next  string
}

var signInFields = []field{{"login", "Handle or email"}, {"password", "Password"}}

// handleSignInForm shows the sign-in form; someone already signed in goes on.
func (w *Web) handleSignInForm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		next := localNext(r.URL.Query().Get("next"), "/")
		if copse.UserFromContext(r.Context()) != nil {
			redirect(rw, r, next)
			return
		}
		w.render(rw, r, http.StatusOK, "signin", &signInPage{Next: next})
	})
}

// handleSignIn checks the handle or email and password, starts a session and goes
// back to where the person was headed.
func (w *Web) handleSignIn() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &signInPage{Login: strings.TrimSpace(r.PostForm.Get("login")), Next: localNext(r.PostForm.Get("next"), "/")}
		password := r.PostForm.Get("password")
		problems := copse.Problems{}
		if p.Login == "" {
			problems.Add("login", "is required")
		}
		if password == "" {
			problems.Add("password", "is required")
		}
		if err := problems.Err(); err != nil {
			p.Errors = newErrs(err, signInFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "signin", p)
			return
		}
		ip := clientIP(r)
		u, err := w.db.Authenticate(ctx, p.Login, password, ip)
		if code := copse.ErrorCode(err); code == copse.EUNAUTHORIZED || code == copse.ETOOMANYREQUEST {
			p.Errors = newErrs(err, signInFields, nil)
			if code == copse.ETOOMANYREQUEST {
				rw.Header().Set("Retry-After", "900")
			}
			w.render(rw, r, httpx.Status(err), "signin", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if err := w.startSession(rw, r, u); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(p.Next, "signedin"))
	})
}

// startSession signs the person in on this browser.
func (w *Web) startSession(rw http.ResponseWriter, r *http.Request, u *copse.User) error {
	token, err := w.db.CreateSession(r.Context(), u.ID, r.UserAgent(), clientIP(r))
	if err != nil {
		return err
	}
	w.cfg.Cookies.Set(rw, token, store.SessionMaxAge)
	return nil
}

// handleSignOut ends the session. It is a POST (a button in the header), so a link
// or an image elsewhere cannot sign people out.
func (w *Web) handleSignOut() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if token := w.cfg.Cookies.Session(r); token != "" {
			if err := w.db.DeleteSession(r.Context(), token); err != nil {
				w.fail(rw, r, err)
				return
			}
		}
		w.cfg.Cookies.Clear(rw)
		redirect(rw, r, "/?notice=signedout")
	})
}

// clientIP is the address the connection came from. X-Forwarded-For is not trusted:
// anyone can send it, and the sign-in limits count failures per address.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
