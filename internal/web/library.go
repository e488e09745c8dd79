package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// libraryPage is the library: resources filtered by facets, sorted, paged.
type libraryPage struct {
	layout
	F        copse.ResourceFilter
	Items    []libItem
	Facets   []facetGroup
	Sorts    []option
	Total    int
	Filtered bool
	Chosen   []chosenFilter // the filters in force, each with a link that drops it
	Next     string
	First    string
	CanAdd   bool
	Steward  bool
	Review   *reviewInfo // the needs-review list, when it is that
	Action   string      // where the filter form goes
}

// libItem is one resource of the list, and whether the reader may vouch for it.
type libItem struct {
	R         *copse.Resource
	CanReview bool
}

// reviewInfo explains the needs-review list and, to admins, offers its period.
type reviewInfo struct {
	Days    int
	IsAdmin bool
	Form    string // the period as typed, shown again when it is wrong
}

// facetGroup is one facet: its values with their counts, each a link that
// applies (or, when chosen, removes) it.
type facetGroup struct {
	ID, Title string
	Items     []facetLink
}

type facetLink struct {
	Label    string
	Count    int
	URL      string
	Selected bool
}

type chosenFilter struct{ Label, URL string }

// readResourceFilter reads the library's filters from a query string.
func readResourceFilter(q url.Values) copse.ResourceFilter {
	return copse.ResourceFilter{Type: q.Get("type"), Persona: q.Get("persona"), Tag: q.Get("tag"),
		Community: q.Get("community"), Q: strings.TrimSpace(q.Get("q")), Sort: copse.ResourceSort(q.Get("sort")),
		NeedsReview: q.Get("needs_review") == "true", Cursor: q.Get("cursor")}
}

// libraryURL is the library at path with f's filters (not its cursor).
func libraryURL(path string, f copse.ResourceFilter) string {
	v := url.Values{}
	for k, s := range map[string]string{"type": f.Type, "persona": f.Persona, "tag": f.Tag, "community": f.Community, "q": f.Q} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Sort != "" && f.Sort != copse.SortUpdated {
		v.Set("sort", string(f.Sort))
	}
	if f.NeedsReview {
		v.Set("needs_review", "true")
	}
	if f.Cursor != "" {
		v.Set("cursor", f.Cursor)
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

var sortLabels = map[copse.ResourceSort]string{copse.SortUpdated: "Recently changed", copse.SortTitle: "Title, A to Z", copse.SortOldest: "Least recently changed"}

// handleLibrary lists the resources the reader may see, with facet counts; with
// review it is the needs-review list (seed 002: "ensure content is maintained
// and updated"), least recently checked first.
func (w *Web) handleLibrary(review bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.library(rw, r, review, http.StatusOK, nil, errs{})
	})
}

// library renders the library or the needs-review list; info carries a review
// period form shown again with its error.
func (w *Web) library(rw http.ResponseWriter, r *http.Request, review bool, status int, info *reviewInfo, e errs) {
	ctx := r.Context()
	f := readResourceFilter(r.URL.Query())
	me := copse.UserFromContext(ctx)
	p := &libraryPage{F: f, CanAdd: me != nil, Action: "/library"}
	p.Errors = e
	if review {
		f.NeedsReview, p.Action = true, "/library/review"
		if f.Sort == "" {
			f.Sort = copse.SortOldest
		}
		after, err := w.db.ReviewAfter(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Review = &reviewInfo{Days: int(after / (24 * time.Hour)), IsAdmin: me != nil && me.Admin}
		if info != nil {
			p.Review.Form = info.Form
		}
	}
	if f.Sort != "" && !slices.Contains(copse.ResourceSorts, f.Sort) {
		p.Errors.add("sort", "Sort must be one of the choices shown")
		status, f.Sort = http.StatusUnprocessableEntity, copse.SortUpdated
	}
	page, err := w.db.ListResources(ctx, f)
	if copse.ErrorCode(err) == copse.EINVALID {
		p.Errors.add("q", "This page of results has expired; start again from the first page")
		status = http.StatusUnprocessableEntity
		f.Cursor = ""
		page, err = w.db.ListResources(ctx, f)
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	facets, err := w.db.ResourceFacets(ctx, f)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if p.Items, err = w.libItems(ctx, page.Items); err != nil {
		w.fail(rw, r, err)
		return
	}
	p.F, p.Total = f, facets.Total
	p.Facets = facetGroups(p.Action, f, facets)
	p.Chosen = chosenFilters(p.Action, f, facets)
	p.Filtered = len(p.Chosen) > 0
	for _, s := range copse.ResourceSorts {
		p.Sorts = append(p.Sorts, option{Value: string(s), Label: sortLabels[s]})
	}
	if page.Next != "" {
		next := f
		next.Cursor = page.Next
		p.Next = libraryURL(p.Action, next)
	}
	if f.Cursor != "" {
		first := f
		first.Cursor = ""
		p.First = libraryURL(p.Action, first)
	}
	p.Steward = w.steward(ctx)
	w.render(rw, r, status, "library", p)
}

// libItems pairs each resource with whether the reader may vouch for it, from
// the reader's roles in their communities (one query for the page).
func (w *Web) libItems(ctx context.Context, rs []*copse.Resource) ([]libItem, error) {
	me := copse.UserFromContext(ctx)
	var roles map[int64]copse.Role
	if me != nil {
		var ids []int64
		for _, r := range rs {
			if r.Community != nil {
				ids = append(ids, r.Community.ID)
			}
		}
		var err error
		if roles, err = w.db.RolesOf(ctx, me.ID, ids); err != nil {
			return nil, err
		}
	}
	out := make([]libItem, len(rs))
	for i, r := range rs {
		v := copse.Viewer{User: me}
		if r.Community != nil {
			v.Role = roles[r.Community.ID]
		}
		out[i] = libItem{R: r, CanReview: v.CanReviewResource(r)}
	}
	return out, nil
}

// facetGroups turns the counts into links; a chosen value links to the library
// without it.
func facetGroups(path string, f copse.ResourceFilter, fc copse.Facets) []facetGroup {
	f.Cursor = ""
	group := func(id, title string, counts []copse.FacetCount, cur string, set func(*copse.ResourceFilter, string)) facetGroup {
		g := facetGroup{ID: id, Title: title}
		for _, c := range counts {
			if c.Value == "" {
				continue // "no type given" cannot be chosen
			}
			next := f
			selected := c.Value == cur
			if selected {
				set(&next, "")
			} else {
				set(&next, c.Value)
			}
			g.Items = append(g.Items, facetLink{Label: c.Label, Count: c.Count, URL: libraryURL(path, next), Selected: selected})
		}
		return g
	}
	groups := []facetGroup{
		group("type", "Type", fc.Types, f.Type, func(g *copse.ResourceFilter, v string) { g.Type = v }),
		group("persona", "For", fc.Personas, f.Persona, func(g *copse.ResourceFilter, v string) { g.Persona = v }),
		group("community", "Community", fc.Communities, f.Community, func(g *copse.ResourceFilter, v string) { g.Community = v }),
		group("tag", "Tags", fc.Tags, f.Tag, func(g *copse.ResourceFilter, v string) { g.Tag = v }),
	}
	return slices.DeleteFunc(groups, func(g facetGroup) bool { return len(g.Items) == 0 })
}

// chosenFilters lists the filters in force, in words, each with a link without it.
func chosenFilters(path string, f copse.ResourceFilter, fc copse.Facets) []chosenFilter {
	f.Cursor = ""
	var out []chosenFilter
	add := func(label string, drop func(*copse.ResourceFilter)) {
		g := f
		drop(&g)
		out = append(out, chosenFilter{Label: label, URL: libraryURL(path, g)})
	}
	if f.Type != "" {
		add("Type: "+f.Type, func(g *copse.ResourceFilter) { g.Type = "" })
	}
	if f.Persona != "" {
		add("For: "+f.Persona, func(g *copse.ResourceFilter) { g.Persona = "" })
	}
	if f.Community != "" {
		name := f.Community
		for _, c := range fc.Communities {
			if c.Value == f.Community {
				name = c.Label
			}
		}
		add("Community: "+name, func(g *copse.ResourceFilter) { g.Community = "" })
	}
	if f.Tag != "" {
		add("Tag: "+f.Tag, func(g *copse.ResourceFilter) { g.Tag = "" })
	}
	if f.Q != "" {
		add("Words: "+f.Q, func(g *copse.ResourceFilter) { g.Q = "" })
	}
	if f.NeedsReview && path == "/library" {
		add("Needs review", func(g *copse.ResourceFilter) { g.NeedsReview = false })
	}
	return out
}

// steward reports whether the reader looks after content somewhere: an admin, or a
// facilitator or core member of a community. Stewards see the duplicates page.
func (w *Web) steward(ctx context.Context) bool {
	if copse.UserFromContext(ctx) == nil {
		return false
	}
	ok, err := w.db.Steward(ctx)
	return err == nil && ok
}

// humanDate writes a YYYY-MM-DD date as people read it: "30 September 2026".
func humanDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}
