// Package feed writes Atom feeds (RFC 4287): a community's announcements, meetings
// and new resources, and the whole site's, for feed readers and for chat tools
// that follow feeds.
package feed

import (
	"encoding/xml"
	"io"
	"time"
)

// Feed is an Atom feed.
type Feed struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string   `xml:"title"`
	Subtitle string   `xml:"subtitle,omitempty"`
	ID       string   `xml:"id"`
	Updated  string   `xml:"updated"`
	Links    []Link   `xml:"link"`
	Author   Person   `xml:"author"`
	Icon     string   `xml:"icon,omitempty"`
	Entries  []Entry  `xml:"entry"`
}

// Link is an atom:link.
type Link struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// Person is an atom:author.
type Person struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// Entry is an atom:entry.
type Entry struct {
	Title     string    `xml:"title"`
	ID        string    `xml:"id"`
	Updated   string    `xml:"updated"`
	Published string    `xml:"published,omitempty"`
	Links     []Link    `xml:"link"`
	Author    *Person   `xml:"author,omitempty"`
	Category  *Category `xml:"category,omitempty"`
	Summary   *Text     `xml:"summary,omitempty"`
	Content   *Text     `xml:"content,omitempty"`
}

// Category is an atom:category: the kind of event.
type Category struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Text is an atom text construct; Type "html" carries escaped HTML.
type Text struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

// Time formats a time as Atom wants it (RFC 3339).
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// TagURI is a permanent entry or feed id (RFC 4151): it never changes when the site
// moves or the title does.
func TagURI(host string, date time.Time, specific string) string {
	return "tag:" + host + "," + date.UTC().Format("2006-01-02") + ":" + specific
}

// WriteTo writes the feed as XML.
func (f *Feed) WriteTo(w io.Writer) (int64, error) {
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return 0, err
	}
	n, err := io.WriteString(w, xml.Header+string(b)+"\n")
	return int64(n), err
}
