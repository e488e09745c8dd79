package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

type setupPage struct {
	layout
	Token               string
	Handle, Email, Name string
}

var setupFields = []field{{"handle", "Handle"}, {"email", "Email"}, {"name", "Full name"},
	{"password", "Password"}, {"password_confirm", "Password again"}}

// handleSetupForm offers to create the first admin account to whoever holds the
// one-time link that `copse serve` prints while the site has no admin.
func (w *Web) handleSetupForm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		token := r.URL.Query().Get("token")
		open, err := w.db.SetupOpen(r.Context(), token)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if !open {
			w.render(rw, r, http.StatusForbidden, "setup_closed", &setupPage{})
			return
		}
		w.render(rw, r, http.StatusOK, "setup", &setupPage{Token: token})
	})
}

// handleSetup creates the first admin and signs them in.
func (w *Web) handleSetup() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := r.PostForm
		p := &setupPage{Token: f.Get("token"), Handle: f.Get("handle"), Email: f.Get("email"), Name: f.Get("name")}
		n := copse.NewUser{Handle: p.Handle, Email: p.Email, Name: p.Name, Password: f.Get("password"), Admin: true}
		problems := copse.Problems{}
		if n.Password == "" {
			problems.Add("password", "is required")
		} else if f.Get("password_confirm") != n.Password {
			problems.Add("password_confirm", "does not match the password")
		}
		check := n
		check.Normalize()
		for k, v := range copse.ErrorFields(check.Validate()) {
			problems.Add(k, v)
		}
		var u *copse.User
		err := problems.Err()
		if err == nil {
			u, err = w.db.CompleteSetup(r.Context(), p.Token, n)
		}
		switch {
		case copse.ErrorCode(err) == copse.EFORBIDDEN:
			w.render(rw, r, http.StatusForbidden, "setup_closed", &setupPage{})
			return
		case len(copse.ErrorFields(err)) > 0:
			p.Errors = newErrs(err, setupFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "setup", p)
			return
		case err != nil:
			w.fail(rw, r, err)
			return
		}
		if err := w.startSession(rw, r, u); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/admin?notice=setup")
	})
}
