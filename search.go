package copse

import (
	"slices"
	"strconv"
)

// SearchResult is one thing search found: a community, a resource, a topic, a
// meeting or a question, with where to read it and the words around the match.
type SearchResult struct {
	Kind      string        `json:"kind"`
	ID        string        `json:"id"` // a community's slug; the number of anything else
	Title     string        `json:"title"`
	URL       string        `json:"url"`
	Snippet   string        `json:"snippet"` // safe HTML: escaped text, matches in <mark>
	Community *CommunityRef `json:"community"`
	TitleHTML string        `json:"-"` // the title with its matches in <mark>, escaped
}

// SearchKinds are the kinds of things search may find, in the order the search
// page offers them as filters.
var SearchKinds = []string{"community", "resource", "topic", "meeting", "question"}

// SearchFilter narrows a search.
type SearchFilter struct {
	Kind      string // one of SearchKinds, or "" for all
	Community string // a slug, or ""
	Limit     int
	Cursor    string
}

// Validate checks the filter's fields.
func (f *SearchFilter) Validate() error {
	p := Problems{}
	if f.Kind != "" && !slices.Contains(SearchKinds, f.Kind) {
		p.Add("kind", "must be one of community, resource, topic, meeting or question")
	}
	return p.Err()
}

// SearchURL is where a found thing is read, from its kind, id and community slug.
// A kind that has no page yet links to its community.
func SearchURL(kind string, id int64, slug string) string {
	switch kind {
	case "community":
		return "/communities/" + slug
	case "resource":
		return "/library/" + strconv.FormatInt(id, 10)
	case "topic":
		return "/communities/" + slug + "/topics/" + strconv.FormatInt(id, 10)
	case "meeting":
		return "/communities/" + slug + "/meetings/" + strconv.FormatInt(id, 10)
	case "question":
		return "/questions/" + strconv.FormatInt(id, 10)
	}
	if slug != "" {
		return "/communities/" + slug
	}
	return "/"
}
