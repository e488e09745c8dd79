package web

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
)

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// handleResourceNew shows the empty form; ?community= preselects a community.
func (w *Web) handleResourceNew() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if copse.UserFromContext(r.Context()) == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to add a resource."))
			return
		}
		f := resourceForm{Visibility: string(copse.VisibilityPublic), Community: r.URL.Query().Get("community")}
		p, err := w.newResourceFormPage(r, f, nil)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "resource_form", p)
	})
}

// handleResourceCreate previews, warns of near-duplicates, or adds the resource.
func (w *Web) handleResourceCreate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if copse.UserFromContext(r.Context()) == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to add a resource."))
			return
		}
		w.submitResourceForm(rw, r, nil, func(f resourceForm) (string, error) {
			res, _, err := w.db.CreateResource(r.Context(), f.input())
			if err != nil {
				return "", err
			}
			return withNotice("/library/"+itoa64(res.ID), "resource"), nil
		})
	})
}

// editableResource loads a resource for its edit form, refusing people who may not edit.
func (w *Web) editableResource(rw http.ResponseWriter, r *http.Request) *copse.Resource {
	id, err := resourceIDOf(r)
	if err != nil {
		w.fail(rw, r, err)
		return nil
	}
	res, v, err := w.db.FindResource(r.Context(), id)
	if err == nil && res.MergedInto != 0 {
		err = copse.Errorf(copse.ECONFLICT, "%q was merged into another resource; edit that one.", res.Title)
	}
	if err == nil && !v.CanEditResource(res) {
		err = copse.Errorf(copse.EFORBIDDEN, "Only whoever added %q, the facilitators and core team of its community or an admin can change it.", res.Title)
		if v.User == nil {
			err = copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change a resource.")
		}
	}
	if err == nil && res.Community != nil {
		c, _, cerr := w.db.FindCommunity(r.Context(), res.Community.Slug)
		if err = cerr; err == nil {
			err = copse.Writable(c)
		}
	}
	if err != nil {
		w.fail(rw, r, err)
		return nil
	}
	return res
}

func (w *Web) handleResourceEdit() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		res := w.editableResource(rw, r)
		if res == nil {
			return
		}
		p, err := w.newResourceFormPage(r, formOf(res), res)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "resource_form", p)
	})
}

func (w *Web) handleResourceUpdate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		res := w.editableResource(rw, r)
		if res == nil {
			return
		}
		w.submitResourceForm(rw, r, res, func(f resourceForm) (string, error) {
			if _, _, err := w.db.UpdateResource(r.Context(), res.ID, f.update()); err != nil {
				return "", err
			}
			return withNotice("/library/"+itoa64(res.ID), "updated"), nil
		})
	})
}

// handleResourceReviewed records "still accurate" and goes back where it was said.
func (w *Web) handleResourceReviewed() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := resourceIDOf(r)
		if err == nil {
			err = parseForm(rw, r)
		}
		if err == nil {
			_, err = w.db.MarkReviewed(r.Context(), id)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(localNext(r.PostForm.Get("back"), "/library/"+itoa64(id)), "reviewed"))
	})
}
