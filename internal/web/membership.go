package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

// handleJoin makes the viewer a member, a contributor, or — when the community has
// none — its facilitator, which is how a suggested community starts.
func (w *Web) handleJoin() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		role := copse.Role(r.PostForm.Get("role"))
		if role == "" {
			role = copse.RoleMember
		}
		ctx := r.Context()
		var err error
		if me := copse.UserFromContext(ctx); role == copse.RoleFacilitator && me != nil {
			// The viewer may be a member already and step up, or be new.
			_, err = w.db.SetRole(ctx, slug, me.Handle, role)
			if copse.ErrorCode(err) == copse.ENOTFOUND {
				_, _, err = w.db.Join(ctx, slug, role)
			}
		} else {
			_, _, err = w.db.Join(ctx, slug, role)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		notice := "joined"
		if role == copse.RoleFacilitator {
			notice = "facilitating"
		}
		redirect(rw, r, withNotice("/communities/"+slug, notice))
	})
}

// handleLeave ends the viewer's own membership.
func (w *Web) handleLeave() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		me := copse.UserFromContext(r.Context())
		if me == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to do this."))
			return
		}
		slug := r.PathValue("slug")
		if err := w.db.RemoveMember(r.Context(), slug, me.Handle); err != nil {
			w.fail(rw, r, err)
			return
		}
		// A members-only community is out of sight once left, so go back to the list.
		to := "/communities/" + slug
		if _, _, err := w.db.FindCommunity(r.Context(), slug); err != nil {
			to = "/communities"
		}
		redirect(rw, r, withNotice(to, "left"))
	})
}

// handleInterest registers the viewer's interest in a suggested community, or
// withdraws it. It returns to the page the button was on: the community, or home.
func (w *Web) handleInterest(on bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		var err error
		notice := "interested"
		if on {
			_, err = w.db.RegisterInterest(r.Context(), slug)
		} else {
			_, err = w.db.WithdrawInterest(r.Context(), slug)
			notice = "withdrawn"
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(localNext(r.PostForm.Get("back"), "/communities/"+slug), notice))
	})
}
