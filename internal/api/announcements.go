package api

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

func handleAnnouncementList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		page, err := db.ListAnnouncements(r.Context(), r.PathValue("slug"), n, r.URL.Query().Get("cursor"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

type announcementCreate struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// handleAnnouncementCreate writes to the distribution list; the outbox delivers it
// to the members and subscribers, the feed and the webhooks.
func handleAnnouncementCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b announcementCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		a, err := db.CreateAnnouncement(r.Context(), r.PathValue("slug"), copse.NewAnnouncement{Title: b.Title, Body: b.Body})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusCreated, a)
	})
}

func handleDeliveryList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		q := r.URL.Query()
		page, err := db.ListDeliveries(r.Context(), copse.DeliveryFilter{Status: q.Get("status"), Limit: n, Cursor: q.Get("cursor")})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

func handleDeliveryRetry(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			httpx.Error(w, r, copse.Errorf(copse.ENOTFOUND, "There is no delivery %q.", r.PathValue("id")))
			return
		}
		d, err := db.RetryDelivery(r.Context(), id)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, d)
	})
}
