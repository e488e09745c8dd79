package web

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// subscriptionPage is every page a link from a mail opens: confirm a subscription,
// unsubscribe, choose how often; and the answer to the subscribe form.
type subscriptionPage struct {
	layout
	Mode      string // "sent", "confirm", "confirmed", "manage", "unsubscribed"
	Token     string
	Entry     *store.ListEntry
	Community string // for "sent"
	Slug      string
	Options   []option
}

// frequencyOptions are the choices of how often to hear from a community.
var frequencyOptions = []option{
	{Value: string(copse.FrequencyEvery), Label: "Every message, as it happens"},
	{Value: string(copse.FrequencyDaily), Label: "A daily digest", Hint: "At 07:00 UTC, when there is news"},
	{Value: string(copse.FrequencyWeekly), Label: "A weekly digest", Hint: "On Mondays at 07:00 UTC, when there is news"},
	{Value: string(copse.FrequencyNone), Label: "No mail", Hint: "The community’s page and feed still show everything"},
}

// noStore keeps pages that hold a person's secret link out of every cache.
func noStore(rw http.ResponseWriter) {
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("X-Robots-Tag", "noindex")
}

// handleSubscribe takes an outside address for a public community's list (seed
// 004's MailChimp list) and sends it a confirmation link: double opt-in.
func (w *Web) handleSubscribe() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		err := w.db.Subscribe(r.Context(), slug, r.PostForm.Get("email"))
		if len(copse.ErrorFields(err)) > 0 {
			p, perr := w.announcementsPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Email = r.PostForm.Get("email")
			p.Errors = newErrs(err, []field{{"email", "Email"}}, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "announcements", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		c, _, err := w.db.FindCommunity(r.Context(), slug)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		noStore(rw)
		w.render(rw, r, http.StatusAccepted, "subscription", &subscriptionPage{Mode: "sent", Community: c.Name, Slug: c.Slug})
	})
}

// handleConfirmForm shows the button that confirms a subscription. A GET changes
// nothing, because mail scanners open links; the person's click is the POST.
func (w *Web) handleConfirmForm() http.Handler {
	return w.listTokenPage("confirm")
}

// handleUnsubscribeForm shows what the link is about, with the unsubscribe button
// and the choice of how often to hear instead.
func (w *Web) handleUnsubscribeForm() http.Handler {
	return w.listTokenPage("manage")
}

func (w *Web) listTokenPage(mode string) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		token := r.URL.Query().Get("token")
		le, err := w.db.ReadListToken(r.Context(), token)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if mode == "confirm" && le.Status == "confirmed" {
			mode = "confirmed"
		}
		noStore(rw)
		w.render(rw, r, http.StatusOK, "subscription", &subscriptionPage{Mode: mode, Token: token, Entry: le, Options: frequencyOptions})
	})
}

// handleConfirm confirms a subscription.
func (w *Web) handleConfirm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		token := r.Form.Get("token")
		le, err := w.db.ConfirmSubscription(r.Context(), token)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		noStore(rw)
		w.render(rw, r, http.StatusOK, "subscription", &subscriptionPage{Mode: "confirmed", Token: token, Entry: le})
	})
}

// handleUnsubscribe is the RFC 8058 one-click unsubscribe: mail clients POST
// "List-Unsubscribe=One-Click" to the link in the List-Unsubscribe header, and the
// page's button posts the same. With a frequency, it changes how often instead.
func (w *Web) handleUnsubscribe() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		token := r.Form.Get("token")
		var (
			le  *store.ListEntry
			err error
		)
		mode := "unsubscribed"
		if f := r.PostForm.Get("frequency"); f != "" {
			le, err = w.db.SetSubscriberFrequency(r.Context(), token, copse.Frequency(f))
			mode = "manage"
		} else {
			le, err = w.db.Unsubscribe(r.Context(), token)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		noStore(rw)
		p := &subscriptionPage{Mode: mode, Token: token, Entry: le, Options: frequencyOptions}
		if mode == "manage" {
			p.Notice = notices["frequency"]
		}
		w.render(rw, r, http.StatusOK, "subscription", p)
	})
}

type notificationsPage struct {
	layout
	Prefs   []store.Preference
	Options []option
}

// handleNotifications shows how often the signed-in person hears from each of their
// communities, and lets them change it.
func (w *Web) handleNotifications() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		prefs, err := w.db.MailPreferences(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "notifications", &notificationsPage{Prefs: prefs, Options: frequencyOptions})
	})
}

// handleNotificationsSave saves every choice of the form at once.
func (w *Web) handleNotificationsSave() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		prefs, err := w.db.MailPreferences(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		choices := map[string]copse.Frequency{}
		for _, p := range prefs {
			if f := r.PostForm.Get("frequency-" + p.Community.Slug); f != "" {
				choices[p.Community.Slug] = copse.Frequency(f)
			}
		}
		if err := w.db.SetMailPreferences(r.Context(), choices); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/account/notifications?notice=frequency")
	})
}
