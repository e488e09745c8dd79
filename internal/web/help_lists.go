package web

import (
	"net/http"
	"net/url"

	"github.com/copse-dev/copse"
)

// questionsPage is a list of questions: all of them (newest first), the unanswered
// queue (oldest first: whoever waited longest is helped first), or the reader's own.
type questionsPage struct {
	layout
	Tab       string // "all", "unanswered" or "mine"
	F         copse.QuestionFilter
	Items     []*copse.Question
	Next      string
	First     string
	Filtered  bool
	Community *copse.Community // the community the list is narrowed to
	TagAbout  string
	Status    *copse.StatusPage
	Filters   []option // the urgencies, for the filter
	// PlatformTeam is set for platform staff and admins, who are offered the site's
	// help metrics.
	PlatformTeam bool
}

// handleQuestions serves the three lists; tab says which.
func (w *Web) handleQuestions(tab string) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		f := copse.QuestionFilter{Community: q.Get("community"), Urgency: copse.Urgency(q.Get("urgency")),
			Status: copse.QuestionStatus(q.Get("status")), Tag: q.Get("tag"), Cursor: q.Get("cursor"), Limit: 30}
		p := &questionsPage{Tab: tab, Filters: urgencyFilters}
		p.Filtered = f.Community != "" || f.Urgency != "" || f.Status != "" || f.Tag != ""
		switch tab {
		case "unanswered":
			f.Unanswered, f.Sort = true, copse.SortAsked
		case "mine":
			me := copse.UserFromContext(ctx)
			if me == nil {
				w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to see your questions."))
				return
			}
			f.Author = me.Handle
		}
		if f.Community != "" && f.Community != copse.SiteWide {
			c, _, err := w.db.FindCommunity(ctx, f.Community)
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			p.Community = c
		}
		page, err := w.db.ListQuestions(ctx, f)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.F, p.Items = f, page.Items
		if page.Next != "" {
			p.Next = questionsURL(r.URL.Path, f, page.Next)
		}
		if f.Cursor != "" {
			p.First = questionsURL(r.URL.Path, f, "")
		}
		if f.Tag != "" {
			if p.TagAbout, err = w.db.TagAbout(ctx, f.Tag); err != nil {
				w.fail(rw, r, err)
				return
			}
		}
		if p.Status, err = w.db.Status(ctx); err != nil {
			w.fail(rw, r, err)
			return
		}
		p.PlatformTeam = p.Community == nil && w.canPostStatus(r)
		w.render(rw, r, http.StatusOK, "questions", p)
	})
}

// questionsURL is a list at path with f's filters and a cursor.
func questionsURL(path string, f copse.QuestionFilter, cursor string) string {
	v := url.Values{}
	for k, s := range map[string]string{"community": f.Community, "urgency": string(f.Urgency), "status": string(f.Status), "tag": f.Tag, "cursor": cursor} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// urgencyFilters name the urgencies briefly, for the list's filter.
var urgencyFilters = []option{{Value: "how-to", Label: "How-to"}, {Value: "sos", Label: "SOS"}, {Value: "outage", Label: "Suspected outage"}}

// helpOnCommunity fills the community page's latest questions.
func (w *Web) helpOnCommunity(r *http.Request, p *communityPage) error {
	if p.C.Status == copse.StatusSuggested {
		return nil
	}
	page, err := w.db.ListQuestions(r.Context(), copse.QuestionFilter{Community: p.C.Slug, Limit: 5})
	p.Questions = page.Items
	return err
}
