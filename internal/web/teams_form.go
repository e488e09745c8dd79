package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// teamFormPage adds or edits a team. People and roles are rows of three controls
// (a handle, a role, another role's name), so the form works without a script: the
// rows a team has, and a few empty ones; saving shows more.
type teamFormPage struct {
	layout
	Slug        string // "" for a new team
	Name        string
	NewSlug     string
	Description string
	Community   string
	Communities []option
	Rows        []roleRow
	RoleOptions []option
}

// roleRow is one person-and-role row of the form.
type roleRow struct {
	N                   int
	Handle, Role, Other string
}

// emptyRows is how many blank rows the form offers beyond the team's.
const emptyRows = 4

var teamRoleOptions = []option{
	{"", "Choose a role", ""},
	{copse.TeamProductOwner, "Product Owner (required)", ""},
	{copse.TeamTechnicalSteward, "Technical Steward (required)", ""},
	{copse.TeamScrumMaster, "Scrum Master (recommended)", ""},
	{copse.TeamDevOpsSpecialist, "DevOps Specialist (recommended)", ""},
	{"other", "Another role…", ""},
}

func (w *Web) teamForm(r *http.Request, t *copse.Team) (*teamFormPage, error) {
	p := &teamFormPage{RoleOptions: teamRoleOptions, Communities: []option{{"", "None", ""}}}
	page, err := w.db.ListCommunities(r.Context(), copse.CommunityFilter{Status: []copse.Status{copse.StatusForming, copse.StatusActive, copse.StatusDormant}, Limit: copse.MaxLimit})
	if err != nil {
		return nil, err
	}
	for _, c := range page.Items {
		p.Communities = append(p.Communities, option{c.Slug, c.Name, ""})
	}
	if t != nil {
		p.Slug, p.Name, p.NewSlug, p.Description = t.Slug, t.Name, t.Slug, t.Description
		if t.Community != nil {
			p.Community = t.Community.Slug
		}
		for _, m := range t.Roles {
			row := roleRow{N: len(p.Rows), Handle: m.Handle, Role: m.Role}
			if copse.TeamRoleName(m.Role) == m.Role {
				row.Role, row.Other = "other", m.Role
			}
			p.Rows = append(p.Rows, row)
		}
	}
	p.pad()
	return p, nil
}

func (p *teamFormPage) pad() {
	for range emptyRows {
		p.Rows = append(p.Rows, roleRow{N: len(p.Rows)})
	}
}

// read takes the posted form: the fields, and the rows with someone in them, with
// the row each came from so a message lands beside the right one.
func (p *teamFormPage) read(r *http.Request) (roles []copse.TeamRoleInput, rowOf []int) {
	f := r.PostForm
	p.Name, p.NewSlug, p.Description, p.Community = f.Get("name"), f.Get("slug"), f.Get("description"), f.Get("community")
	n, _ := strconv.Atoi(f.Get("rows"))
	p.Rows = nil
	for i := range min(n, 100) {
		row := roleRow{N: i, Handle: f.Get(fmt.Sprintf("handle_%d", i)), Role: f.Get(fmt.Sprintf("role_%d", i)), Other: f.Get(fmt.Sprintf("other_%d", i))}
		if strings.TrimSpace(row.Handle) == "" && row.Role == "" && strings.TrimSpace(row.Other) == "" {
			continue
		}
		row.N = len(p.Rows)
		p.Rows = append(p.Rows, row)
		role := row.Role
		if role == "other" {
			role = row.Other
		}
		roles, rowOf = append(roles, copse.TeamRoleInput{Handle: row.Handle, Role: role}), append(rowOf, row.N)
	}
	p.pad()
	return roles, rowOf
}

// fields are the form's controls in order, for the error summary.
func (p *teamFormPage) fields() []field {
	fs := []field{{"name", "Name"}, {"slug", "Address"}, {"description", "Description"}, {"community", "Community"}}
	for _, row := range p.Rows {
		fs = append(fs, field{fmt.Sprintf("handle_%d", row.N), fmt.Sprintf("Person %d", row.N+1)},
			field{fmt.Sprintf("role_%d", row.N), fmt.Sprintf("Role %d", row.N+1)})
	}
	return fs
}

// rename maps the store's roles[i].handle to the form row's control.
func rename(rowOf []int) func(string) string {
	return func(k string) string {
		var i int
		var part string
		if n, _ := fmt.Sscanf(strings.Replace(k, "].", "] ", 1), "roles[%d] %s", &i, &part); n == 2 && i < len(rowOf) {
			if part == "role" {
				return fmt.Sprintf("role_%d", rowOf[i])
			}
			return fmt.Sprintf("handle_%d", rowOf[i])
		}
		return k
	}
}

// handleTeamNew shows the empty form.
func (w *Web) handleTeamNew() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if copse.UserFromContext(r.Context()) == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to add a team."))
			return
		}
		p, err := w.teamForm(r, nil)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "team_form", p)
	})
}

// handleTeamEdit shows the form filled in.
func (w *Web) handleTeamEdit() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		t, err := w.db.FindTeam(r.Context(), r.PathValue("slug"))
		switch {
		case err != nil:
		case copse.UserFromContext(r.Context()) == nil:
			err = copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change a team.")
		case !store.CanEditTeam(r.Context(), t):
			err = copse.Errorf(copse.EFORBIDDEN, "Only the people who lead %s (its Product Owner, Technical Steward or Scrum Master), whoever added it, and admins change it.", t.Name)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.teamForm(r, t)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "team_form", p)
	})
}

// handleTeamSave creates (no slug in the path) or updates a team. A team that
// breaks the rule is saved, and its page says so in red: never silently.
func (w *Web) handleTeamSave(create bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.teamForm(r, nil)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		roles, rowOf := p.read(r)
		var t *copse.Team
		if create {
			t, err = w.db.CreateTeam(r.Context(), copse.NewTeam{Name: p.Name, Slug: p.NewSlug, Description: p.Description, Community: p.Community, Roles: roles})
		} else {
			p.Slug = r.PathValue("slug")
			t, err = w.db.UpdateTeam(r.Context(), p.Slug, copse.TeamUpdate{Name: &p.Name, Description: &p.Description, Community: &p.Community, Roles: &roles})
		}
		if len(copse.ErrorFields(err)) > 0 {
			p.Errors = newErrs(err, p.fields(), rename(rowOf))
			w.render(rw, r, http.StatusUnprocessableEntity, "team_form", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		notice := "team"
		if t.Compliance == copse.ComplianceError {
			notice = "team-broken"
		}
		redirect(rw, r, withNotice("/teams/"+url.PathEscape(t.Slug), notice))
	})
}
