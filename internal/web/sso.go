package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/sso"
	"github.com/copse-dev/copse/internal/store"
)

// flowTTL is how long a person has to sign in at their provider.
const flowTTL = 10 * time.Minute

// flow is one sign-in under way, kept in a short-lived cookie of the browser that
// started it: the state binds the provider's answer to this browser, the nonce binds
// the ID token to this sign-in, and the PKCE verifier proves to the provider that the
// code is exchanged by whoever asked for it.
type flow struct {
	Provider string    `json:"p"`
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Next     string    `json:"next"`
	Link     int64     `json:"link,omitempty"` // the person connecting another account, or 0
	Expires  time.Time `json:"exp"`
}

// shortCookie sets (maxAge > 0) or clears a cookie of the sign-in machinery: HttpOnly,
// SameSite=Lax (so that it comes back with the provider's top-level redirect), a
// __Host- cookie on https.
func (w *Web) shortCookie(rw http.ResponseWriter, name, value string, maxAge time.Duration) {
	secure := w.cfg.Cookies.Secure
	if secure {
		name = "__Host-" + name
	}
	age := int(maxAge.Seconds())
	if maxAge <= 0 {
		value, age = "", -1
	}
	http.SetCookie(rw, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: age, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	// A response that sets or clears these must never be served to anyone else.
	rw.Header().Set("Cache-Control", "no-store")
}

func (w *Web) cookieValue(r *http.Request, name string) string {
	if w.cfg.Cookies.Secure {
		name = "__Host-" + name
	}
	if c, err := r.Cookie(name); err == nil {
		return c.Value
	}
	return ""
}

func (w *Web) readFlow(r *http.Request) (flow, bool) {
	var f flow
	b, err := base64.RawURLEncoding.DecodeString(w.cookieValue(r, "copse_sso"))
	return f, err == nil && json.Unmarshal(b, &f) == nil && f.State != ""
}

// handleSSOStart sends the person to their provider's sign-in page. It is a GET (a
// link on the sign-in page), because the site's Content-Security-Policy lets forms
// post only to copse itself, redirects included. Someone signed in who starts it is
// connecting another account to theirs.
func (w *Web) handleSSOStart() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p := w.cfg.SSO.Find(r.PathValue("provider"))
		if p == nil {
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "No such sign-in provider."))
			return
		}
		f := flow{Provider: p.Name(), State: sso.Random(), Nonce: sso.Random(), Verifier: sso.Random(),
			Next: localNext(r.URL.Query().Get("next"), "/"), Expires: time.Now().Add(flowTTL)}
		if me := copse.UserFromContext(r.Context()); me != nil {
			f.Link, f.Next = me.ID, "/account/identities"
		}
		to, err := p.AuthURL(r.Context(), f.State, f.Nonce, f.Verifier)
		if err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		b, _ := json.Marshal(f)
		w.shortCookie(rw, "copse_sso", base64.RawURLEncoding.EncodeToString(b), flowTTL)
		http.Redirect(rw, r, to, http.StatusSeeOther)
	})
}

// handleSSOCallback is where the provider sends the person back. Every check that
// fails is refused with a message that says what went wrong and what to do.
func (w *Web) handleSSOCallback() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		f, ok := w.readFlow(r)
		w.shortCookie(rw, "copse_sso", "", 0) // one answer per sign-in, whatever it is
		p := w.cfg.SSO.Find(r.PathValue("provider"))
		switch {
		case p == nil:
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "No such sign-in provider."))
			return
		case q.Get("error") != "":
			w.ssoFailed(rw, r, copse.Errorf(copse.EFORBIDDEN, "%s did not sign you in (%s). Try again, or ask the people who run %s.",
				p.Label(), clip(q.Get("error")+" "+q.Get("error_description"), 200), p.Label()))
			return
		case !ok || f.Provider != p.Name():
			w.ssoFailed(rw, r, copse.Errorf(copse.EFORBIDDEN, "This sign-in cannot be matched to your browser: it was finished already, took longer than %d minutes, or started in another browser. Start again below.", int(flowTTL.Minutes())))
			return
		case q.Get("state") != f.State:
			w.ssoFailed(rw, r, copse.Errorf(copse.EFORBIDDEN, "The answer from %s does not belong to the sign-in this browser started (its state differs), so copse refused it. Start again below.", p.Label()))
			return
		case time.Now().After(f.Expires):
			w.ssoFailed(rw, r, copse.Errorf(copse.EFORBIDDEN, "This sign-in took longer than %d minutes. Start again below.", int(flowTTL.Minutes())))
			return
		}
		if err := w.db.ConsumeState(ctx, f.State, flowTTL); err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		ext, err := p.Exchange(ctx, q.Get("code"), f.Verifier, f.Nonce)
		if err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		me := copse.UserFromContext(ctx)
		var linkTo int64
		if f.Link != 0 {
			if me == nil || me.ID != f.Link {
				w.ssoFailed(rw, r, copse.Errorf(copse.EFORBIDDEN, "You were signed out while connecting your %s account. Sign in, then connect it again.", p.Label()))
				return
			}
			linkTo = me.ID
		}
		res, err := w.db.SignInExternal(ctx, ext, linkTo)
		if err != nil {
			w.ssoFailed(rw, r, err)
			return
		}
		switch {
		case res.Pending != nil:
			w.shortCookie(rw, "copse_link", res.Pending.BrowserToken, store.PendingLinkTTL)
			redirect(rw, r, "/signin/link")
		case linkTo != 0:
			redirect(rw, r, withNotice(f.Next, "linked"))
		default:
			if err := w.startSSOSession(rw, r, res, ext.IDToken); err != nil {
				w.fail(rw, r, err)
				return
			}
			if w.cookieValue(r, "copse_link") != "" { // signing in with a linked identity proves the account
				w.completeLink(rw, r.WithContext(copse.WithUser(ctx, res.User)))
				return
			}
			notice := "signedin"
			if res.Created {
				notice = "welcome"
			}
			redirect(rw, r, withNotice(f.Next, notice))
		}
	})
}

// startSSOSession signs the person in with the existing session machinery, and
// notes in the session which identity did it, for the provider's sign-out.
func (w *Web) startSSOSession(rw http.ResponseWriter, r *http.Request, res store.SignInResult, idToken string) error {
	token, err := w.db.CreateSession(r.Context(), res.User.ID, r.UserAgent(), clientIP(r))
	if err != nil {
		return err
	}
	if err := w.db.AttachIdentity(r.Context(), token, res.Identity.ID, idToken); err != nil {
		return err
	}
	w.cfg.Cookies.Set(rw, token, store.SessionMaxAge)
	return nil
}

// ssoFailed shows the sign-in page with what went wrong.
func (w *Web) ssoFailed(rw http.ResponseWriter, r *http.Request, err error) {
	p, perr := w.newSignInPage(r, "/")
	if perr != nil {
		w.fail(rw, r, perr)
		return
	}
	p.Errors = errs{Items: []errItem{{Text: copse.ErrorMessage(err)}}}
	rw.Header().Set("Cache-Control", "no-store")
	w.render(rw, r, httpx.Status(err), "signin", p)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
