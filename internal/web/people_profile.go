package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// profilePage is the signed-in person's own profile form: what others see of them,
// and the hours they give each community.
type profilePage struct {
	layout
	Person      *copse.Person
	Name        string
	Org         string
	ShowOrg     bool
	Employment  string
	Expertise   string
	Employments []option
	Hours       map[string]string // by community slug, as typed
}

var profileFormFields = []field{{"name", "Full name"}, {"organisation", "Organisation"}, {"employment", "Who pays you"}, {"expertise", "What you know about"}}

var employmentOptions = []option{
	{string(copse.EmploymentEmployee), "An employee", ""}, // the first option has no hint: its id is the group's
	{string(copse.EmploymentContractor), "A contractor", ""},
	{string(copse.EmploymentVendor), "A vendor", "You work for a supplier"},
	{"", "I would rather not say", "Teams need to know whether their Product Owner and Technical Steward are employees"},
}

// profileOf fills the form from the person as stored.
func (w *Web) profileOf(r *http.Request) (*profilePage, error) {
	me := copse.UserFromContext(r.Context())
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to edit your profile.")
	}
	p, err := w.db.FindPerson(r.Context(), me.Handle)
	if err != nil {
		return nil, err
	}
	page := &profilePage{Person: p, Name: p.Name, Org: p.Organisation, ShowOrg: !p.Badgeless, Employment: string(p.Employment),
		Expertise: strings.Join(p.Expertise, ", "), Employments: employmentOptions, Hours: map[string]string{}}
	for _, c := range p.Communities {
		if c.CommitmentHours != nil {
			page.Hours[c.Slug] = strconv.Itoa(*c.CommitmentHours)
		}
	}
	return page, nil
}

// handleProfileForm shows the profile form.
func (w *Web) handleProfileForm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.profileOf(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "profile_edit", p)
	})
}

// handleProfileSave saves the profile; bad fields come back with their messages.
func (w *Web) handleProfileSave() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.profileOf(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		f := r.PostForm
		p.Name, p.Org, p.ShowOrg, p.Employment, p.Expertise = f.Get("name"), f.Get("organisation"), f.Get("show_organisation") == "yes", f.Get("employment"), f.Get("expertise")
		emp, tags := copse.Employment(p.Employment), splitTags(p.Expertise)
		_, err = w.db.UpdatePerson(r.Context(), copse.PersonUpdate{Name: &p.Name, Organisation: &p.Org, ShowOrganisation: &p.ShowOrg, Employment: &emp, Expertise: &tags})
		if len(copse.ErrorFields(err)) > 0 {
			p.Errors = newErrs(err, profileFormFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "profile_edit", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/people/"+p.Person.Handle+"?notice=profile")
	})
}

// handleCommitments saves the hours a month the person gives each of their
// communities; an empty box withdraws the declaration.
func (w *Web) handleCommitments() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.profileOf(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		var fields []field
		hours := map[string]*int{}
		problems := copse.Problems{}
		for _, c := range p.Person.Communities {
			name := "hours-" + c.Slug
			fields = append(fields, field{name, "Hours a month for " + c.Name})
			typed := strings.TrimSpace(r.PostForm.Get(name))
			p.Hours[c.Slug], hours[c.Slug] = typed, nil
			if typed != "" {
				n, err := strconv.Atoi(typed)
				if err != nil {
					problems.Add(name, "must be a whole number of hours, such as 4")
					continue
				}
				hours[c.Slug] = &n
			}
		}
		err = problems.Err()
		if err == nil {
			err = w.db.SetCommitments(r.Context(), hours)
		}
		if len(copse.ErrorFields(err)) > 0 {
			p.Errors = newErrs(err, fields, func(k string) string {
				if strings.HasPrefix(k, "hours-") {
					return k
				}
				return "hours-" + k
			})
			w.render(rw, r, http.StatusUnprocessableEntity, "profile_edit", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/account/profile?notice=commitment#commitment-title")
	})
}
