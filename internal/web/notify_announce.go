package web

import (
	"html/template"
	"net/http"

	"github.com/copse-dev/copse"
)

type announcementsPage struct {
	layout
	C           *copse.Community
	Items       []announcementRow
	Next        string
	CanAnnounce bool
	Title, Body string
	Subscribers int
	Email       string // the subscribe form's value after an error
}

type announcementRow struct {
	copse.Announcement
	HTML template.HTML
}

var announceFields = []field{{"title", "Title"}, {"body", "Message"}}

// handleAnnouncements lists a community's announcements, newest first, with the
// form to write one for its facilitators and core team, and the subscribe form.
func (w *Web) handleAnnouncements() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.announcementsPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "announcements", p)
	})
}

func (w *Web) announcementsPage(r *http.Request) (*announcementsPage, error) {
	ctx := r.Context()
	c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	list, err := w.db.ListAnnouncements(ctx, c.Slug, 20, r.URL.Query().Get("cursor"))
	if err != nil {
		return nil, err
	}
	p := &announcementsPage{C: c, Next: list.Next, CanAnnounce: v.CanAnnounce() && c.Status != copse.StatusArchived}
	for _, a := range list.Items {
		p.Items = append(p.Items, announcementRow{a, w.md.HTML(a.Body)})
	}
	if p.CanAnnounce {
		if p.Subscribers, err = w.db.SubscriberCount(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// handleAnnounce sends an announcement to the distribution list, the feed and the
// webhooks: the outbox delivers it.
func (w *Web) handleAnnounce() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		slug := r.PathValue("slug")
		n := copse.NewAnnouncement{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body")}
		_, err := w.db.CreateAnnouncement(r.Context(), slug, n)
		if len(copse.ErrorFields(err)) > 0 {
			p, perr := w.announcementsPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Title, p.Body = n.Title, n.Body
			p.Errors = newErrs(err, announceFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "announcements", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/communities/"+slug+"/announcements?notice=announced")
	})
}
