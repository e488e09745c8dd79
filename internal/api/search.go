package api

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// handleSearch answers GET /api/v1/search?q=Q across everything the caller may
// read, best match first.
func handleSearch(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		page, err := db.Search(r.Context(), q.Get("q"), copse.SearchFilter{Kind: q.Get("kind"), Community: q.Get("community"),
			Limit: n, Cursor: q.Get("cursor")})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}
