package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

// peopleHubPage gathers what copse knows about people in one place — the expert
// finder, teams, onboarding journeys, recognition and community health — so the main
// navigation needs one link for them, not five.
type peopleHubPage struct {
	layout
	Journeys []*copse.Journey // with the reader's progress when signed in
}

// handlePeople is the hub page at /people.
func (w *Web) handlePeople() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		js, err := w.db.ListJourneys(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "people", &peopleHubPage{Journeys: js})
	})
}
