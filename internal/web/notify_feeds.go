package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/feed"
	"github.com/copse-dev/copse/internal/notify"
	"github.com/copse-dev/copse/internal/store"
)

// feedLength is how many entries a feed holds: readers keep what they have seen.
const feedLength = 50

// handleCommunityFeed serves a community's announcements, meetings and new
// resources as Atom.
func (w *Web) handleCommunityFeed() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		c, entries, err := w.db.CommunityFeed(r.Context(), r.PathValue("slug"), feedLength)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		page := "/communities/" + c.Slug
		f := w.atom(r, c.Name, c.Subject, page, page+"/feed.atom", c.CreatedAt, entries)
		w.writeFeed(rw, r, f, c.Visibility == copse.VisibilityPublic)
	})
}

// handleSiteFeed serves what happens in every community the reader may see.
func (w *Web) handleSiteFeed() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		entries, err := w.db.SiteFeed(r.Context(), feedLength)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		s, err := w.db.Settings(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		f := w.atom(r, s.SiteName, "Announcements, meetings and new resources of every community", "/", "/feed.atom", siteFeedDate, entries)
		w.writeFeed(rw, r, f, copse.UserFromContext(r.Context()) == nil)
	})
}

// siteFeedDate dates the site feed's tag URI, which must never change.
var siteFeedDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (w *Web) atom(r *http.Request, title, subtitle, page, self string, since time.Time, entries []store.FeedEntry) *feed.Feed {
	host := r.Host
	if w.cfg.BaseURL != nil {
		host = w.cfg.BaseURL.Hostname()
	}
	f := &feed.Feed{Title: title, Subtitle: subtitle, ID: feed.TagURI(host, since, "feed:"+self),
		Links: []feed.Link{{Rel: "alternate", Type: "text/html", Href: w.absolute(r, page)},
			{Rel: "self", Type: "application/atom+xml", Href: w.absolute(r, self)}},
		Author: feed.Person{Name: title, URI: w.absolute(r, page)}, Updated: feed.Time(since)}
	for i, e := range entries {
		d := notify.Describe(w.cfg.BaseURL, w.md, e.Event, e.Community, e.CommunityName)
		if i == 0 {
			f.Updated = feed.Time(e.CreatedAt)
		}
		link := d.URL
		switch {
		case link == "":
			link = w.absolute(r, "/communities/"+e.Community)
		case link[0] == '/': // no --base-url: the request says where the site is
			link = w.absolute(r, link)
		}
		author := e.CommunityName
		if author == "" {
			author = title
		}
		f.Entries = append(f.Entries, feed.Entry{
			Title: d.Title, ID: feed.TagURI(host, e.CreatedAt, fmt.Sprintf("event:%d", e.ID)),
			Updated: feed.Time(e.CreatedAt), Published: feed.Time(e.CreatedAt),
			Links:    []feed.Link{{Rel: "alternate", Type: "text/html", Href: link}},
			Author:   &feed.Person{Name: author},
			Category: &feed.Category{Term: e.Kind, Label: copse.Kind(e.Kind).Title},
			Summary:  &feed.Text{Type: "text", Body: d.Text},
			Content:  &feed.Text{Type: "html", Body: string(d.HTML)},
		})
	}
	return f
}

func (w *Web) writeFeed(rw http.ResponseWriter, r *http.Request, f *feed.Feed, public bool) {
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	if public {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		h.Set("Cache-Control", "private, no-store")
	}
	rw.Write(buf.Bytes()) //nolint:errcheck // the reader went away
}
