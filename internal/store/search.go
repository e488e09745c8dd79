package store

import (
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/markdown"
)

// Search is one index over everything a reader may find — communities, resources,
// topics, meetings, questions — in the search_documents table. The store code
// that writes each kind keeps its row current by calling tx.index in the same
// transaction (and tx.unindex when the thing goes), so search never shows what
// was rolled back. SQLite searches it with FTS5 and PostgreSQL with a tsvector
// (search_sqlite.go, search_postgres.go); both apply the same visibility rule in
// SQL, before the LIMIT.

// Marks around matches: private-use characters, removed from every indexed text,
// so they can only come from the database's highlighter.
const (
	markStart = "\ue000"
	markEnd   = "\ue001"
)

var stripMarks = strings.NewReplacer(markStart, "", markEnd, "")

// index writes the search document of one thing: its kind ("community",
// "resource", "topic", "meeting", "question"), its id in its own table, the
// community it belongs to (0 for none), who may read it, and its title and plain
// text. Call it in the transaction that writes the thing. Rows with the community
// of a members-only or signed-in community are hidden by the community's rule as
// well as their own, whatever visibility is passed.
func (tx *Tx) index(ctx context.Context, kind string, id, communityID int64, visibility copse.Visibility, title, body string) error {
	if visibility == "" {
		visibility = copse.VisibilityPublic
	}
	var community any
	if communityID != 0 {
		community = communityID
	}
	title, body = stripMarks.Replace(title), stripMarks.Replace(body)
	var err error
	if tx.dialect.name() == "postgres" {
		// The tsvector is generated from title and body in the row itself.
		_, err = tx.exec(ctx, `INSERT INTO search_documents (kind, ref_id, community_id, visibility, title, body, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, ref_id) DO UPDATE SET community_id = excluded.community_id,
			visibility = excluded.visibility, title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`,
			kind, id, community, string(visibility), title, body, tx.now)
	} else {
		// SQLite keeps the words in search_fts, keyed by the document's id.
		var doc int64
		err = tx.queryRow(ctx, `INSERT INTO search_documents (kind, ref_id, community_id, visibility, title, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, ref_id) DO UPDATE SET community_id = excluded.community_id,
			visibility = excluded.visibility, title = excluded.title, updated_at = excluded.updated_at RETURNING id`,
			kind, id, community, string(visibility), title, tx.now).Scan(&doc)
		if err == nil {
			_, err = tx.exec(ctx, "DELETE FROM search_fts WHERE rowid = ?", doc)
		}
		if err == nil {
			_, err = tx.exec(ctx, "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)", doc, title, body)
		}
	}
	if err != nil {
		return fmt.Errorf("store: index %s %d: %w", kind, id, err)
	}
	return nil
}

// unindex removes a thing from search.
func (tx *Tx) unindex(ctx context.Context, kind string, id int64) error {
	_, err := tx.exec(ctx, "DELETE FROM search_documents WHERE kind = ? AND ref_id = ?", kind, id)
	return err
}

// indexCommunity (re)writes a community's search document from its row.
func (tx *Tx) indexCommunity(ctx context.Context, id int64) error {
	var name, subject, description, visibility string
	err := tx.queryRow(ctx, "SELECT name, subject, description, visibility FROM communities WHERE id = ?", id).
		Scan(&name, &subject, &description, &visibility)
	if err != nil {
		return err
	}
	return tx.index(ctx, "community", id, id, copse.Visibility(visibility), name, subject+"\n"+plainText(description))
}

// renderer turns Markdown into the plain text that is indexed; built once, on
// first use, because building it compiles goldmark's parsers and the sanitizer.
var renderer = sync.OnceValue(markdown.New)

// plainText is Markdown's words without markup, as search and snippets want them.
func plainText(md string) string {
	if strings.TrimSpace(md) == "" {
		return ""
	}
	return renderer().Text(md, 0)
}

// maxTerms bounds the words of a query, so a pasted page cannot make a query
// that costs more than it finds.
const maxTerms = 12

// terms splits a query into words of letters and digits, at most maxTerms; last
// is true when the query ends inside its last word, which then also matches as a
// prefix ("kube" finds "kubernetes" as the reader types).
func terms(q string) (words []string, prefix bool) {
	words = strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > maxTerms {
		words = words[:maxTerms]
	}
	last := []rune(q)
	prefix = len(words) > 0 && len(last) > 0 && (unicode.IsLetter(last[len(last)-1]) || unicode.IsNumber(last[len(last)-1]))
	return words, prefix
}

// Search finds what the viewer may read that matches q, best first: title matches
// weigh more than body matches. Pages follow (score, id) keysets.
func (db *DB) Search(ctx context.Context, q string, f copse.SearchFilter) (copse.Page[copse.SearchResult], error) {
	var page copse.Page[copse.SearchResult]
	if err := f.Validate(); err != nil {
		return page, err
	}
	words, prefix := terms(q)
	if len(words) == 0 {
		return page, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"q": "is required: type a few words to search for"}}
	}
	cur, err := decodeCursorParts(f.Cursor, 2)
	if err != nil {
		return page, err
	}
	var after *searchKey
	if f.Cursor != "" {
		score, err1 := strconv.ParseFloat(cur[0], 64)
		id, err2 := strconv.ParseInt(cur[1], 10, 64)
		if err1 != nil || err2 != nil {
			return page, badCursor()
		}
		after = &searchKey{score, id}
	}
	limit := copse.ClampLimit(f.Limit)
	me := copse.UserFromContext(ctx)
	where := []string{readable("d")}
	args := readableArgs(me)
	if f.Kind != "" {
		where = append(where, "d.kind = ?")
		args = append(args, f.Kind)
	}
	if f.Community != "" {
		where = append(where, "d.community_id = (SELECT sc.id FROM communities sc WHERE sc.slug = ?)")
		args = append(args, strings.ToLower(f.Community))
	}
	s := &searchQuery{words: words, prefix: prefix, where: where, args: args, after: after, limit: limit + 1}
	err = db.view(ctx, func(tx *Tx) error {
		var err error
		if tx.dialect.name() == "postgres" {
			page.Items, err = tx.searchPostgres(ctx, s)
		} else {
			page.Items, err = tx.searchSQLite(ctx, s)
		}
		return err
	})
	if err != nil {
		return page, fmt.Errorf("store: search: %w", err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := s.keys[limit-1]
		page.Next = encodeCursor(strconv.FormatFloat(last.score, 'g', -1, 64), strconv.FormatInt(last.id, 10))
	}
	if page.Items == nil {
		page.Items = []copse.SearchResult{}
	}
	return page, nil
}

// searchKey is where a result sits in the order: its score (lower is better) and
// its document id.
type searchKey struct {
	score float64
	id    int64
}

// searchQuery is a parsed search for the dialect's query builder; keys receives
// the order keys of the results, for the next page's cursor.
type searchQuery struct {
	words  []string
	prefix bool
	where  []string
	args   []any
	after  *searchKey
	limit  int
	keys   []searchKey
}

// result finishes a row: its address, and its highlights made safe.
func result(kind string, refID int64, title, slug, name, titleMarked, snippet string) copse.SearchResult {
	r := copse.SearchResult{Kind: kind, ID: strconv.FormatInt(refID, 10), Title: title,
		URL: copse.SearchURL(kind, refID, slug), TitleHTML: highlight(titleMarked), Snippet: highlight(snippet)}
	if kind == "community" {
		r.ID = slug
	}
	if slug != "" {
		r.Community = &copse.CommunityRef{Slug: slug, Name: name}
	}
	return r
}

// highlight escapes text from the database and turns its marks into <mark>: the
// only markup a snippet may carry.
func highlight(s string) string {
	s = html.EscapeString(s)
	// A mark left open by a cut snippet is closed, so the HTML stays balanced.
	open := 0
	var b strings.Builder
	for _, r := range s {
		switch string(r) {
		case markStart:
			if open == 0 {
				b.WriteString("<mark>")
			}
			open++
		case markEnd:
			if open == 1 {
				b.WriteString("</mark>")
			}
			open = max(0, open-1)
		default:
			b.WriteRune(r)
		}
	}
	if open > 0 {
		b.WriteString("</mark>")
	}
	return b.String()
}
