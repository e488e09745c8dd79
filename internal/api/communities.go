package api

import (
	"net/http"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

func handleCommunityList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		f := copse.CommunityFilter{Tag: q.Get("tag"), Q: q.Get("q"), Member: q.Get("member"), Limit: n, Cursor: q.Get("cursor")}
		for _, s := range q["status"] {
			for _, s := range strings.Split(s, ",") {
				f.Status = append(f.Status, copse.Status(s))
			}
		}
		if err := validStatuses(f.Status); err != nil {
			httpx.Error(w, r, err)
			return
		}
		page, err := db.ListCommunities(r.Context(), f)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

func validStatuses(ss []copse.Status) error {
	for _, s := range ss {
		ok := false
		for _, v := range copse.Statuses {
			ok = ok || s == v
		}
		if !ok {
			return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"status": `must be one of suggested, forming, active, dormant, archived (or several, comma-separated)`}}
		}
	}
	return nil
}

func handleCommunityGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, err := db.FindCommunity(r.Context(), r.PathValue("slug"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, c)
	})
}

// communityCreate is the body of POST /api/v1/communities.
type communityCreate struct {
	Name        string           `json:"name"`
	Slug        string           `json:"slug"`
	Subject     string           `json:"subject"`
	Description string           `json:"description"`
	Tags        []string         `json:"tags"`
	Visibility  copse.Visibility `json:"visibility"`
	Channel     *copse.Channel   `json:"channel"`
	Cadence     *cadenceBody     `json:"cadence"`
	Links       []copse.Link     `json:"links"`
	Suggested   bool             `json:"suggested"`
}

// cadenceBody is the writable part of a cadence; its description is derived.
type cadenceBody struct {
	RRule           string `json:"rrule"`
	Timezone        string `json:"timezone"`
	DurationMinutes int    `json:"duration_minutes"`
}

func (b *cadenceBody) cadence() *copse.Cadence {
	if b == nil {
		return nil
	}
	return &copse.Cadence{RRule: b.RRule, Timezone: b.Timezone, DurationMinutes: b.DurationMinutes}
}

func handleCommunityCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b communityCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		n := copse.NewCommunity{Name: b.Name, Slug: b.Slug, Subject: b.Subject, Description: b.Description, Tags: b.Tags,
			Visibility: b.Visibility, Cadence: b.Cadence.cadence(), Links: b.Links, Suggested: b.Suggested}
		if b.Channel != nil {
			n.Channel = *b.Channel
		}
		c, err := db.CreateCommunity(r.Context(), n)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/communities/"+c.Slug)
		httpx.JSON(w, http.StatusCreated, c)
	})
}

// communityPatch is the body of PATCH /api/v1/communities/{slug}: absent fields stay
// as they are; "cadence": null removes the cadence.
type communityPatch struct {
	Name        *string               `json:"name"`
	Subject     *string               `json:"subject"`
	Description *string               `json:"description"`
	Tags        *[]string             `json:"tags"`
	Visibility  *copse.Visibility     `json:"visibility"`
	Channel     *copse.Channel        `json:"channel"`
	Cadence     optional[cadenceBody] `json:"cadence"`
	Links       *[]copse.Link         `json:"links"`
	Status      *copse.Status         `json:"status"`
}

func handleCommunityUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b communityPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		u := copse.CommunityUpdate{Name: b.Name, Subject: b.Subject, Description: b.Description, Tags: b.Tags,
			Visibility: b.Visibility, Channel: b.Channel, Links: b.Links, Status: b.Status}
		if b.Cadence.Set {
			c := b.Cadence.Value.cadence()
			u.Cadence = &c
		}
		c, err := db.UpdateCommunity(r.Context(), r.PathValue("slug"), u)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, c)
	})
}
