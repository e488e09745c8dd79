package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/similar"
)

// maxCandidates bounds how many resources sharing a band are compared exactly
// with a new one, the ones sharing most bands first. Boilerplate shared by many
// resources makes many candidates; none of them would pass the exact comparison.
const maxCandidates = 40

// forgetSimilar removes a resource's band keys and near-duplicate pairs.
func (tx *Tx) forgetSimilar(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM resource_similar WHERE resource_id = ? OR similar_id = ?", id, id); err != nil {
		return err
	}
	_, err := tx.exec(ctx, "DELETE FROM resource_bands WHERE resource_id = ?", id)
	return err
}

// updateSimilar stores a resource's band keys and its near-duplicate pairs with
// every resource (in any community) whose body is near enough, or whose url is
// the same.
func (tx *Tx) updateSimilar(ctx context.Context, id int64, body, url string) error {
	if err := tx.forgetSimilar(ctx, id); err != nil {
		return err
	}
	shingles := similar.Shingles(body)
	keys := similar.BandKeys(shingles)
	if len(keys) > 0 {
		q := "INSERT INTO resource_bands (hash, resource_id) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(keys)), ", ") +
			" ON CONFLICT DO NOTHING"
		args := make([]any, 0, 2*len(keys))
		for _, k := range keys {
			args = append(args, k, id)
		}
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	found, err := tx.nearDuplicates(ctx, id, shingles, keys, url)
	if err != nil {
		return err
	}
	for other, score := range found {
		a, b := min(id, other), max(id, other)
		if _, err := tx.exec(ctx, "INSERT INTO resource_similar (resource_id, similar_id, score) VALUES (?, ?, ?)", a, b, score); err != nil {
			return err
		}
	}
	return nil
}

// nearDuplicates finds the resources (other than id, and not merged away) whose
// body scores at least similar.Threshold against shingles, or whose url is url.
func (tx *Tx) nearDuplicates(ctx context.Context, id int64, shingles []uint64, keys []int64, url string) (map[int64]float64, error) {
	found := map[int64]float64{}
	if url != "" {
		err := tx.each(ctx, "SELECT id FROM resources WHERE url = ? AND id <> ? AND merged_into IS NULL", []any{url, id},
			func(other int64, _ ...string) { found[other] = 1 })
		if err != nil {
			return nil, err
		}
	}
	if len(keys) == 0 {
		return found, nil
	}
	args := make([]any, 0, len(keys)+2)
	for _, k := range keys {
		args = append(args, k)
	}
	args = append(args, id, maxCandidates)
	var candidates []any
	// Only the band index is read here: a join with resources lets the planner
	// scan resources instead, which grows with the library.
	err := tx.each(ctx, `SELECT resource_id, count(*) FROM resource_bands WHERE hash IN (`+placeholders(len(keys))+`)
		AND resource_id <> ? GROUP BY resource_id ORDER BY count(*) DESC, resource_id LIMIT ?`, args,
		func(other int64, _ ...string) { candidates = append(candidates, other) })
	if err != nil || len(candidates) == 0 {
		return found, err
	}
	err = tx.each(ctx, "SELECT r.id, b.body FROM resources r JOIN resource_bodies b ON b.resource_id = r.id WHERE r.merged_into IS NULL AND r.id IN ("+
		placeholders(len(candidates))+")", candidates,
		func(other int64, s ...string) {
			if score := similar.Score(shingles, similar.Shingles(s[0])); similar.Duplicate(score) {
				found[other] = max(found[other], score)
			}
		})
	return found, err
}

// similarOf returns the stored near-duplicates of a resource that the viewer may
// read, most alike first.
func (tx *Tx) similarOf(ctx context.Context, id int64) ([]copse.Similar, error) {
	me := copse.UserFromContext(ctx)
	q := `SELECT r.id, r.title, r.url, coalesce(c.slug, ''), coalesce(c.name, ''), s.score, (SELECT url FROM resources WHERE id = ?)
		FROM resource_similar s JOIN resources r ON r.id = CASE WHEN s.resource_id = ? THEN s.similar_id ELSE s.resource_id END
		LEFT JOIN communities c ON c.id = r.community_id
		WHERE (s.resource_id = ? OR s.similar_id = ?) AND r.merged_into IS NULL AND ` + readable("r") + `
		ORDER BY s.score DESC, r.id LIMIT 20`
	rows, err := tx.query(ctx, q, append([]any{id, id, id, id}, readableArgs(me)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []copse.Similar{}
	for rows.Next() {
		var (
			s           copse.Similar
			url, ownURL string
			com         copse.CommunityRef
		)
		if err := rows.Scan(&s.ID, &s.Title, &url, &com.Slug, &com.Name, &s.Score, &ownURL); err != nil {
			return nil, err
		}
		if com.Slug != "" {
			s.Community = &com
		}
		s.Reason = "same text"
		if url != "" && url == ownURL {
			s.Reason = "same url"
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SimilarTo finds the resources the viewer may read that a resource not yet saved
// would duplicate (except the one with id except, when editing it), so the form
// can say so before saving.
func (db *DB) SimilarTo(ctx context.Context, body, url string, except int64) ([]copse.Similar, error) {
	out := []copse.Similar{}
	err := db.view(ctx, func(tx *Tx) error {
		shingles := similar.Shingles(body)
		found, err := tx.nearDuplicates(ctx, except, shingles, similar.BandKeys(shingles), strings.TrimSpace(url))
		if err != nil || len(found) == 0 {
			return err
		}
		ids := make([]any, 0, len(found))
		for id := range found {
			ids = append(ids, id)
		}
		q := `SELECT r.id, r.title, r.url, coalesce(c.slug, ''), coalesce(c.name, '') FROM resources r
			LEFT JOIN communities c ON c.id = r.community_id WHERE r.id IN (` + placeholders(len(ids)) + `) AND ` + readable("r")
		rows, err := tx.query(ctx, q, append(ids, readableArgs(copse.UserFromContext(ctx))...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				s     copse.Similar
				other string
				com   copse.CommunityRef
			)
			if err := rows.Scan(&s.ID, &s.Title, &other, &com.Slug, &com.Name); err != nil {
				return err
			}
			if com.Slug != "" {
				s.Community = &com
			}
			s.Score, s.Reason = found[s.ID], "same text"
			if other != "" && other == strings.TrimSpace(url) {
				s.Reason = "same url"
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: similar resources: %w", err)
	}
	slices.SortFunc(out, func(a, b copse.Similar) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}

// Similar returns a resource's near-duplicates that the viewer may read.
func (db *DB) Similar(ctx context.Context, id int64) ([]copse.Similar, error) {
	var out []copse.Similar
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.similarOf(ctx, id)
		return err
	})
	return out, err
}
