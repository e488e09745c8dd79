package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/copse-dev/copse"
)

// journeysPage lists the onboarding journeys with the reader's progress.
type journeysPage struct {
	layout
	Journeys []*copse.Journey
}

// handleJourneys lists the journeys.
func (w *Web) handleJourneys() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		js, err := w.db.ListJourneys(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "journeys", &journeysPage{Journeys: js})
	})
}

// journeyPage is one journey, its steps ticked as the reader did them.
type journeyPage struct {
	layout
	J     *copse.Journey
	Steps []journeyStep
}

type journeyStep struct {
	copse.JourneyStep
	Number    int
	HTML      template.HTML
	LinkLabel string // what the link leads to, in words
}

// linkLabels say where a step's link leads, by copse.StepLinkKind.
var linkLabels = map[string]string{"community": "Open the community", "resource": "Read the resource", "meeting": "See the meeting",
	"page": "Go there", "link": "Open the link (another site)"}

// handleJourney shows a journey; signed in, each step has a button to tick it.
func (w *Web) handleJourney() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		j, err := w.db.FindJourney(r.Context(), r.PathValue("slug"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &journeyPage{J: j}
		for i, s := range j.Steps {
			p.Steps = append(p.Steps, journeyStep{JourneyStep: s, Number: i + 1, HTML: w.md.HTML(s.Body), LinkLabel: linkLabels[copse.StepLinkKind(s.Link)]})
		}
		w.render(rw, r, http.StatusOK, "journey", p)
	})
}

// handleStep ticks a step off, or back on, and returns to it.
func (w *Web) handleStep() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "There is no such step."))
			return
		}
		j, err := w.db.MarkStep(r.Context(), slug, id, r.PostForm.Get("done") != "no")
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		notice := "step"
		if j.Finished() {
			notice = "journey-done"
		}
		redirect(rw, r, withNotice("/journeys/"+url.PathEscape(slug), notice)+"#step-"+strconv.FormatInt(id, 10))
	})
}
