package copse

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Resource is a reusable asset (seed 000: "co-create reusable artifacts — reduce
// duplication and one-offs"): a document in Markdown, or a link to a deck, a
// recording, a component or a repository, described by the front matter fields
// of seed 001 (title, resourceType, personas, tags, description).
type Resource struct {
	ID           int64          `json:"id"`
	Title        string         `json:"title"`
	Description  string         `json:"description"`
	ResourceType string         `json:"resource_type"`
	Personas     []string       `json:"personas"`
	Tags         []string       `json:"tags"`
	Body         string         `json:"body"`
	URL          string         `json:"url"`
	Community    *CommunityRef  `json:"community"` // nil: site-wide
	Visibility   Visibility     `json:"visibility"`
	Authors      []Author       `json:"authors"`
	ReviewBy     string         `json:"review_by"` // YYYY-MM-DD, or ""
	ReviewedAt   *time.Time     `json:"reviewed_at"`
	ReviewedBy   string         `json:"reviewed_by"` // handle, or ""
	NeedsReview  bool           `json:"needs_review"`
	Source       string         `json:"source"` // where it was imported from, or ""
	Metadata     map[string]any `json:"metadata"`
	CreatedBy    string         `json:"created_by"` // handle, or "" (imported by the operator)
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`

	CreatedByID int64 `json:"-"`
	MergedInto  int64 `json:"-"` // a merged duplicate points at the resource that kept its place
}

// CommunityRef names the community a thing belongs to.
type CommunityRef struct {
	ID   int64  `json:"-"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Author is someone who maintains a resource: a person here (with a handle) or a
// name from an imported file.
type Author struct {
	Name   string `json:"name"`
	Handle string `json:"handle,omitempty"`
}

// Checked reports when the resource was last known to be accurate: when it was
// reviewed or, failing that, last changed.
func (r *Resource) Checked() time.Time {
	if r.ReviewedAt != nil && r.ReviewedAt.After(r.UpdatedAt) {
		return *r.ReviewedAt
	}
	return r.UpdatedAt
}

// Stale is the freshness rule of seed 002 ("ensure content is maintained and
// updated"): a resource needs review once its review-by date has passed, or when
// nobody has changed or vouched for it in reviewAfter. Vouching for it ("still
// accurate") moves a past review-by date on, so both clear together.
func (r *Resource) Stale(now time.Time, reviewAfter time.Duration) bool {
	if r.ReviewBy != "" && r.ReviewBy < now.UTC().Format(time.DateOnly) {
		return true
	}
	return reviewAfter > 0 && now.Sub(r.Checked()) > reviewAfter
}

// DefaultReviewAfter is how long a resource may go unchanged and unchecked before
// it needs review, until an admin chooses otherwise.
const DefaultReviewAfter = 365 * 24 * time.Hour

// Limits of a resource's fields.
const (
	MaxResourceBody     = 1 << 20 // what markdown.MaxSource renders
	maxResourceMetadata = 64 << 10
)

// NewResource is what creating (or importing) a resource takes.
type NewResource struct {
	Title        string
	Description  string
	ResourceType string
	Personas     []string
	Tags         []string
	Body         string
	URL          string
	Community    string // a slug; "" for a site-wide resource
	Visibility   Visibility
	Authors      []string // handles of people here, or names
	ReviewBy     string   // YYYY-MM-DD
	Metadata     map[string]any
	Source       string // the import key, set by importers only
}

// Input is the resource as a NewResource, to apply an update to.
func (r *Resource) Input() NewResource {
	n := NewResource{Title: r.Title, Description: r.Description, ResourceType: r.ResourceType,
		Personas: slices.Clone(r.Personas), Tags: slices.Clone(r.Tags), Body: r.Body, URL: r.URL,
		Visibility: r.Visibility, ReviewBy: r.ReviewBy, Metadata: r.Metadata, Source: r.Source}
	if r.Community != nil {
		n.Community = r.Community.Slug
	}
	for _, a := range r.Authors {
		n.Authors = append(n.Authors, cmpOr(a.Handle, a.Name))
	}
	return n
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Validate normalises the input and reports every bad field.
func (n *NewResource) Validate() error {
	p := Problems{}
	n.Title = oneLine(n.Title)
	validateText(p, "title", n.Title, 1, 200)
	n.Description = strings.TrimSpace(n.Description)
	validateText(p, "description", n.Description, 0, 2000)
	n.ResourceType = oneLine(n.ResourceType)
	validateText(p, "resource_type", n.ResourceType, 0, 40)
	n.Personas = normalizeNames(p, "personas", n.Personas, 40, 10)
	n.Tags = normalizeResourceTags(p, "tags", n.Tags)
	n.Authors = normalizeNames(p, "authors", n.Authors, 100, 20)
	switch {
	case len(n.Body) > MaxResourceBody:
		p.Add("body", "must be at most 1 MiB (1048576 bytes); split it into several resources")
	case !utf8.ValidString(n.Body) || strings.ContainsRune(n.Body, 0):
		p.Add("body", "must be text (UTF-8 without NUL bytes)")
	}
	n.URL = strings.TrimSpace(n.URL)
	if n.URL != "" {
		validateURL(p, "url", n.URL)
	} else if strings.TrimSpace(n.Body) == "" {
		p.Add("body", "is required: write the resource here, or give the url where it lives")
	}
	n.Community = strings.ToLower(strings.TrimSpace(n.Community))
	if n.Visibility == "" {
		n.Visibility = VisibilityPublic
	}
	validateVisibility(p, "visibility", n.Visibility)
	if n.Visibility == VisibilityMembers && n.Community == "" {
		p.Add("visibility", `"members" needs a community whose members may read it`)
	}
	n.ReviewBy = strings.TrimSpace(n.ReviewBy)
	if n.ReviewBy != "" {
		if _, err := time.Parse(time.DateOnly, n.ReviewBy); err != nil {
			p.Add("review_by", "must be a date such as 2026-09-30")
		}
	}
	if b, err := json.Marshal(n.Metadata); err != nil || len(b) > maxResourceMetadata {
		p.Add("metadata", "must be a JSON object of at most 64 KiB")
	}
	return p.Err()
}

// ResourceUpdate holds the fields a PATCH changes; nil means unchanged.
type ResourceUpdate struct {
	Title        *string
	Description  *string
	ResourceType *string
	Personas     *[]string
	Tags         *[]string
	Body         *string
	URL          *string
	Community    *string // "" moves it to the site-wide library
	Visibility   *Visibility
	Authors      *[]string
	ReviewBy     *string // "" removes the date
}

// Apply writes the changed fields over n.
func (u ResourceUpdate) Apply(n *NewResource) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&n.Title, u.Title)
	set(&n.Description, u.Description)
	set(&n.ResourceType, u.ResourceType)
	set(&n.Body, u.Body)
	set(&n.URL, u.URL)
	set(&n.Community, u.Community)
	set(&n.ReviewBy, u.ReviewBy)
	if u.Personas != nil {
		n.Personas = *u.Personas
	}
	if u.Tags != nil {
		n.Tags = *u.Tags
	}
	if u.Authors != nil {
		n.Authors = *u.Authors
	}
	if u.Visibility != nil {
		n.Visibility = *u.Visibility
	}
}

// oneLine trims and collapses runs of white space, for titles and types.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// normalizeNames trims personas or authors and drops repeats, ignoring case.
func normalizeNames(p Problems, field string, names []string, maxLen, maxCount int) []string {
	out := make([]string, 0, len(names))
	for _, s := range names {
		s = oneLine(s)
		switch {
		case s == "" || slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, s) }):
			continue
		case utf8.RuneCountInString(s) > maxLen:
			p.Add(field, `"`+s[:min(len(s), 20)]+`…" is longer than the `+strconv.Itoa(maxLen)+` characters allowed`)
		}
		out = append(out, s)
	}
	if len(out) > maxCount {
		p.Add(field, "at most "+strconv.Itoa(maxCount))
	}
	return out
}

// resourceTagRE is wider than a community's tags: real repositories tag resources
// "beginner's guide" and "ci/cd", and an import should keep them.
var resourceTagRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} .+#/_'’&:()-]*$`)

func normalizeResourceTags(p Problems, field string, tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(oneLine(t))
		switch {
		case t == "" || slices.Contains(out, t):
			continue
		case utf8.RuneCountInString(t) > 40 || !resourceTagRE.MatchString(t):
			p.Add(field, `"`+t+`" is not a tag: use up to 40 letters, digits, spaces or . + # / _ ' & : ( ) -`)
		}
		out = append(out, t)
	}
	if len(out) > 30 {
		p.Add(field, "at most 30 tags")
	}
	return out
}

// ResourceSort orders the library.
type ResourceSort string

const (
	SortUpdated ResourceSort = "updated" // most recently changed first (the default)
	SortTitle   ResourceSort = "title"   // A to Z
	SortOldest  ResourceSort = "oldest"  // least recently changed first: what to review next
)

// ResourceSorts lists the orders the library offers.
var ResourceSorts = []ResourceSort{SortUpdated, SortTitle, SortOldest}

// ResourceFilter narrows the library. Facet values match exactly.
type ResourceFilter struct {
	Type        string
	Persona     string
	Tag         string
	Community   string // a slug; SiteWide for resources that belong to no community
	Q           string // words in the title or description
	NeedsReview bool
	Sort        ResourceSort
	Limit       int
	Cursor      string
}

// SiteWide is the community filter value for resources of no community.
const SiteWide = "-"

// Facets count the resources matching a filter by each facet value.
type Facets struct {
	Types       []FacetCount
	Personas    []FacetCount
	Tags        []FacetCount
	Communities []FacetCount // Value is the slug ("-" for site-wide), Label the name
	Total       int
}

// Clone returns a copy whose lists can be changed without changing f's.
func (f Facets) Clone() Facets {
	return Facets{Types: slices.Clone(f.Types), Personas: slices.Clone(f.Personas), Tags: slices.Clone(f.Tags),
		Communities: slices.Clone(f.Communities), Total: f.Total}
}

// Add adds the counts of more resources, value by value.
func (f *Facets) Add(more Facets) {
	add := func(to []FacetCount, more []FacetCount) []FacetCount {
		at := map[string]int{}
		for i, c := range to {
			at[c.Value] = i
		}
		for _, c := range more {
			if i, ok := at[c.Value]; ok {
				to[i].Count += c.Count
			} else {
				to = append(to, c)
			}
		}
		return to
	}
	f.Types, f.Personas, f.Tags = add(f.Types, more.Types), add(f.Personas, more.Personas), add(f.Tags, more.Tags)
	f.Communities = add(f.Communities, more.Communities)
	f.Total += more.Total
}

// Top orders each facet most used first (then by value) and keeps its first n values.
func (f *Facets) Top(n int) {
	top := func(cs []FacetCount) []FacetCount {
		slices.SortFunc(cs, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		return cs[:min(n, len(cs))]
	}
	f.Types, f.Personas, f.Tags, f.Communities = top(f.Types), top(f.Personas), top(f.Tags), top(f.Communities)
}

// FacetCount is one value of a facet and how many resources have it.
type FacetCount struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Similar is a near-duplicate of a resource: another resource and how much of
// their text they share (Jaccard similarity of word shingles, 0 to 1).
type Similar struct {
	ID        int64         `json:"id"`
	Title     string        `json:"title"`
	Community *CommunityRef `json:"community"`
	Score     float64       `json:"score"`
	Reason    string        `json:"reason"` // "same text" or "same url"
}

// CanEditResource reports whether the viewer (with their role in the resource's
// community) may change, merge or delete it: whoever wrote it, the community's
// facilitators and core team, and admins.
func (v Viewer) CanEditResource(r *Resource) bool {
	switch {
	case v.User == nil:
		return false
	case v.admin(), r.CreatedByID != 0 && r.CreatedByID == v.User.ID:
		return true
	}
	return r.Community != nil && (v.Role == RoleFacilitator || v.Role == RoleCore)
}

// CanReviewResource reports whether the viewer may vouch that a resource is still
// accurate: its editors and, in a community, any of its members.
func (v Viewer) CanReviewResource(r *Resource) bool {
	return v.CanEditResource(r) || v.User != nil && r.Community != nil && v.Role != ""
}

// AuthorizeResourceCreate checks that the viewer may add a resource to community c
// (nil: the site-wide library, open to anyone signed in). Any member of a
// community adds to its library (seed 002: members "contribute to the resources").
func (v Viewer) AuthorizeResourceCreate(c *Community) error {
	switch {
	case v.User == nil:
		return v.denied("")
	case c == nil:
		return nil
	}
	if err := Writable(c); err != nil {
		return err
	}
	if v.Role == "" && !v.admin() {
		return v.denied("Join %s to add resources to its library.", c.Name)
	}
	return nil
}

// AuthorizeResourceEdit checks that the viewer may change r, which belongs to c
// (nil when site-wide).
func (v Viewer) AuthorizeResourceEdit(r *Resource, c *Community) error {
	if !v.CanEditResource(r) {
		if v.User == nil {
			return v.denied("")
		}
		return v.denied("Only whoever added %q, the facilitators of its community or an admin can change it.", r.Title)
	}
	if c != nil {
		return Writable(c)
	}
	return nil
}

type operatorKey struct{}

// AsOperator marks ctx as the site's operator: the command line, run by whoever
// holds the database, imports on behalf of nobody in particular, so the store
// skips the checks it makes of people.
func AsOperator(ctx context.Context) context.Context {
	return context.WithValue(ctx, operatorKey{}, true)
}

// IsOperator reports whether ctx was marked by AsOperator.
func IsOperator(ctx context.Context) bool {
	b, _ := ctx.Value(operatorKey{}).(bool)
	return b
}
