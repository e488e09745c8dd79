package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// journeyFormPage is an admin's editor of a journey: its steps as rows, in the order
// of their position numbers, with a box to remove one and empty rows for new ones.
type journeyFormPage struct {
	layout
	Slug      string // "" for a new journey
	In        copse.JourneyInput
	Rows      []stepRow
	Audiences []option
	DoneWhens []option
}

type stepRow struct {
	N, Position int
	copse.StepInput
}

var audienceOptions = []option{
	{string(copse.AudiencePerson), "Someone joining the site", ""},
	{string(copse.AudienceTeam), "A new team", ""},
	{string(copse.AudienceFacilitator), "A new facilitator", ""},
}

var doneWhenOptions = []option{
	{"", "Ticked by hand", ""},
	{copse.DoneWhenAccount, "Having an account", ""},
	{copse.DoneWhenMember, "Joining a community", ""},
	{copse.DoneWhenProfile, "Listing their expertise", ""},
}

// newStepRows is how many empty rows the editor offers for new steps.
const newStepRows = 2

func (p *journeyFormPage) fill(steps []copse.StepInput) {
	p.Rows = nil
	for i, s := range steps {
		p.Rows = append(p.Rows, stepRow{N: i, Position: i + 1, StepInput: s})
	}
	for range newStepRows {
		n := len(p.Rows)
		p.Rows = append(p.Rows, stepRow{N: n, Position: n + 1})
	}
}

func (w *Web) journeyForm(r *http.Request) (*journeyFormPage, error) {
	switch me := copse.UserFromContext(r.Context()); {
	case me == nil:
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to edit journeys.")
	case !me.Admin:
		return nil, copse.Errorf(copse.EFORBIDDEN, "Only an admin edits the onboarding journeys.")
	}
	p := &journeyFormPage{Slug: r.PathValue("slug"), Audiences: audienceOptions, DoneWhens: doneWhenOptions}
	if p.Slug == "" {
		p.In.Audience = copse.AudiencePerson
		p.fill(nil)
		return p, nil
	}
	j, err := w.db.FindJourney(r.Context(), p.Slug)
	if err != nil {
		return nil, err
	}
	p.In = copse.JourneyInput{Title: j.Title, Slug: j.Slug, Audience: j.Audience, Description: j.Description}
	steps := make([]copse.StepInput, len(j.Steps))
	for i, s := range j.Steps {
		steps[i] = copse.StepInput{ID: s.ID, Title: s.Title, Body: s.Body, Link: s.Link, DoneWhen: s.DoneWhen}
	}
	p.fill(steps)
	return p, nil
}

// handleJourneyForm shows the editor.
func (w *Web) handleJourneyForm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.journeyForm(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "journey_form", p)
	})
}

// handleJourneySave saves the whole journey: rows with a title are steps, in the
// order of their positions; ticked rows go.
func (w *Web) handleJourneySave() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.journeyForm(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		f := r.PostForm
		p.In = copse.JourneyInput{Title: f.Get("title"), Slug: f.Get("slug"), Audience: copse.Audience(f.Get("audience")), Description: f.Get("description")}
		n, _ := strconv.Atoi(f.Get("rows"))
		var rows []stepRow
		for i := range min(n, 100) {
			get := func(k string) string { return f.Get(fmt.Sprintf("%s_%d", k, i)) }
			row := stepRow{N: i, StepInput: copse.StepInput{Title: get("step_title"), Body: get("step_body"), Link: get("step_link"), DoneWhen: get("step_done_when")}}
			row.ID, _ = strconv.ParseInt(get("step_id"), 10, 64)
			row.Position, _ = strconv.Atoi(get("step_position"))
			if get("step_remove") == "yes" || strings.TrimSpace(row.Title+row.Body+row.Link) == "" {
				continue
			}
			rows = append(rows, row)
		}
		sort.SliceStable(rows, func(a, b int) bool { return rows[a].Position < rows[b].Position })
		steps := make([]copse.StepInput, len(rows))
		for i, row := range rows {
			steps[i] = row.StepInput
		}
		p.In.Steps = steps
		j, err := w.db.SaveJourney(r.Context(), p.Slug, p.In)
		if len(copse.ErrorFields(err)) > 0 {
			p.fill(steps)
			fields := []field{{"title", "Title"}, {"slug", "Address"}, {"audience", "Who it is for"}, {"description", "Description"}}
			for i := range steps {
				fields = append(fields, field{fmt.Sprintf("step_title_%d", i), fmt.Sprintf("Step %d title", i+1)},
					field{fmt.Sprintf("step_link_%d", i), fmt.Sprintf("Step %d link", i+1)})
			}
			p.Errors = newErrs(err, fields, func(k string) string {
				var i int
				var part string
				if n, _ := fmt.Sscanf(strings.Replace(k, "].", "] ", 1), "steps[%d] %s", &i, &part); n == 2 {
					return fmt.Sprintf("step_%s_%d", part, i)
				}
				if k == "steps" {
					return "step_title_0"
				}
				return k
			})
			w.render(rw, r, http.StatusUnprocessableEntity, "journey_form", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/journeys/"+url.PathEscape(j.Slug), "journey"))
	})
}

// handleJourneyDelete removes a journey (admins).
func (w *Web) handleJourneyDelete() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		if err := w.db.DeleteJourney(r.Context(), r.PathValue("slug")); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/journeys?notice=journey-deleted")
	})
}
