// Package stackexchange reads a Stack Exchange data dump — Posts.xml, Users.xml,
// Votes.xml and Tags.xml, as archive.org publishes them per site — so that a
// community can bring its Q&A history into copse with its accepted answers,
// authors, dates and scores, and with the attribution that CC BY-SA asks for.
package stackexchange

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Post types of the dump that copse imports; the others (tag wikis, moderator
// nominations) are not Q&A.
const (
	typeQuestion = "1"
	typeAnswer   = "2"
	typeExcerpt  = "4" // a tag's short description
)

// Vote type 1 is "accepted by originator": its date is when the answer was accepted.
const voteAccepted = "1"

// Post is a row of Posts.xml, with the attributes copse uses.
type Post struct {
	ID, Type, ParentID, AcceptedAnswerID string
	Title, Body, Tags                    string
	OwnerUserID, OwnerDisplayName        string
	Score                                int
	Created, Edited, Closed              time.Time
	License                              string
}

// User is a row of Users.xml.
type User struct {
	ID, Name string
}

// Dump is a site's dump, read whole: small sites are a few megabytes, and even the
// larger ones fit in memory comfortably beside a copse.
type Dump struct {
	Questions   []*Post            // by id
	Answers     map[string][]*Post // by question id, oldest first
	Users       map[string]User
	Excerpts    map[string]string    // tag name → its excerpt
	AcceptedAt  map[string]time.Time // answer id → when it was accepted
	Unsupported int                  // rows of post types copse does not import
}

// Locate returns the folder of dir that holds Posts.xml: dir itself, or its "data"
// folder, where an unpacked archive or a copy with its licence notes often keeps it.
func Locate(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, "Posts.xml")); err != nil {
		if _, err := os.Stat(filepath.Join(dir, "data", "Posts.xml")); err == nil {
			return filepath.Join(dir, "data")
		}
	}
	return dir
}

// Read reads the dump in dir (or its "data" folder, see Locate). Posts.xml is
// required; Users.xml, Votes.xml and Tags.xml add the authors' names, the
// acceptance dates and the tags' descriptions.
func Read(dir string) (*Dump, error) {
	dir = Locate(dir)
	d := &Dump{Answers: map[string][]*Post{}, Users: map[string]User{}, Excerpts: map[string]string{}, AcceptedAt: map[string]time.Time{}}
	excerpts := map[string]string{} // post id → body
	err := eachRow(filepath.Join(dir, "Posts.xml"), true, func(a attrs) error {
		p := &Post{ID: a["Id"], Type: a["PostTypeId"], ParentID: a["ParentId"], AcceptedAnswerID: a["AcceptedAnswerId"],
			Title: a["Title"], Body: a["Body"], Tags: a["Tags"], OwnerUserID: a["OwnerUserId"], OwnerDisplayName: a["OwnerDisplayName"],
			License: a["ContentLicense"]}
		p.Score, _ = strconv.Atoi(a["Score"])
		var err error
		if p.Created, err = parseTime(a["CreationDate"]); err != nil || p.ID == "" {
			return fmt.Errorf("post %q: no CreationDate or Id", p.ID)
		}
		p.Edited, _ = parseTime(a["LastEditDate"])
		p.Closed, _ = parseTime(a["ClosedDate"])
		switch p.Type {
		case typeQuestion:
			d.Questions = append(d.Questions, p)
		case typeAnswer:
			d.Answers[p.ParentID] = append(d.Answers[p.ParentID], p)
		case typeExcerpt:
			excerpts[p.ID] = p.Body
		default:
			d.Unsupported++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(filepath.Join(dir, "Users.xml"), false, func(a attrs) error {
		d.Users[a["Id"]] = User{ID: a["Id"], Name: a["DisplayName"]}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(filepath.Join(dir, "Votes.xml"), false, func(a attrs) error {
		if a["VoteTypeId"] == voteAccepted {
			if at, err := parseTime(a["CreationDate"]); err == nil {
				d.AcceptedAt[a["PostId"]] = at
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(filepath.Join(dir, "Tags.xml"), false, func(a attrs) error {
		name := a["TagName"]
		if body, ok := excerpts[a["ExcerptPostId"]]; ok && name != "" {
			d.Excerpts[name] = strings.TrimSpace(body)
		} else if name != "" {
			d.Excerpts[name] = ""
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(d.Questions, func(i, j int) bool { return idLess(d.Questions[i].ID, d.Questions[j].ID) })
	for _, as := range d.Answers {
		sort.Slice(as, func(i, j int) bool { return as[i].Created.Before(as[j].Created) })
	}
	return d, nil
}

func idLess(a, b string) bool {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	return x < y
}

// The dump's times are UTC without a zone, to the millisecond.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("no time")
	}
	return time.ParseInLocation("2006-01-02T15:04:05.999", s, time.UTC)
}

type attrs map[string]string

// eachRow calls fn with the attributes of every <row> of an XML file, reading it as
// a stream. A missing optional file is no rows; a missing required one an error.
func eachRow(path string, required bool, fn func(attrs) error) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	dec := xml.NewDecoder(skipBOM(f))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Local != "row" {
			continue
		}
		a := attrs{}
		for _, at := range el.Attr {
			a[at.Name.Local] = at.Value
		}
		if err := fn(a); err != nil {
			return fmt.Errorf("%s, line %d: %w", filepath.Base(path), lineOf(dec), err)
		}
	}
}

func lineOf(dec *xml.Decoder) int {
	line, _ := dec.InputPos()
	return line
}

// skipBOM drops a UTF-8 byte order mark, which the dump's files start with and
// encoding/xml does not expect.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) //nolint:errcheck // the three bytes were just peeked
	}
	return br
}
