package store

import (
	"context"
	"strings"

	"github.com/copse-dev/copse"
)

// rankPostgres ranks with ts_rank over the tsvector whose title words carry weight
// A and body words weight B; negated so that, as with SQLite, lower is better.
const rankPostgres = "-(ts_rank('{0.1, 0.2, 0.3, 1.0}', d.tsv, q.q))::float8"

// tsqueryPostgres is the tsquery text for the words: all of them (and), the last
// also as a prefix while the reader is still typing it. The words hold letters
// and digits only, so none is read as tsquery syntax; to_tsquery stems each and
// drops stop words, as to_tsvector did when indexing.
func tsqueryPostgres(words []string, prefix bool) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = w
		if prefix && i == len(words)-1 {
			parts[i] = "(" + w + " | " + w + ":*)"
		}
	}
	return strings.Join(parts, " & ")
}

// Highlight options: the title whole, the body as up to two short fragments.
const (
	headlineTitle = "HighlightAll=true, StartSel=" + markStart + ", StopSel=" + markEnd
	headlineBody  = "StartSel=" + markStart + ", StopSel=" + markEnd + ", MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=\" … \""
)

// searchPostgres ranks and limits first, in the page CTE, so ts_headline (which
// re-parses each text) runs on one page of documents, not on every match.
func (tx *Tx) searchPostgres(ctx context.Context, s *searchQuery) ([]copse.SearchResult, error) {
	where := append([]string{"d.tsv @@ q.q"}, s.where...)
	args := append([]any{tsqueryPostgres(s.words, s.prefix)}, s.args...)
	if s.after != nil {
		where = append(where, "("+rankPostgres+" > ? OR "+rankPostgres+" = ? AND d.id > ?)")
		args = append(args, s.after.score, s.after.score, s.after.id)
	}
	args = append(args, s.limit, headlineTitle, headlineBody)
	query := `WITH q AS (SELECT to_tsquery('english', ?) AS q),
		page AS (SELECT d.id, ` + rankPostgres + ` AS score FROM search_documents d, q
			WHERE ` + strings.Join(where, " AND ") + ` ORDER BY 2, d.id LIMIT ?)
		SELECT d.id, d.kind, d.ref_id, d.title, coalesce(c.slug, ''), coalesce(c.name, ''), page.score,
			ts_headline('english', d.title, q.q, ?), ts_headline('english', d.body, q.q, ?)
		FROM page JOIN search_documents d ON d.id = page.id LEFT JOIN communities c ON c.id = d.community_id, q
		ORDER BY page.score, page.id`
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []copse.SearchResult
	for rows.Next() {
		var (
			k                                        searchKey
			kind, title, slug, name, marked, snippet string
			ref                                      int64
		)
		if err := rows.Scan(&k.id, &kind, &ref, &title, &slug, &name, &k.score, &marked, &snippet); err != nil {
			return nil, err
		}
		s.keys = append(s.keys, k)
		out = append(out, result(kind, ref, title, slug, name, marked, snippet))
	}
	return out, rows.Err()
}
