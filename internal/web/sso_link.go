package web

import (
	"net/http"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// pendingView is what the pages say about a link waiting for proof.
type pendingView struct {
	Handle, Email, Label, Username string
	HasPassword, MailRequested     bool
	Providers                      []providerButton // identities the account has, which prove it too
	Expires                        time.Time
}

func (w *Web) pendingView(pl *store.PendingLink) *pendingView {
	v := &pendingView{Handle: pl.Handle, Email: pl.Email, Label: w.cfg.SSO.Label(pl.Provider), Username: pl.Username,
		HasPassword: pl.HasPassword, MailRequested: pl.MailRequested, Expires: pl.ExpiresAt}
	for _, name := range pl.Providers {
		if p := w.cfg.SSO.Find(name); p != nil {
			v.Providers = append(v.Providers, providerButton{Name: name, Label: p.Label(), URL: "/signin/sso/" + name})
		}
	}
	return v
}

type linkPage struct {
	layout
	Link  *pendingView
	Token string // on the confirmation page: the mailed token
}

// handleLinkPage explains that an account with the new identity's email exists and
// offers the ways to prove it is theirs.
func (w *Web) handleLinkPage() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Cache-Control", "no-store") // it names this browser's pending account
		pl, err := w.db.PendingLinkFor(r.Context(), w.cookieValue(r, "copse_link"))
		if err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		v := w.pendingView(pl)
		// With passwords off, only a break-glass admin's would work: offer the others.
		if on, err := w.db.LocalAccounts(r.Context()); err != nil || !on {
			v.HasPassword = false
		}
		w.render(rw, r, http.StatusOK, "sso_link", &linkPage{Link: v})
	})
}

// handleLinkMail sends the confirmation mail to the account's address.
func (w *Web) handleLinkMail() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		token := w.cookieValue(r, "copse_link")
		pl, err := w.db.PendingLinkFor(r.Context(), token)
		if err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		if _, err := w.db.RequestLinkMail(r.Context(), token, w.cfg.SSO.Label(pl.Provider), w.cfg.BaseURL); err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		redirect(rw, r, "/signin/link?notice=linkmail")
	})
}

// handleLinkConfirmPage is where the mail's link leads: a button, not an action, so
// that a mail scanner that follows links cannot confirm anything.
func (w *Web) handleLinkConfirmPage() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Cache-Control", "no-store")
		pl, err := w.db.PendingLinkFor(r.Context(), w.cookieValue(r, "copse_link"))
		if err != nil {
			w.ssoFailed(rw, r, copse.Errorf(copse.ENOTFOUND, "Open the confirmation link in the browser you signed in with, within 30 minutes; or sign in again to start over."))
			return
		}
		w.render(rw, r, http.StatusOK, "sso_confirm", &linkPage{Link: w.pendingView(pl), Token: r.URL.Query().Get("token")})
	})
}

// handleLinkConfirm links the identity once the mailed token and this browser's
// cookie agree, and signs the person in with it.
func (w *Web) handleLinkConfirm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		res, err := w.db.ConfirmLinkByMail(r.Context(), r.PostForm.Get("token"), w.cookieValue(r, "copse_link"))
		if err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		w.shortCookie(rw, "copse_link", "", 0)
		if err := w.startSSOSession(rw, r, res, ""); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/account/identities?notice=linked")
	})
}

// handleLinkCancel forgets the link waiting in this browser.
func (w *Web) handleLinkCancel() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.shortCookie(rw, "copse_link", "", 0)
		redirect(rw, r, "/signin")
	})
}

// completeLink links the waiting identity to the person just signed in (r carries
// them): signing in to the account was the proof.
func (w *Web) completeLink(rw http.ResponseWriter, r *http.Request) {
	_, err := w.db.CompletePendingLink(r.Context(), w.cookieValue(r, "copse_link"))
	w.shortCookie(rw, "copse_link", "", 0)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	redirect(rw, r, "/account/identities?notice=linked")
}

type signOutPage struct {
	layout
	Label, To string
}

// providerSignOut sends the browser on to the provider's sign-out. A page does it
// (a zero-second refresh, and a link for the rare browser that ignores it) because a
// redirect from the sign-out form would break the Content-Security-Policy's
// form-action 'self', which covers a form's redirects too.
func (w *Web) providerSignOut(rw http.ResponseWriter, r *http.Request, label, to string) {
	rw.Header().Set("Cache-Control", "no-store")
	w.render(rw, r, http.StatusOK, "signout", &signOutPage{Label: label, To: to})
}
