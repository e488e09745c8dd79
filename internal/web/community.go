package web

import (
	"html/template"
	"net/http"

	"github.com/copse-dev/copse"
)

// membersShown is how many people of each role the community page lists before it
// links to the full members page.
const membersShown = 12

type communityPage struct {
	layout
	C          *copse.Community
	Viewer     copse.Viewer
	Charter    template.HTML
	Groups     []memberGroup
	Head       copse.Headcount
	MinMembers int
	Needed     int
	Interested bool
	Archived   bool
	CanEdit    bool // facilitators and admins: edit, manage members, archive
	CanJoin    bool // signed in, not a member, and the community takes members
	CanTake    bool // no facilitator yet: anyone signed in may take the role
	IsLastFac  bool // the viewer is the only facilitator, so cannot just leave

	// Filled by meetingsOnCommunity (meetings.go).
	Next      *scheduleRow   // the next meeting, if any
	TopTopics []*copse.Topic // the most voted open topics on the board

	// Filled by helpOnCommunity (help_lists.go).
	Questions []*copse.Question // the latest questions asked in it
}

// memberGroup is the people of one role, the first few of them.
type memberGroup struct {
	Role    copse.Role
	Members []copse.Member
	Total   int
}

// handleCommunity shows a community: its charter, cadence, people and what the
// viewer can do there.
func (w *Web) handleCommunity() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		settings, err := w.db.Settings(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		heads, err := w.db.Headcounts(ctx, []int64{c.ID})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		h := heads[c.ID]
		p := &communityPage{C: c, Viewer: v, Charter: w.md.HTML(c.Description), Head: h,
			MinMembers: settings.MinMembers, Needed: needed(h, settings.MinMembers),
			Archived: c.Status == copse.StatusArchived}
		for _, role := range copse.Roles {
			n := map[copse.Role]int{copse.RoleFacilitator: h.Facilitators, copse.RoleCore: h.Core,
				copse.RoleMember: h.Members, copse.RoleContributor: h.Contributors}[role]
			if n == 0 {
				continue
			}
			members, err := w.db.ListMembers(ctx, c.Slug, copse.MemberFilter{Role: role, Limit: membersShown})
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			p.Groups = append(p.Groups, memberGroup{Role: role, Members: members.Items, Total: n})
		}
		if c.Status == copse.StatusSuggested {
			if p.Interested, err = w.db.Interested(ctx, c.ID); err != nil {
				w.fail(rw, r, err)
				return
			}
		}
		signedIn := v.User != nil
		p.CanEdit = v.CanEdit()
		p.CanJoin = signedIn && !p.Archived && v.Role == "" && c.Status != copse.StatusSuggested
		p.CanTake = signedIn && !p.Archived && h.Facilitators == 0 && v.Role != copse.RoleFacilitator
		p.IsLastFac = v.Role == copse.RoleFacilitator && h.Facilitators == 1 && h.Counted() > 1
		if err := w.meetingsOnCommunity(r, p); err != nil {
			w.fail(rw, r, err)
			return
		}
		if err := w.helpOnCommunity(r, p); err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "community", p)
	})
}
