package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestNotificationPages: each page of announcements, subscriptions, preferences,
// webhooks and deliveries answers the right people, refuses the others, and is
// clean HTML (see lintHTML).
func TestNotificationPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		if _, err := db.CreateAnnouncement(s.ada.ctx(), "iac", copse.NewAnnouncement{Title: "Lean Coffee moves", Body: "To **Thursday**."}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FanOut(context.Background(), 100); err != nil {
			t.Fatal(err)
		}
		_, jobs, err := db.ClaimDeliveries(context.Background(), 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		var bobToken string
		for _, j := range jobs {
			if j.Recipient == "bob@example.org" && j.Event.Kind == "announcement" {
				bobToken = j.ListToken
			}
		}
		if bobToken == "" {
			t.Fatal("no mail for bob")
		}
		for _, p := range []struct {
			who    *client
			path   string
			status int
		}{
			{s.anon, "/communities/iac/announcements", 200},
			{s.bob, "/communities/iac/announcements", 200},
			{s.ada, "/communities/iac/announcements", 200},
			{s.anon, "/communities/secret/announcements", 404},
			{s.anon, "/unsubscribe?token=" + url.QueryEscape(bobToken), 200},
			{s.anon, "/unsubscribe?token=forged", 404},
			{s.anon, "/subscriptions/confirm?token=forged", 404},
			{s.bob, "/account/notifications", 200},
			{s.cyd, "/account/notifications", 200},
			{s.anon, "/account/notifications", 303},
			{s.ada, "/communities/iac/webhooks", 200},
			{s.root, "/communities/iac/webhooks", 200},
			{s.bob, "/communities/iac/webhooks", 403},
			{s.anon, "/communities/iac/webhooks", 303},
			{s.root, "/admin/webhooks", 200},
			{s.ada, "/admin/webhooks", 403},
			{s.root, "/admin/deliveries", 200},
			{s.root, "/admin/deliveries?status=dead", 200},
			{s.ada, "/admin/deliveries", 403},
			{s.root, "/admin/outbox", 200},
			{s.bob, "/admin/outbox", 403},
		} {
			r := p.who.get(p.path)
			if r.Status != p.status {
				t.Errorf("GET %s as %v: %d, want %d", p.path, p.who.user, r.Status, p.status)
				continue
			}
			if r.Status == 200 {
				for _, problem := range lintHTML(r.Body) {
					t.Errorf("GET %s: %s", p.path, problem)
				}
			}
		}
		// Forms shown again with their errors are clean too.
		for _, r := range []*response{
			s.ada.post("/communities/iac/announcements", form("title", "", "body", "")).expect(t, 422, "Title is required"),
			s.ada.post("/communities/iac/webhooks", form("url", "ftp://x", "format", "fax", "events", "nothing")).
				expect(t, 422, "Address must be a full https:// address", "Chat must be", "Events: &#34;nothing&#34; is not an event"),
			s.root.post("/admin/webhooks", form("url", "")).expect(t, 422, "Address is required"),
			s.anon.post("/communities/iac/subscribe", form("email", "x")).expect(t, 422, "Email must be an email address"),
		} {
			for _, problem := range lintHTML(r.Body) {
				t.Errorf("422 page: %s", problem)
			}
		}
		// The community page links its feed in its head, and offers the subscribe form.
		s.anon.get("/communities/iac").expect(t, 200, `<link rel="alternate" type="application/atom+xml" title="Infrastructure as Code" href="/communities/iac/feed.atom">`,
			`action="/communities/iac/subscribe"`)
		// The unsubscribe page holds the secret link: it is never cached.
		if cc := s.anon.get("/unsubscribe?token=" + url.QueryEscape(bobToken)).Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("unsubscribe page Cache-Control %q", cc)
		}
	})
}

// TestAnnounceSubscribeUnsubscribe follows the forms: a facilitator announces (and
// sees what is wrong with an empty form), a reader subscribes and confirms, and a
// mail client's RFC 8058 one-click POST unsubscribes.
func TestAnnounceSubscribeUnsubscribe(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		s.ada.post("/communities/iac/announcements", form("title", "", "body", "")).
			expect(t, 422, "There is a problem", "Title is required", "Message is required")
		r := s.ada.post("/communities/iac/announcements", form("title", "Lean Coffee moves", "body", "To **Thursday**."))
		if r.Status != 303 || r.location() != "/communities/iac/announcements?notice=announced" {
			t.Fatalf("announce: %d %s", r.Status, r.location())
		}
		s.bob.post("/communities/iac/announcements", form("title", "Mine", "body", "x")).expect(t, 403)
		s.anon.get("/communities/iac/announcements").expect(t, 200, "Lean Coffee moves", "<strong>Thursday</strong>")

		s.anon.post("/communities/iac/subscribe", form("email", "nope")).expect(t, 422, "Email must be an email address")
		s.anon.post("/communities/iac/subscribe", form("email", "reader@example.org")).expect(t, 202, "Check your inbox")
		db.FanOut(context.Background(), 100)
		_, jobs, err := db.ClaimDeliveries(context.Background(), 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		var confirm string
		for _, j := range jobs {
			if j.Recipient == "reader@example.org" {
				confirm = j.ListToken
			}
		}
		s.anon.get("/subscriptions/confirm?token="+url.QueryEscape(confirm)).expect(t, 200, "Confirm my subscription")
		s.anon.post("/subscriptions/confirm", form("token", confirm)).expect(t, 200, "You are subscribed", "reader@example.org")

		db.CreateAnnouncement(s.ada.ctx(), "iac", copse.NewAnnouncement{Title: "Second", Body: "x"})
		db.FanOut(context.Background(), 100)
		_, jobs, _ = db.ClaimDeliveries(context.Background(), 100, 0)
		var token string
		for _, j := range jobs {
			if j.Recipient == "reader@example.org" {
				token = j.ListToken
			}
		}
		// As a mail provider sends it: no cookie, no browser headers.
		req := httptest.NewRequest(http.MethodPost, "/unsubscribe?token="+url.QueryEscape(token), strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		s.anon.do(req).expect(t, 200, "You are unsubscribed")

		s.bob.post("/account/notifications", form("frequency-iac", "weekly")).expect(t, 303)
		s.bob.get("/account/notifications").expect(t, 200, `<option value="weekly" selected>`)
	})
}

// TestAtomFeeds parses the community's and the site's feeds with gofeed, as a feed
// reader would: ids, updated, authors and links are there, and members-only
// communities stay out of the site feed.
func TestAtomFeeds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		db.CreateAnnouncement(s.ada.ctx(), "iac", copse.NewAnnouncement{Title: "Lean Coffee moves", Body: "To **Thursday**."})
		db.CreateAnnouncement(s.ada.ctx(), "secret", copse.NewAnnouncement{Title: "Hush", Body: "x"})
		r := s.anon.get("/communities/iac/feed.atom").expect(t, 200)
		if ct := r.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		f, err := gofeed.NewParser().ParseString(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		if f.FeedType != "atom" || f.Title != "Infrastructure as Code" || len(f.Items) != 1 || f.UpdatedParsed == nil {
			t.Fatalf("feed %s %q, %d items", f.FeedType, f.Title, len(f.Items))
		}
		it := f.Items[0]
		if it.Title != "Lean Coffee moves" || !strings.HasPrefix(it.GUID, "tag:") || it.UpdatedParsed == nil || len(it.Authors) == 0 ||
			!strings.HasSuffix(it.Link, "/communities/iac/announcements#announcement-1") || !strings.Contains(it.Content, "<strong>Thursday</strong>") {
			t.Errorf("entry %+v", it)
		}
		site, err := gofeed.NewParser().ParseString(s.anon.get("/feed.atom").expect(t, 200).Body)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range site.Items {
			if it.Title == "Hush" {
				t.Error("a members-only announcement is in the public site feed")
			}
		}
		s.anon.get("/communities/secret/feed.atom").expect(t, 404)
		s.anon.get("/").expect(t, 200, `<link rel="alternate" type="application/atom+xml" title="copse" href="/feed.atom">`)
	})
}
