package web

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
)

// handleCommunityEdit shows the edit form to facilitators and admins.
func (w *Web) handleCommunityEdit() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		c, ok := w.editable(rw, r)
		if !ok {
			return
		}
		w.render(rw, r, http.StatusOK, "community_form", newCommunityFormPage(formFromCommunity(c), c))
	})
}

// handleCommunityUpdate saves the edit form.
func (w *Web) handleCommunityUpdate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		c, ok := w.editable(rw, r)
		if !ok {
			return
		}
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := readCommunityForm(r)
		f.Slug = c.Slug
		problems := copse.Problems{}
		u := f.update(problems)
		check := u
		if e := f.check(problems, check.Validate); e.Any() {
			w.renderCommunityForm(rw, r, http.StatusUnprocessableEntity, f, c, e)
			return
		}
		_, err := w.db.UpdateCommunity(r.Context(), c.Slug, u)
		if len(copse.ErrorFields(err)) > 0 {
			w.renderCommunityForm(rw, r, httpx.Status(err), f, c, newErrs(err, f.fields(false), f.rename))
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/communities/"+c.Slug, "updated"))
	})
}

// editable finds the community and checks the viewer may change it, showing the
// error page when not: 404 for what they cannot see, then 401, 403 or 409 (archived).
func (w *Web) editable(rw http.ResponseWriter, r *http.Request) (*copse.Community, bool) {
	c, v, err := w.db.FindCommunity(r.Context(), r.PathValue("slug"))
	if err == nil {
		err = v.AuthorizeEdit(c, &copse.CommunityUpdate{})
	}
	if err != nil {
		w.fail(rw, r, err)
		return nil, false
	}
	return c, true
}
