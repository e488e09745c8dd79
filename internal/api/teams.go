package api

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

func handleTeamList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		q := r.URL.Query()
		page, err := db.ListTeams(r.Context(), copse.TeamFilter{Compliance: q.Get("compliance"), Member: q.Get("member"), Limit: n, Cursor: q.Get("cursor")})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

// teamCreate is the body of POST /api/v1/teams.
type teamCreate struct {
	Name        string                `json:"name"`
	Slug        string                `json:"slug"`
	Description string                `json:"description"`
	Community   string                `json:"community"`
	Roles       []copse.TeamRoleInput `json:"roles"`
}

// handleTeamCreate answers 201 even when the team breaks the rule: its findings say
// what is missing, so that nothing is saved silently wrong.
func handleTeamCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b teamCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		t, err := db.CreateTeam(r.Context(), copse.NewTeam{Name: b.Name, Slug: b.Slug, Description: b.Description, Community: b.Community, Roles: b.Roles})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/teams/"+t.Slug)
		httpx.JSON(w, http.StatusCreated, t)
	})
}

func handleTeamGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := db.FindTeam(r.Context(), r.PathValue("slug"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, t)
	})
}

// teamPatch is the body of PATCH /api/v1/teams/{slug}; roles replaces every role.
type teamPatch struct {
	Name        *string                `json:"name"`
	Description *string                `json:"description"`
	Community   *string                `json:"community"`
	Roles       *[]copse.TeamRoleInput `json:"roles"`
}

func handleTeamUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b teamPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		t, err := db.UpdateTeam(r.Context(), r.PathValue("slug"), copse.TeamUpdate{Name: b.Name, Description: b.Description, Community: b.Community, Roles: b.Roles})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, t)
	})
}

func handleTeamDelete(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := db.DeleteTeam(r.Context(), r.PathValue("slug")); err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

func handleTeamException(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b struct {
			Rule   string `json:"rule"`
			Reason string `json:"reason"`
		}
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		t, err := db.AddTeamException(r.Context(), r.PathValue("slug"), copse.NewTeamException{Rule: b.Rule, Reason: b.Reason})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusCreated, t)
	})
}

func handleTeamExceptionDelete(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := db.RemoveTeamException(r.Context(), r.PathValue("slug"), r.PathValue("rule"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, t)
	})
}
