package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/copse-dev/copse"
)

type directoryPage struct {
	layout
	Q, Tag, Status string
	Statuses       []copse.Status
	Filtered       bool
	Sections       []section
	MinMembers     int
	Next, First    string // links to the next and the first page
}

// section is one table of the directory: seed 002's "Active Communities of
// Practice" and "Suggested Communities", then the rest.
type section struct {
	ID, Title string
	Suggested bool // shows interest rather than members
	Cards     []card
}

// handleDirectory lists communities as tables by status, filtered by a GET form
// (tag, status, words) and paged by the store's cursor.
func (w *Web) handleDirectory() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		p := &directoryPage{Q: strings.TrimSpace(q.Get("q")), Tag: strings.TrimSpace(q.Get("tag")),
			Status: q.Get("status"), Statuses: copse.Statuses}
		p.Filtered = p.Q != "" || p.Tag != "" || p.Status != ""
		f := copse.CommunityFilter{Q: p.Q, Tag: p.Tag, Cursor: q.Get("cursor")}
		status := http.StatusOK
		if p.Status != "" {
			if !slices.Contains(copse.Statuses, copse.Status(p.Status)) {
				p.Errors.add("status", "Status must be one of the choices shown")
				status = http.StatusUnprocessableEntity
			} else {
				f.Status = []copse.Status{copse.Status(p.Status)}
			}
		}
		settings, err := w.db.Settings(ctx)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.MinMembers = settings.MinMembers
		page, err := w.db.ListCommunities(ctx, f)
		if copse.ErrorCode(err) == copse.EINVALID {
			p.Errors.add("q", "This page of results has expired; start the search again")
			status, page.Items = http.StatusUnprocessableEntity, nil
		} else if err != nil {
			w.fail(rw, r, err)
			return
		}
		cards, err := w.cards(ctx, page.Items, settings.MinMembers)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Sections = sections(cards)
		if page.Next != "" {
			p.Next = directoryURL(q, page.Next)
		}
		if f.Cursor != "" {
			p.First = directoryURL(q, "")
		}
		w.render(rw, r, status, "directory", p)
	})
}

// sections groups a page of communities by status, in the order people look for them.
func sections(cards []card) []section {
	out := []section{
		{ID: "active", Title: "Active communities"},
		{ID: "suggested", Title: "Suggested communities", Suggested: true},
		{ID: "forming", Title: "Forming communities"},
		{ID: "dormant", Title: "Dormant communities"},
		{ID: "archived", Title: "Archived communities"},
	}
	for _, c := range cards {
		for i := range out {
			if out[i].ID == string(c.Status) {
				out[i].Cards = append(out[i].Cards, c)
			}
		}
	}
	return slices.DeleteFunc(out, func(s section) bool { return len(s.Cards) == 0 })
}

// directoryURL is the directory with the same filters at another page.
func directoryURL(q url.Values, cursor string) string {
	v := url.Values{}
	for _, k := range []string{"q", "tag", "status"} {
		if s := q.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	if len(v) == 0 {
		return "/communities"
	}
	return "/communities?" + v.Encode()
}
