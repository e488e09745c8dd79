package web

import (
	"net/http"
	"net/url"

	"github.com/copse-dev/copse"
)

type membersPage struct {
	layout
	C         *copse.Community
	Members   []copse.Member
	Next      string
	First     string
	CanManage bool // facilitators and admins of a community that is not archived
	Add       struct{ Handle, Role string }
	Me        string
}

// memberFields are the add-a-person form's fields.
var memberFields = []field{{"handle", "Handle"}, {"role", "Role"}}

// handleMembers lists a community's members, a page at a time, with controls for
// its facilitators to change roles, remove people and add them.
func (w *Web) handleMembers() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.membersPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "members", p)
	})
}

func (w *Web) membersPage(r *http.Request) (*membersPage, error) {
	ctx := r.Context()
	c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	cursor := r.URL.Query().Get("cursor")
	page, err := w.db.ListMembers(ctx, c.Slug, copse.MemberFilter{Cursor: cursor})
	if err != nil {
		return nil, err
	}
	p := &membersPage{C: c, Members: page.Items, CanManage: v.CanEdit() && c.Status != copse.StatusArchived}
	p.Add.Role = string(copse.RoleMember)
	if v.User != nil {
		p.Me = v.User.Handle
	}
	base := "/communities/" + url.PathEscape(c.Slug) + "/members"
	if page.Next != "" {
		p.Next = base + "?cursor=" + url.QueryEscape(page.Next)
	}
	if cursor != "" {
		p.First = base
	}
	return p, nil
}

// handleMemberAdd adds a person by handle (facilitators and admins).
func (w *Web) handleMemberAdd() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		handle, role := r.PostForm.Get("handle"), r.PostForm.Get("role")
		_, err := w.db.AddMember(r.Context(), slug, handle, copse.Role(role))
		if copse.ErrorCode(err) == copse.EINVALID || copse.ErrorCode(err) == copse.ECONFLICT {
			p, perr := w.membersPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Add.Handle, p.Add.Role = handle, role
			p.Errors = newErrs(err, memberFields, nil)
			if copse.ErrorFields(err) == nil { // "already a member": about the handle
				p.Errors = errs{}
				p.Errors.add("handle", copse.ErrorMessage(err))
			}
			w.render(rw, r, http.StatusUnprocessableEntity, "members", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/communities/"+slug+"/members", "added"))
	})
}

// handleMemberRole changes someone's role.
func (w *Web) handleMemberRole() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		if _, err := w.db.SetRole(r.Context(), slug, r.PathValue("handle"), copse.Role(r.PostForm.Get("role"))); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/communities/"+slug+"/members", "role"))
	})
}

// handleMemberRemove removes someone from the community.
func (w *Web) handleMemberRemove() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		if err := w.db.RemoveMember(r.Context(), slug, r.PathValue("handle")); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/communities/"+slug+"/members", "removed"))
	})
}
