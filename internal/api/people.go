package api

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

func handlePersonGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := db.FindPerson(r.Context(), r.PathValue("handle"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, p)
	})
}

func handlePersonPoints(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		page, err := db.PointsOf(r.Context(), r.PathValue("handle"), n, r.URL.Query().Get("cursor"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

// profilePatch is the body of PATCH /api/v1/me: the profile fields a person changes
// about themselves.
type profilePatch struct {
	Name             *string           `json:"name"`
	Organisation     *string           `json:"organisation"`
	ShowOrganisation *bool             `json:"show_organisation"`
	Employment       *copse.Employment `json:"employment"`
	Expertise        *[]string         `json:"expertise"`
}

func handleProfileUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if copse.UserFromContext(r.Context()) == nil {
			httpx.Error(w, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in, or send Authorization: Bearer TOKEN (copse token create)."))
			return
		}
		var b profilePatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		p, err := db.UpdatePerson(r.Context(), copse.PersonUpdate{Name: b.Name, Organisation: b.Organisation,
			ShowOrganisation: b.ShowOrganisation, Employment: b.Employment, Expertise: b.Expertise})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, p)
	})
}

// commitment is the body and the answer of PUT …/commitment.
type commitment struct {
	Community     string `json:"community"`
	HoursPerMonth *int   `json:"hours_per_month"`
}

func handleCommitment(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b struct {
			HoursPerMonth *int `json:"hours_per_month"`
		}
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if err := db.SetCommitment(r.Context(), r.PathValue("slug"), b.HoursPerMonth); err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, commitment{Community: r.PathValue("slug"), HoursPerMonth: b.HoursPerMonth})
	})
}

func handleExperts(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		q := r.URL.Query()
		page, err := db.Experts(r.Context(), copse.ExpertFilter{Subject: q.Get("subject"), Limit: n, Cursor: q.Get("cursor")})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

// recognition is the published rule table, the ranks and the thresholds.
type recognition struct {
	Rules      []copse.PointRule    `json:"rules"`
	Ranks      []copse.RankStep     `json:"ranks"`
	Thresholds copse.RankThresholds `json:"thresholds"`
}

func handleRecognition(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := db.RankThresholds(r.Context())
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, recognition{Rules: copse.PointRules, Ranks: t.Ranks(), Thresholds: t})
	})
}

func handleThresholds(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var t copse.RankThresholds
		if err := httpx.DecodeJSON(w, r, &t); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if err := db.SetRankThresholds(r.Context(), t); err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, recognition{Rules: copse.PointRules, Ranks: t.Ranks(), Thresholds: t})
	})
}

func handlePromotionList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := r.URL.Query().Get("status")
		switch status {
		case "", copse.PromotionSuggested, copse.PromotionConfirmed, copse.PromotionDeclined:
		default:
			httpx.Error(w, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"status": `must be "suggested", "confirmed" or "declined"`}})
			return
		}
		ps, err := db.ListPromotions(r.Context(), r.PathValue("slug"), status)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, list[copse.Promotion]{Items: ps})
	})
}

// promotionDecision is the body of POST …/promotions/{handle}.
type promotionDecision struct {
	Stage    copse.LadderStage `json:"stage"`
	Decision string            `json:"decision"`
}

func handlePromotionDecide(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b promotionDecision
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		p, err := db.DecidePromotion(r.Context(), r.PathValue("slug"), r.PathValue("handle"), b.Stage, b.Decision)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, p)
	})
}
