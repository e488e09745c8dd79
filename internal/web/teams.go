package web

import (
	"net/http"
	"net/url"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// teamsPage lists the delivery teams, or those out of compliance with seed 001's rule.
type teamsPage struct {
	layout
	Teams      []*copse.Team
	Compliance string
	Filters    []option
	Next       string
}

var teamFilters = []option{
	{"", "All teams", ""},
	{"error", "Out of compliance", "A required role missing or held by a non-employee"},
	{"attention", "Needs attention", "Errors and warnings"},
}

// handleTeams lists teams; ?compliance=error is the list of teams out of compliance.
func (w *Web) handleTeams() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p := &teamsPage{Compliance: q.Get("compliance"), Filters: teamFilters}
		page, err := w.db.ListTeams(r.Context(), copse.TeamFilter{Compliance: p.Compliance, Limit: 50, Cursor: q.Get("cursor")})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Teams, p.Next = page.Items, page.Next
		w.render(rw, r, http.StatusOK, "teams", p)
	})
}

// teamPage is one team: its people in their roles and what the rule says of it.
type teamPage struct {
	layout
	T             *copse.Team
	Broken        []copse.TeamFinding // unexcepted errors, shown first and loud
	Warnings      []copse.TeamFinding
	Excepted      []copse.TeamFinding
	CanEdit       bool
	CanExcept     bool
	Rules         []option // the findings an exception may be recorded for
	Rule, Reason  string
	ExceptionBy   map[string]copse.TeamException
	ExceptionForm bool
}

var exceptionFields = []field{{"rule", "Rule"}, {"reason", "Reason"}}

func (w *Web) teamPage(r *http.Request) (*teamPage, error) {
	t, err := w.db.FindTeam(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	p := &teamPage{T: t, CanEdit: store.CanEditTeam(r.Context(), t), ExceptionBy: map[string]copse.TeamException{}}
	if p.CanExcept, err = w.db.CanRecordExceptions(r.Context()); err != nil {
		return nil, err
	}
	for _, e := range t.Exceptions {
		p.ExceptionBy[e.Rule] = e
	}
	for _, f := range t.Findings {
		switch {
		case f.Excepted:
			p.Excepted = append(p.Excepted, f)
		case f.Level == copse.ComplianceError:
			p.Broken = append(p.Broken, f)
		default:
			p.Warnings = append(p.Warnings, f)
		}
		if !f.Excepted {
			p.Rules = append(p.Rules, option{f.Rule, f.Message, ""})
		}
	}
	return p, nil
}

// handleTeam shows a team.
func (w *Web) handleTeam() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.teamPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "team", p)
	})
}

// handleTeamException records an exception (admins and platform staff).
func (w *Web) handleTeamException() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		n := copse.NewTeamException{Rule: r.PostForm.Get("rule"), Reason: r.PostForm.Get("reason")}
		_, err := w.db.AddTeamException(r.Context(), slug, n)
		if len(copse.ErrorFields(err)) > 0 {
			p, perr := w.teamPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Rule, p.Reason, p.ExceptionForm = n.Rule, n.Reason, true
			p.Errors = newErrs(err, exceptionFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "team", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/teams/"+url.PathEscape(slug), "exception"))
	})
}

// handleTeamExceptionDelete withdraws an exception.
func (w *Web) handleTeamExceptionDelete() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		if _, err := w.db.RemoveTeamException(r.Context(), slug, r.PathValue("rule")); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/teams/"+url.PathEscape(slug), "exception-removed"))
	})
}

// handleTeamDelete removes a team.
func (w *Web) handleTeamDelete() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		if err := w.db.DeleteTeam(r.Context(), r.PathValue("slug")); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/teams?notice=team-deleted")
	})
}
