package api

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/markdown"
	"github.com/copse-dev/copse/internal/store"
)

// render is the one Markdown renderer of the API, built on first use.
var render = sync.OnceValue(markdown.New)

// resourceOut is a resource as one item answers it: with its body rendered to
// sanitized HTML and its near-duplicates.
type resourceOut struct {
	*copse.Resource
	HTML    string          `json:"html"`
	Similar []copse.Similar `json:"similar"`
}

// resourceID reads {id}; an id that is not a number names no resource.
func resourceID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, copse.Errorf(copse.ENOTFOUND, "There is no resource %q.", r.PathValue("id"))
	}
	return id, nil
}

func handleResourceList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		f := copse.ResourceFilter{Type: q.Get("type"), Persona: q.Get("persona"), Tag: q.Get("tag"), Community: q.Get("community"),
			Q: q.Get("q"), Sort: copse.ResourceSort(q.Get("sort")), Limit: n, Cursor: q.Get("cursor")}
		switch q.Get("needs_review") {
		case "", "false":
		case "true":
			f.NeedsReview = true
		default:
			httpx.Error(w, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"needs_review": "must be true or false"}})
			return
		}
		page, err := db.ListResources(r.Context(), f)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

func handleResourceGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := resourceID(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		res, _, err := db.FindResource(r.Context(), id)
		if err == nil && res.MergedInto != 0 {
			err = copse.Errorf(copse.ENOTFOUND, "Resource %d was merged into resource %d: read /api/v1/resources/%d.", id, res.MergedInto, res.MergedInto)
		}
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		sim, err := db.Similar(r.Context(), id)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, resourceOut{Resource: res, HTML: string(render().HTML(res.Body)), Similar: sim})
	})
}

// resourceBody is the body of POST /api/v1/resources.
type resourceBody struct {
	Title        string           `json:"title"`
	Description  string           `json:"description"`
	ResourceType string           `json:"resource_type"`
	Personas     []string         `json:"personas"`
	Tags         []string         `json:"tags"`
	Body         string           `json:"body"`
	URL          string           `json:"url"`
	Community    string           `json:"community"`
	Visibility   copse.Visibility `json:"visibility"`
	Authors      []string         `json:"authors"`
	ReviewBy     string           `json:"review_by"`
}

func handleResourceCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if copse.UserFromContext(r.Context()) == nil {
			httpx.Error(w, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in, or send Authorization: Bearer TOKEN, to add a resource."))
			return
		}
		var b resourceBody
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		res, sim, err := db.CreateResource(r.Context(), copse.NewResource{Title: b.Title, Description: b.Description,
			ResourceType: b.ResourceType, Personas: b.Personas, Tags: b.Tags, Body: b.Body, URL: b.URL,
			Community: b.Community, Visibility: b.Visibility, Authors: b.Authors, ReviewBy: b.ReviewBy})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/resources/"+strconv.FormatInt(res.ID, 10))
		httpx.JSON(w, http.StatusCreated, resourceOut{Resource: res, HTML: string(render().HTML(res.Body)), Similar: sim})
	})
}

// resourcePatch is the body of PATCH /api/v1/resources/{id}: absent fields stay.
type resourcePatch struct {
	Title        *string           `json:"title"`
	Description  *string           `json:"description"`
	ResourceType *string           `json:"resource_type"`
	Personas     *[]string         `json:"personas"`
	Tags         *[]string         `json:"tags"`
	Body         *string           `json:"body"`
	URL          *string           `json:"url"`
	Community    *string           `json:"community"`
	Visibility   *copse.Visibility `json:"visibility"`
	Authors      *[]string         `json:"authors"`
	ReviewBy     *string           `json:"review_by"`
}

func handleResourceUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := resourceID(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b resourcePatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		res, sim, err := db.UpdateResource(r.Context(), id, copse.ResourceUpdate{Title: b.Title, Description: b.Description,
			ResourceType: b.ResourceType, Personas: b.Personas, Tags: b.Tags, Body: b.Body, URL: b.URL,
			Community: b.Community, Visibility: b.Visibility, Authors: b.Authors, ReviewBy: b.ReviewBy})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, resourceOut{Resource: res, HTML: string(render().HTML(res.Body)), Similar: sim})
	})
}

func handleResourceDelete(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := resourceID(r)
		if err == nil {
			err = db.DeleteResource(r.Context(), id)
		}
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// handleResourceReview records that the caller checked the resource and found it
// still accurate.
func handleResourceReview(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := resourceID(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		res, err := db.MarkReviewed(r.Context(), id)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, res)
	})
}
