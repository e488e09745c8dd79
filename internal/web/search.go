package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/copse-dev/copse"
)

// searchPage is the search form and a page of results.
type searchPage struct {
	layout
	Q, Kind, Community string
	Kinds              []option
	Communities        []option
	Results            []searchRow
	Searched           bool
	Next, First        string
}

// searchRow is a result with its highlights trusted as HTML: the store escapes
// the text and adds only <mark>.
type searchRow struct {
	copse.SearchResult
	TitleHTML template.HTML
	Snippet   template.HTML
	KindName  string
}

var kindNames = map[string]string{"community": "Community", "resource": "Resource", "topic": "Topic", "meeting": "Meeting", "question": "Question"}

// kindPlurals name the kinds in the filter.
var kindPlurals = map[string]string{"community": "Communities", "resource": "Resources", "topic": "Topics", "meeting": "Meetings", "question": "Questions"}

// handleSearch searches everything the reader may see.
func (w *Web) handleSearch() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		p := &searchPage{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Community: q.Get("community"),
			Kinds: []option{{Value: "", Label: "Everything"}}}
		for _, k := range copse.SearchKinds {
			p.Kinds = append(p.Kinds, option{Value: k, Label: kindPlurals[k]})
		}
		communities, err := w.db.ListCommunities(ctx, copse.CommunityFilter{Limit: copse.MaxLimit})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Communities = []option{{Value: "", Label: "All communities"}}
		for _, c := range communities.Items {
			p.Communities = append(p.Communities, option{Value: c.Slug, Label: c.Name})
		}
		status := http.StatusOK
		if p.Q != "" {
			cursor := q.Get("cursor")
			page, err := w.db.Search(ctx, p.Q, copse.SearchFilter{Kind: p.Kind, Community: p.Community, Limit: 20, Cursor: cursor})
			switch {
			case copse.ErrorCode(err) == copse.EINVALID:
				e := newErrs(err, []field{{"q", "Search"}, {"kind", "Kind"}}, nil)
				if copse.ErrorFields(err)["cursor"] != "" {
					e = errs{}
					e.add("q", "This page of results has expired; search again")
				}
				p.Errors, status = e, http.StatusUnprocessableEntity
			case err != nil:
				w.fail(rw, r, err)
				return
			default:
				p.Searched = true
				for _, res := range page.Items {
					p.Results = append(p.Results, searchRow{SearchResult: res, TitleHTML: template.HTML(res.TitleHTML), //nolint:gosec // escaped by the store
						Snippet: template.HTML(res.Snippet), KindName: kindNames[res.Kind]}) //nolint:gosec // escaped by the store
				}
				if page.Next != "" {
					p.Next = searchURL(p, page.Next)
				}
				if cursor != "" {
					p.First = searchURL(p, "")
				}
			}
		}
		w.render(rw, r, status, "search", p)
	})
}

func searchURL(p *searchPage, cursor string) string {
	v := url.Values{"q": {p.Q}}
	if p.Kind != "" {
		v.Set("kind", p.Kind)
	}
	if p.Community != "" {
		v.Set("community", p.Community)
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	return "/search?" + v.Encode()
}
