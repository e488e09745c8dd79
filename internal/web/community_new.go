package web

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
)

// communityFormPage is the new- and the edit-community form.
type communityFormPage struct {
	layout
	Form     communityForm
	Editing  *copse.Community // nil when starting a new community
	Kinds    []option
	Weeks    []option
	Days     []option
	Zones    []string
	Creating bool
}

func newCommunityFormPage(f communityForm, editing *copse.Community) *communityFormPage {
	return &communityFormPage{Form: f, Editing: editing, Creating: editing == nil,
		Kinds: cadenceKinds, Weeks: weekOptions, Days: dayOptions, Zones: commonZones}
}

// handleCommunityNew shows the empty form; starting a community needs an account.
func (w *Web) handleCommunityNew() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if copse.UserFromContext(r.Context()) == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to start a community."))
			return
		}
		w.render(rw, r, http.StatusOK, "community_form", newCommunityFormPage(newCommunityForm(), nil))
	})
}

// handleCommunityCreate creates the community and shows it, or shows the form again
// with what needs fixing.
func (w *Web) handleCommunityCreate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := readCommunityForm(r)
		problems := copse.Problems{}
		n := f.newCommunity(problems)
		check := n // Validate normalises; keep what the person typed for the form
		if e := f.check(problems, check.Validate); e.Any() {
			w.renderCommunityForm(rw, r, http.StatusUnprocessableEntity, f, nil, e)
			return
		}
		c, err := w.db.CreateCommunity(ctx, n)
		if len(copse.ErrorFields(err)) > 0 {
			w.renderCommunityForm(rw, r, httpx.Status(err), f, nil, newErrs(err, f.fields(true), f.rename))
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		notice := "created"
		if c.Status == copse.StatusSuggested {
			notice = "suggested"
		}
		redirect(rw, r, withNotice("/communities/"+c.Slug, notice))
	})
}

// renderCommunityForm shows the form again with the person's values and the errors.
func (w *Web) renderCommunityForm(rw http.ResponseWriter, r *http.Request, status int, f communityForm, editing *copse.Community, e errs) {
	f.padLinks()
	p := newCommunityFormPage(f, editing)
	p.Errors = e
	if editing == nil {
		p.Path = "/communities/new"
	}
	w.render(rw, r, status, "community_form", p)
}
