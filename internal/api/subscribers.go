package api

import (
	"net/http"

	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

type subscriberCreate struct {
	Email string `json:"email"`
}

// subscriptionAccepted answers a subscription the same way whatever the address's
// standing, so the API does not tell who is on a list.
type subscriptionAccepted struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

func handleSubscriberCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b subscriberCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if err := db.Subscribe(r.Context(), r.PathValue("slug"), b.Email); err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		httpx.JSON(w, http.StatusAccepted, subscriptionAccepted{Status: "pending",
			Message: "If the address can receive mail, a link to confirm the subscription is on its way; nothing else is sent before it is followed."})
	})
}
