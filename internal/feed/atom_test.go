package feed_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/copse-dev/copse/internal/feed"
)

// TestAtomParses writes a feed with awkward text and reads it back with gofeed, a
// maintained feed parser, as a reader would: RFC 4287's required elements are there.
func TestAtomParses(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	f := &feed.Feed{Title: "Infrastructure as Code & friends", ID: feed.TagURI("copse.example.org", at, "feed:/communities/iac/feed.atom"),
		Updated: feed.Time(at), Author: feed.Person{Name: "Infrastructure as Code"},
		Links: []feed.Link{{Rel: "self", Type: "application/atom+xml", Href: "https://copse.example.org/communities/iac/feed.atom"}},
		Entries: []feed.Entry{{Title: "Lean Coffee <moves>", ID: feed.TagURI("copse.example.org", at, "event:1"), Updated: feed.Time(at),
			Links:   []feed.Link{{Rel: "alternate", Type: "text/html", Href: "https://copse.example.org/communities/iac/announcements#announcement-1"}},
			Author:  &feed.Person{Name: "Fay"},
			Content: &feed.Text{Type: "html", Body: "<p>To <strong>Thursday</strong> &amp; on.</p>"}}}}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got, err := gofeed.NewParser().Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got.FeedType != "atom" || got.Title != "Infrastructure as Code & friends" || got.UpdatedParsed == nil || len(got.Items) != 1 {
		t.Fatalf("feed %+v", got)
	}
	it := got.Items[0]
	if it.Title != "Lean Coffee <moves>" || it.GUID != "tag:copse.example.org,2026-03-02:event:1" || it.Author.Name != "Fay" ||
		!strings.Contains(it.Content, "<strong>Thursday</strong>") || it.Link != "https://copse.example.org/communities/iac/announcements#announcement-1" {
		t.Errorf("entry %+v", it)
	}
}
