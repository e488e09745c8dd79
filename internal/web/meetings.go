package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// upcomingShown is how many coming meetings the meetings page lists, from the next
// six months.
const upcomingShown = 6

type meetingsPage struct {
	layout
	C         *copse.Community
	Upcoming  []scheduleRow
	History   []historyRow
	Years     []int
	Year      int
	Q         string
	Next      string // the history's next page
	Cadence   string
	FeedURL   string // the community's calendar, for calendar apps
	Webcal    string
	CanManage bool
	Archived  bool
	Searched  bool
}

// historyRow is a past meeting in the history, with a heading before the first
// meeting of each year.
type historyRow struct {
	M           *copse.Meeting
	When        when
	URL         string
	Notes       string // the start of the notes, as plain text
	YearHeading int
}

// handleMeetings shows a community's coming meetings and its history by year, which
// can be searched: "what did we decide about X?"
func (w *Web) handleMeetings() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		q := r.URL.Query()
		now := w.db.Now()
		p := &meetingsPage{C: c, Q: strings.TrimSpace(q.Get("q")), Archived: c.Status == copse.StatusArchived,
			CanManage: v.CanManageMeetings() && c.Status != copse.StatusArchived}
		if c.Cadence != nil {
			p.Cadence = c.Cadence.Description
		}
		p.FeedURL, p.Webcal = w.feedURLs(r, "/communities/"+c.Slug+"/calendar.ics")
		if y := q.Get("year"); y != "" {
			if p.Year, err = strconv.Atoi(y); err != nil {
				w.fail(rw, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"year": "must be a year such as 2026"}})
				return
			}
		}
		p.Searched = p.Q != "" || p.Year != 0
		items, err := w.db.Schedule(ctx, c.Slug, now, now.AddDate(0, 6, 0), upcomingShown)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Upcoming = scheduleRows(items, now)
		page, err := w.db.ListMeetings(ctx, c.Slug, store.MeetingFilter{Q: p.Q, Year: p.Year, Past: true, Limit: 20, Cursor: q.Get("cursor")})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		last := 0
		for _, m := range page.Items {
			row := historyRow{M: m, When: newWhen(m.StartsAt, m.EndsAt, m.Timezone, now), URL: meetingURL(c.Slug, m.ID), Notes: w.md.Text(m.Notes, 240)}
			if y := m.StartsAt.In(zone(m.Timezone)).Year(); y != last {
				row.YearHeading, last = y, y
			}
			p.History = append(p.History, row)
		}
		if page.Next != "" {
			next := url.Values{"cursor": {page.Next}}
			if p.Q != "" {
				next.Set("q", p.Q)
			}
			if p.Year != 0 {
				next.Set("year", strconv.Itoa(p.Year))
			}
			p.Next = "/communities/" + c.Slug + "/meetings?" + next.Encode() + "#history-title"
		}
		if p.Years, err = w.db.MeetingYears(ctx, c.ID); err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "meetings", p)
	})
}

func zone(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// feedURLs returns a feed's address for copying and as a webcal:// link, which
// calendar apps open to subscribe.
func (w *Web) feedURLs(r *http.Request, path string) (https, webcal string) {
	base := "http://" + r.Host
	if w.cfg.BaseURL != nil {
		base = strings.TrimSuffix(w.cfg.BaseURL.String(), "/")
	}
	https = base + path
	_, rest, _ := strings.Cut(https, "://")
	return https, "webcal://" + rest
}

// meetingsOnCommunity fills the community page's next meeting and most wanted topics.
func (w *Web) meetingsOnCommunity(r *http.Request, p *communityPage) error {
	if p.C.Status == copse.StatusSuggested {
		return nil
	}
	now := w.db.Now()
	items, err := w.db.Schedule(r.Context(), p.C.Slug, now.Add(-2*time.Hour), now.AddDate(1, 0, 0), 4)
	if err != nil {
		return err
	}
	for _, row := range scheduleRows(items, now) {
		if row.Item.Status != copse.MeetingCancelled && row.Item.EndsAt.After(now) {
			p.Next = &row
			break
		}
	}
	p.TopTopics, err = w.db.TopTopics(r.Context(), p.C.ID, p.C.Slug, 3)
	return err
}
