package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

type personPage struct {
	layout
	Person      *copse.User
	Communities []membership
}

// membership is one of a person's communities and their role in it.
type membership struct {
	C    *copse.Community
	Role copse.Role
}

// handlePerson shows a person's profile and the communities the viewer can see them
// in. Their email stays private.
func (w *Web) handlePerson() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		u, err := w.db.FindUser(ctx, r.PathValue("handle"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		all := copse.Statuses // their archived communities are part of their story too
		page, err := w.db.ListCommunities(ctx, copse.CommunityFilter{Member: u.Handle, Status: all, Limit: copse.MaxLimit})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		ids := make([]int64, len(page.Items))
		for i, c := range page.Items {
			ids[i] = c.ID
		}
		roles, err := w.db.RolesOf(ctx, u.ID, ids)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &personPage{Person: u}
		for _, c := range page.Items {
			p.Communities = append(p.Communities, membership{C: c, Role: roles[c.ID]})
		}
		w.render(rw, r, http.StatusOK, "person", p)
	})
}
