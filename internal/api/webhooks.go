package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/notify"
	"github.com/copse-dev/copse/internal/store"
)

// Webhooks of a community (its facilitators) live under its path; the site's
// (admins) under /api/v1/webhooks. site says which a handler serves.
func webhookScope(r *http.Request, site bool) string {
	if site {
		return ""
	}
	return r.PathValue("slug")
}

func webhookID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, copse.Errorf(copse.ENOTFOUND, "There is no webhook %q.", r.PathValue("id"))
	}
	return id, nil
}

func handleWebhookList(db *store.DB, site bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hooks, err := db.ListWebhooks(r.Context(), webhookScope(r, site))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		httpx.JSON(w, http.StatusOK, list[*copse.Webhook]{Items: hooks})
	})
}

type webhookCreate struct {
	URL    string   `json:"url"`
	Format string   `json:"format"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
}

// handleWebhookCreate adds a webhook; the answer holds a signed webhook's secret,
// which is never shown again.
func handleWebhookCreate(db *store.DB, site bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b webhookCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		h, err := db.CreateWebhook(r.Context(), webhookScope(r, site), copse.NewWebhook{URL: b.URL, Format: b.Format, Events: b.Events, Secret: b.Secret})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		httpx.JSON(w, http.StatusCreated, h)
	})
}

func handleWebhookDelete(db *store.DB, site bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := webhookID(r)
		if err == nil {
			err = db.DeleteWebhook(r.Context(), webhookScope(r, site), id)
		}
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// webhookTest is what the receiver made of a test message.
type webhookTest struct {
	OK       bool   `json:"ok"`
	Status   int    `json:"status"`
	Response string `json:"response"`
}

func handleWebhookTest(db *store.DB, site bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := webhookID(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		res, err := notify.SendTest(r.Context(), db, webhookScope(r, site), id, scheme+"://"+r.Host+"/")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, webhookTest{OK: res.Err == nil, Status: res.Status, Response: strings.TrimSpace(res.Response)})
	})
}
