package api

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// me is the signed-in person as they see themselves (with their email and admin flag).
type me struct {
	Handle       string `json:"handle"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Organisation string `json:"organisation"`
	Admin        bool   `json:"admin"`
}

func handleMe() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := copse.UserFromContext(r.Context())
		if u == nil {
			httpx.Error(w, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in, or send Authorization: Bearer TOKEN (copse token create)."))
			return
		}
		httpx.JSON(w, http.StatusOK, me{Handle: u.Handle, Name: u.Name, Email: u.Email, Organisation: u.Organisation, Admin: u.Admin})
	})
}

func handleSettingsGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := db.Settings(r.Context())
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, s)
	})
}

type settingsPatch struct {
	SiteName   *string `json:"site_name"`
	MinMembers *int    `json:"min_members"`
}

func handleSettingsUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b settingsPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		s, err := db.Settings(r.Context())
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if b.SiteName != nil {
			s.SiteName = *b.SiteName
		}
		if b.MinMembers != nil {
			s.MinMembers = *b.MinMembers
		}
		if err := db.UpdateSettings(r.Context(), s); err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, s)
	})
}
