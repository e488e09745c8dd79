package store

import (
	"context"
	"strings"

	"github.com/copse-dev/copse"
)

// bm25SQLite ranks with FTS5's BM25, a title match counting ten times a body
// match; lower is better.
const bm25SQLite = "bm25(search_fts, 10.0, 1.0)"

// matchSQLite is the FTS5 query for the words: each a quoted string, so nothing a
// reader types is taken as FTS5 syntax; the last also as a prefix while the reader
// is still typing it. The porter tokenizer stems the quoted words as it stemmed
// the text.
func matchSQLite(words []string, prefix bool) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + w + `"`
		if prefix && i == len(words)-1 {
			parts[i] = `("` + w + `" OR "` + w + `"*)`
		}
	}
	return strings.Join(parts, " AND ")
}

// found is a result before its highlights.
type found struct {
	kind, title, slug, name string
	ref                     int64
	key                     searchKey
}

// completeWord is how many documents must hold a last word, as typed, for
// searchSQLite to take it as complete rather than also as a prefix.
const completeWord = 100

// rankRounds is how many batches of the best matches searchSQLite checks against
// what the viewer may read before it lets one query do both.
const rankRounds = 3

// searchSQLite finds a page of results, then asks FTS5 for the highlights of that
// page only: snippet() costs far more than the match.
//
// Ranking is most of a search's cost, and joining every match to its document to
// check who may read it before ranking more than doubles it (some 12,000 matches
// for a common word at the bench's medium size). So the best matches are ranked
// from the index alone, a batch at a time, and only each batch is checked; when
// the viewer may read few of the matches, a bounded number of batches is tried
// before one query ranks and checks the rest together.
func (tx *Tx) searchSQLite(ctx context.Context, s *searchQuery) ([]copse.SearchResult, error) {
	prefix := s.prefix
	if prefix {
		// A last word that many documents hold as it is was typed to the end
		// ("openshift", not "kube"): its prefix would find little more, and FTS5
		// merges the lists of every word that begins with it on each query, the
		// highlights' too — most of a search's cost.
		var n int
		err := tx.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)`,
			matchSQLite(s.words[len(s.words)-1:], false), completeWord).Scan(&n)
		if err != nil {
			return nil, err
		}
		prefix = n < completeWord
	}
	match := matchSQLite(s.words, prefix)
	var page []found
	after, batch := s.after, 4*s.limit
	for round := 0; len(page) < s.limit; round++ {
		if round == rankRounds {
			rest, err := tx.rankAndCheck(ctx, s, match, after, s.limit-len(page))
			if err != nil {
				return nil, err
			}
			page = append(page, rest...)
			break
		}
		keys, err := tx.rankBatch(ctx, match, after, batch)
		if err != nil {
			return nil, err
		}
		readable, err := tx.checkBatch(ctx, s, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if f, ok := readable[k.id]; ok && len(page) < s.limit {
				f.key = k
				page = append(page, f)
			}
		}
		if len(keys) < batch {
			break // every match has been seen
		}
		after, batch = &keys[len(keys)-1], batch*4
	}
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]any, len(page))
	for i, f := range page {
		ids[i] = f.key.id
		s.keys = append(s.keys, f.key)
	}
	titles, snippets := map[int64]string{}, map[int64]string{}
	rows, err := tx.query(ctx, `SELECT rowid, highlight(search_fts, 0, ?, ?), snippet(search_fts, 1, ?, ?, '…', 24)
		FROM search_fts WHERE search_fts MATCH ? AND rowid IN (`+placeholders(len(ids))+`)`,
		append([]any{markStart, markEnd, markStart, markEnd, match}, ids...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id             int64
			title, snippet string
		)
		if err := rows.Scan(&id, &title, &snippet); err != nil {
			return nil, err
		}
		titles[id], snippets[id] = title, snippet
	}
	out := make([]copse.SearchResult, len(page))
	for i, f := range page {
		out[i] = result(f.kind, f.ref, f.title, f.slug, f.name, titles[f.key.id], snippets[f.key.id])
	}
	return out, rows.Err()
}

// rankedAfter is the condition for results after k in (score, id) order.
func rankedAfter(k *searchKey, id string) (string, []any) {
	if k == nil {
		return "", nil
	}
	return " AND (" + bm25SQLite + " > ? OR " + bm25SQLite + " = ? AND " + id + " > ?)", []any{k.score, k.score, k.id}
}

// rankBatch returns the next n best matches, from the full-text index alone.
func (tx *Tx) rankBatch(ctx context.Context, match string, after *searchKey, n int) ([]searchKey, error) {
	cond, args := rankedAfter(after, "rowid")
	rows, err := tx.query(ctx, `SELECT rowid, `+bm25SQLite+` FROM search_fts WHERE search_fts MATCH ?`+cond+`
		ORDER BY 2, rowid LIMIT ?`, append(append([]any{match}, args...), n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []searchKey
	for rows.Next() {
		var k searchKey
		if err := rows.Scan(&k.id, &k.score); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// checkBatch returns the documents of keys the viewer may read and the filters keep.
func (tx *Tx) checkBatch(ctx context.Context, s *searchQuery, keys []searchKey) (map[int64]found, error) {
	out := map[int64]found{}
	if len(keys) == 0 {
		return out, nil
	}
	ids := make([]any, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	where := append([]string{"d.id IN (" + placeholders(len(ids)) + ")"}, s.where...)
	rows, err := tx.query(ctx, `SELECT d.id, d.kind, d.ref_id, d.title, coalesce(c.slug, ''), coalesce(c.name, '')
		FROM search_documents d LEFT JOIN communities c ON c.id = d.community_id WHERE `+strings.Join(where, " AND "),
		append(ids, s.args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id int64
			f  found
		)
		if err := rows.Scan(&id, &f.kind, &f.ref, &f.title, &f.slug, &f.name); err != nil {
			return nil, err
		}
		out[id] = f
	}
	return out, rows.Err()
}

// rankAndCheck ranks the matches after the key and checks them in one query, for
// searches where the viewer may read few of the best matches.
func (tx *Tx) rankAndCheck(ctx context.Context, s *searchQuery, match string, after *searchKey, n int) ([]found, error) {
	cond, args := rankedAfter(after, "d.id")
	rows, err := tx.query(ctx, `SELECT d.id, d.kind, d.ref_id, d.title, coalesce(c.slug, ''), coalesce(c.name, ''), `+bm25SQLite+`
		FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid LEFT JOIN communities c ON c.id = d.community_id
		WHERE search_fts MATCH ? AND `+strings.Join(s.where, " AND ")+cond+` ORDER BY `+bm25SQLite+`, d.id LIMIT ?`,
		append(append(append([]any{match}, s.args...), args...), n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.key.id, &f.kind, &f.ref, &f.title, &f.slug, &f.name, &f.key.score); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
