package web

import (
	"net/http"
	"net/url"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

type adminPeoplePage struct {
	layout
	People []personRow
	Next   string // the address of the next page, or ""
}

type personRow struct {
	*store.Person
	Labels []string // the providers of their connected accounts, as people call them
}

// handleAdminPeople lists every account by handle, a page at a time, with the
// flags an admin sets: admin, platform staff, break-glass.
func (w *Web) handleAdminPeople() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		page, err := w.db.People(r.Context(), store.PeopleFilter{Cursor: r.URL.Query().Get("cursor"), Limit: 50})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &adminPeoplePage{}
		for _, person := range page.Items {
			row := personRow{Person: person}
			for _, name := range person.Providers {
				row.Labels = append(row.Labels, w.cfg.SSO.Label(name))
			}
			p.People = append(p.People, row)
		}
		if page.Next != "" {
			p.Next = "/admin/people?cursor=" + url.QueryEscape(page.Next)
		}
		w.render(rw, r, http.StatusOK, "admin_people", p)
	})
}

// handlePersonFlag sets or clears one flag of an account.
func (w *Web) handlePersonFlag() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		handle := r.PathValue("handle")
		flag := store.PersonFlag(r.PostForm.Get("flag"))
		if err := w.db.SetPersonFlag(r.Context(), handle, flag, r.PostForm.Get("on") == "true"); err != nil {
			w.fail(rw, r, err)
			return
		}
		back := localNext(r.PostForm.Get("back"), "/admin/people")
		redirect(rw, r, withNotice(back, "flag")+"#person-"+url.PathEscape(copse.NormalizeHandle(handle)))
	})
}
