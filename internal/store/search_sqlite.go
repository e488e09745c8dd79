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

// searchSQLite finds a page of results with FTS5, then asks FTS5 for the
// highlights of that page only: snippet() costs far more than the match.
func (tx *Tx) searchSQLite(ctx context.Context, s *searchQuery) ([]copse.SearchResult, error) {
	match := matchSQLite(s.words, s.prefix)
	where := append([]string{"search_fts MATCH ?"}, s.where...)
	args := append([]any{match}, s.args...)
	if s.after != nil {
		where = append(where, "("+bm25SQLite+" > ? OR "+bm25SQLite+" = ? AND d.id > ?)")
		args = append(args, s.after.score, s.after.score, s.after.id)
	}
	q := `SELECT d.id, d.kind, d.ref_id, d.title, coalesce(c.slug, ''), coalesce(c.name, ''), ` + bm25SQLite + `
		FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid LEFT JOIN communities c ON c.id = d.community_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + bm25SQLite + `, d.id LIMIT ?`
	rows, err := tx.query(ctx, q, append(args, s.limit)...)
	if err != nil {
		return nil, err
	}
	type found struct {
		kind, title, slug, name string
		ref                     int64
	}
	var (
		page []found
		ids  []any
	)
	for rows.Next() {
		var (
			f found
			k searchKey
		)
		if err := rows.Scan(&k.id, &f.kind, &f.ref, &f.title, &f.slug, &f.name, &k.score); err != nil {
			rows.Close()
			return nil, err
		}
		page, ids, s.keys = append(page, f), append(ids, k.id), append(s.keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(page) == 0 {
		return nil, err
	}
	titles, snippets := map[int64]string{}, map[int64]string{}
	rows, err = tx.query(ctx, `SELECT rowid, highlight(search_fts, 0, ?, ?), snippet(search_fts, 1, ?, ?, '…', 24)
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
		id := s.keys[i].id
		out[i] = result(f.kind, f.ref, f.title, f.slug, f.name, titles[id], snippets[id])
	}
	return out, rows.Err()
}
