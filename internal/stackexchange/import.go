package stackexchange

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// Options say where the dump came from and where its questions go.
type Options struct {
	// Site is the dump's site, such as conlang.meta.stackexchange.com: the links back
	// to each original post and author are made from it. The folder's name is used
	// when it looks like a site.
	Site string
	// Community is the slug of the community that receives the questions; "" files
	// them site-wide.
	Community string
	// Batch is how many questions each transaction writes (default 100).
	Batch int
}

// Summary is what an import did, for the closing line of the command.
type Summary struct {
	Questions, Answers, Accepted int
	New, Refreshed               int
	People                       int
	Unsupported                  int            // posts of other types (tag wikis…), not imported
	Median, P90                  *time.Duration // time to the first answer by someone else
}

var siteRE = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+$`)

// SiteOf returns the site a dump folder is named after, or "".
func SiteOf(dir string) string {
	if base := strings.ToLower(filepath.Base(filepath.Clean(dir))); siteRE.MatchString(base) {
		return base
	}
	return ""
}

// Import reads the dump in dir and writes it through the store, a batch at a time;
// progress hears how many questions are done. Importing again refreshes what was
// imported and adds nothing twice: everything is keyed by the dump's own ids.
func Import(ctx context.Context, db *store.DB, dir string, opt Options, progress func(done, total int)) (*Summary, error) {
	if opt.Site == "" {
		opt.Site = SiteOf(Locate(dir))
		if opt.Site == "" && Locate(dir) != dir {
			opt.Site = SiteOf(dir)
		}
	}
	opt.Site = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(opt.Site), "https://"), "http://"), "/")
	if !siteRE.MatchString(opt.Site) {
		return nil, errors.New("name the dump's site, such as --site conlang.meta.stackexchange.com: the licence asks for a link to each original post")
	}
	if opt.Batch <= 0 {
		opt.Batch = 100
	}
	d, err := Read(dir)
	if err != nil {
		return nil, err
	}
	s := &Summary{Unsupported: d.Unsupported}
	var waits []time.Duration
	origin := "stackexchange:" + opt.Site
	for i := 0; i < len(d.Questions); i += opt.Batch {
		b := store.ImportBatch{Origin: origin, Community: opt.Community, People: map[string]store.ImportedPerson{}}
		if i == 0 {
			b.Tags = d.tagDescriptions()
		}
		for _, p := range d.Questions[i:min(i+opt.Batch, len(d.Questions))] {
			b.Questions = append(b.Questions, d.question(opt.Site, p, b.People))
		}
		n, err := db.ImportQuestions(ctx, b)
		if err != nil {
			return nil, err
		}
		s.Questions, s.Answers, s.Accepted = s.Questions+n.Questions, s.Answers+n.Answers, s.Accepted+n.Accepted
		s.New, s.Refreshed, s.People = s.New+n.New, s.Refreshed+n.Refreshed, s.People+n.People
		waits = append(waits, n.FirstAnswers...)
		if progress != nil {
			progress(min(i+opt.Batch, len(d.Questions)), len(d.Questions))
		}
	}
	slices.Sort(waits)
	s.Median, s.P90 = copse.Percentile(waits, 50), copse.Percentile(waits, 90)
	return s, nil
}

// question turns a question row and its answers into the store's shape, adding
// their authors to people.
func (d *Dump) question(site string, p *Post, people map[string]store.ImportedPerson) store.ImportedQuestion {
	q := store.ImportedQuestion{ImportedPost: d.post(site, "q", p, people), Title: p.Title, Tags: splitTags(p.Tags)}
	if !p.Closed.IsZero() {
		q.ClosedAt = &p.Closed
	}
	for _, a := range d.Answers[p.ID] {
		q.Answers = append(q.Answers, d.post(site, "a", a, people))
		if a.ID == p.AcceptedAnswerID {
			q.AcceptedKey = a.ID
			at, ok := d.AcceptedAt[a.ID]
			if !ok { // no vote row: the answer was accepted no earlier than it was written
				at = a.Created
			}
			q.AcceptedAt = &at
		}
	}
	return q
}

// post is a post's words and credits: a link to the original ("/q/ID" or "/a/ID",
// which Stack Exchange keeps stable) and to its author's profile.
func (d *Dump) post(site, kind string, p *Post, people map[string]store.ImportedPerson) store.ImportedPost {
	out := store.ImportedPost{Key: p.ID, Body: p.Body, Score: p.Score, CreatedAt: p.Created,
		URL: "https://" + site + "/" + kind + "/" + p.ID, License: p.License}
	if !p.Edited.IsZero() {
		out.EditedAt = &p.Edited
	}
	if out.License == "" {
		out.License = "CC BY-SA 3.0" // the licence of dumps from before posts carried one
	}
	switch {
	case p.OwnerUserID != "":
		u, ok := d.Users[p.OwnerUserID]
		if !ok {
			u = User{ID: p.OwnerUserID, Name: "user" + p.OwnerUserID}
		}
		out.Author = u.ID
		people[u.ID] = store.ImportedPerson{Key: u.ID, Name: u.Name, ProfileURL: "https://" + site + "/users/" + u.ID}
	case p.OwnerDisplayName != "": // a deleted account: only the name is left
		key := "name:" + p.OwnerDisplayName
		out.Author = key
		people[key] = store.ImportedPerson{Key: key, Name: p.OwnerDisplayName}
	}
	return out
}

func (d *Dump) tagDescriptions() map[string]string {
	out := make(map[string]string, len(d.Excerpts))
	for name, about := range d.Excerpts {
		if tags := copse.CleanTags([]string{name}); len(tags) == 1 {
			out[tags[0]] = about
		}
	}
	return out
}

// splitTags reads the dump's "<discussion><on-topic>" (or, in newer dumps,
// "|discussion|on-topic|").
func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '<' || r == '>' || r == '|' })
}

// String is the summary as the command prints it.
func (s *Summary) String() string {
	median, p90 := "none answered", ""
	if s.Median != nil {
		median, p90 = copse.DurationWords(*s.Median), copse.DurationWords(*s.P90)
	}
	line := fmt.Sprintf("%d questions (%d new, %d already imported), %d answers, %d accepted; median time to first answer %s",
		s.Questions, s.New, s.Refreshed, s.Answers, s.Accepted, median)
	if p90 != "" {
		line += ", 90th percentile " + p90
	}
	return line + fmt.Sprintf("; %d placeholder accounts for the authors", s.People)
}
