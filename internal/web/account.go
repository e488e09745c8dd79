package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

type accountPage struct {
	layout
	Name, Email, Organisation string
}

var (
	profileFields  = []field{{"name", "Full name"}, {"email", "Email"}, {"organisation", "Organisation"}}
	passwordFields = []field{{"current_password", "Current password"}, {"password", "New password"}, {"password_confirm", "New password again"}}
)

// handleAccount shows the signed-in person's own details and the password form.
func (w *Web) handleAccount() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		me := copse.UserFromContext(r.Context())
		if me == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to see your account."))
			return
		}
		w.render(rw, r, http.StatusOK, "account", &accountPage{Name: me.Name, Email: me.Email, Organisation: me.Organisation})
	})
}

// handleProfileUpdate saves name, email and organisation.
func (w *Web) handleProfileUpdate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := r.PostForm
		p := &accountPage{Name: f.Get("name"), Email: f.Get("email"), Organisation: f.Get("organisation")}
		up := copse.ProfileUpdate{Name: &p.Name, Email: &p.Email, Organisation: &p.Organisation}
		_, err := w.db.UpdateProfile(r.Context(), up)
		if len(copse.ErrorFields(err)) > 0 {
			p.Errors = newErrs(err, profileFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "account", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/account?notice=profile")
	})
}

// handlePasswordChange sets a new password; the store signs out every other session.
func (w *Web) handlePasswordChange() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		me := copse.UserFromContext(r.Context())
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		if me == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change your password."))
			return
		}
		f := r.PostForm
		next := f.Get("password")
		var err error
		if next != f.Get("password_confirm") {
			err = &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"password_confirm": "does not match the new password"}}
		} else {
			err = w.db.ChangePassword(r.Context(), f.Get("current_password"), next, w.cfg.Cookies.Session(r))
		}
		if len(copse.ErrorFields(err)) > 0 {
			p := &accountPage{Name: me.Name, Email: me.Email, Organisation: me.Organisation}
			p.Errors = newErrs(err, passwordFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "account", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/account?notice=password")
	})
}
