package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

type signInPage struct {
	layout
	Login     string
	Next      string
	Providers []providerButton
	LocalOff  bool         // passwords are switched off: the form is for break-glass admins
	Linking   *pendingView // a new identity waits for this sign-in to prove an account
}

// providerButton is one "Sign in with …" link.
type providerButton struct{ Name, Label, URL string }

// newSignInPage fills what every sign-in page shows: the providers' buttons, whether
// passwords are on, and the link waiting for this browser, if any.
func (w *Web) newSignInPage(r *http.Request, next string) (*signInPage, error) {
	p := &signInPage{Next: next}
	for _, prov := range w.cfg.SSO {
		u := "/signin/sso/" + prov.Name()
		if next != "/" {
			u += "?next=" + url.QueryEscape(next)
		}
		p.Providers = append(p.Providers, providerButton{Name: prov.Name(), Label: prov.Label(), URL: u})
	}
	on, err := w.db.LocalAccounts(r.Context())
	if err != nil {
		return nil, err
	}
	p.LocalOff = !on
	if token := w.cookieValue(r, "copse_link"); token != "" {
		if pl, err := w.db.PendingLinkFor(r.Context(), token); err == nil {
			p.Linking = w.pendingView(pl)
		}
	}
	return p, nil
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
		p, err := w.newSignInPage(r, next)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if p.Linking != nil {
			rw.Header().Set("Cache-Control", "no-store") // it names this browser's pending account
		}
		w.render(rw, r, http.StatusOK, "signin", p)
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
		p, err := w.newSignInPage(r, localNext(r.PostForm.Get("next"), "/"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Login = strings.TrimSpace(r.PostForm.Get("login"))
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
		if code := copse.ErrorCode(err); code == copse.EUNAUTHORIZED || code == copse.ETOOMANYREQUEST || code == copse.EFORBIDDEN {
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
		if p.Linking != nil { // the password proves the account is theirs
			w.completeLink(rw, r.WithContext(copse.WithUser(ctx, u)))
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
// or an image elsewhere cannot sign people out. A session that a provider signed in
// ends at the provider too (RP-initiated logout), where the provider offers it.
func (w *Web) handleSignOut() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var ended store.EndedSession
		if token := w.cfg.Cookies.Session(r); token != "" {
			var err error
			if ended, err = w.db.EndSession(r.Context(), token); err != nil {
				w.fail(rw, r, err)
				return
			}
		}
		w.cfg.Cookies.Clear(rw)
		if p := w.cfg.SSO.Find(ended.Provider); p != nil {
			if to := p.LogoutURL(r.Context(), ended.IDToken, w.absolute(r, "/?notice=signedout")); to != "" {
				w.providerSignOut(rw, r, p.Label(), to)
				return
			}
		}
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
