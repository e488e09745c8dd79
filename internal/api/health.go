package api

import (
	"net/http"

	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

func handleHealth(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, err := db.CommunityHealth(r.Context(), r.PathValue("slug"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, h)
	})
}

// handleSiteHealth ranks the communities the caller may see, most at risk first.
func handleSiteHealth(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		page, err := db.SiteHealth(r.Context(), n, r.URL.Query().Get("cursor"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}
