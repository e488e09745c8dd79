package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

type adminPage struct {
	layout
	SiteName   string
	MinMembers string
	Person     struct {
		Handle, Email, Name string
		Admin               bool
	}
}

var (
	settingsFields = []field{{"site_name", "Site name"}, {"min_members", "Members needed"}}
	personFields   = []field{{"new_handle", "Handle"}, {"new_email", "Email"}, {"new_name", "Full name"}, {"new_password", "Initial password"}}
)

// admin checks that the viewer is an admin: anonymous people are sent to sign in,
// others see why they cannot be here.
func (w *Web) admin(rw http.ResponseWriter, r *http.Request) bool {
	switch me := copse.UserFromContext(r.Context()); {
	case me == nil:
		w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin."))
	case !me.Admin:
		w.fail(rw, r, copse.Errorf(copse.EFORBIDDEN, "Only admins can change the site settings and add people."))
	default:
		return true
	}
	return false
}

// newAdminPage fills the settings form with the saved settings.
func (w *Web) newAdminPage(r *http.Request) (*adminPage, error) {
	s, err := w.db.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	return &adminPage{SiteName: s.SiteName, MinMembers: strconv.Itoa(s.MinMembers)}, nil
}

// handleAdmin shows the site settings and the add-a-person form.
func (w *Web) handleAdmin() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		p, err := w.newAdminPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "admin", p)
	})
}

// handleSettingsUpdate saves the site settings; a new min_members applies at once.
func (w *Web) handleSettingsUpdate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.newAdminPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.SiteName, p.MinMembers = r.PostForm.Get("site_name"), strings.TrimSpace(r.PostForm.Get("min_members"))
		n, convErr := strconv.Atoi(p.MinMembers)
		if convErr != nil {
			n = 0 // Validate then says what a valid number is
		}
		err = w.db.UpdateSettings(r.Context(), copse.Settings{SiteName: p.SiteName, MinMembers: n})
		if len(copse.ErrorFields(err)) > 0 {
			p.Errors = newErrs(err, settingsFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "admin", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/admin?notice=settings")
	})
}

// handlePersonCreate creates an account: without self-registration, this is how
// people get one. The store's CreateUser does not check who asks (the command line
// uses it too), so this handler does, through w.admin.
func (w *Web) handlePersonCreate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := r.PostForm
		n := copse.NewUser{Handle: f.Get("new_handle"), Email: f.Get("new_email"), Name: f.Get("new_name"),
			Password: f.Get("new_password"), Admin: f.Get("new_admin") == "yes"}
		problems := copse.Problems{}
		if n.Password == "" {
			problems.Add("password", "is required")
		}
		check := n
		check.Normalize()
		for k, v := range copse.ErrorFields(check.Validate()) {
			problems.Add(k, v)
		}
		err := problems.Err()
		if err == nil {
			_, err = w.db.CreateUser(r.Context(), n)
		}
		if len(copse.ErrorFields(err)) > 0 {
			p, perr := w.newAdminPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Person.Handle, p.Person.Email, p.Person.Name, p.Person.Admin = n.Handle, n.Email, n.Name, n.Admin
			p.Errors = newErrs(err, personFields, func(k string) string { return "new_" + k })
			w.render(rw, r, http.StatusUnprocessableEntity, "admin", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/admin?notice=person")
	})
}
