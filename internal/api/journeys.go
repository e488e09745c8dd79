package api

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

func handleJourneyList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		js, err := db.ListJourneys(r.Context())
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, list[*copse.Journey]{Items: js})
	})
}

func handleJourneyGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		j, err := db.FindJourney(r.Context(), r.PathValue("slug"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, j)
	})
}

// handleJourneySave creates a journey (POST) or replaces one (PUT), for admins.
func handleJourneySave(db *store.DB, create bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in copse.JourneyInput
		if err := httpx.DecodeJSON(w, r, &in); err != nil {
			httpx.Error(w, r, err)
			return
		}
		slug, status := r.PathValue("slug"), http.StatusOK
		if create {
			slug, status = "", http.StatusCreated
		}
		j, err := db.SaveJourney(r.Context(), slug, in)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if create {
			w.Header().Set("Location", "/api/v1/journeys/"+j.Slug)
		}
		httpx.JSON(w, status, j)
	})
}

func handleJourneyDelete(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := db.DeleteJourney(r.Context(), r.PathValue("slug")); err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// handleStep ticks a step off (PUT) or takes it back (DELETE) for the caller.
func handleStep(db *store.DB, done bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			httpx.Error(w, r, copse.Errorf(copse.ENOTFOUND, "There is no step %q.", r.PathValue("id")))
			return
		}
		j, err := db.MarkStep(r.Context(), r.PathValue("slug"), id, done)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, j)
	})
}
