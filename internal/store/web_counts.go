package store

import (
	"context"
	"fmt"

	"github.com/copse-dev/copse"
)

// The web pages say "needs 1 more member to become active", mark the suggestions a
// person is interested in and show a person's role in each community. These helpers
// answer for a whole page of communities in one query each, never one per community.
// They take the ids of communities the caller has already read through
// FindCommunity or ListCommunities, so they reveal nothing the viewer cannot see.

// Headcounts returns how many people hold each role in each of the communities.
func (db *DB) Headcounts(ctx context.Context, ids []int64) (map[int64]copse.Headcount, error) {
	out := make(map[int64]copse.Headcount, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT community_id, role, count(*) FROM members WHERE community_id IN ("+
			placeholders(len(ids))+") GROUP BY community_id, role", int64sToAny(ids)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				id   int64
				role string
				n    int
			)
			if err := rows.Scan(&id, &role, &n); err != nil {
				return err
			}
			h := out[id]
			h.Add(copse.Role(role), n)
			out[id] = h
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: headcounts: %w", err)
	}
	return out, nil
}

// InterestedIn returns which of the communities the signed-in person registered
// interest in; nobody's, for an anonymous reader.
func (db *DB) InterestedIn(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	me := copse.UserFromContext(ctx)
	if me == nil || len(ids) == 0 {
		return out, nil
	}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT community_id FROM interests WHERE user_id = ? AND community_id IN ("+
			placeholders(len(ids))+")", append([]any{me.ID}, int64sToAny(ids)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out[id] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: interested in: %w", err)
	}
	return out, nil
}

// RolesOf returns the person's role in each of the communities they belong to.
func (db *DB) RolesOf(ctx context.Context, userID int64, ids []int64) (map[int64]copse.Role, error) {
	out := map[int64]copse.Role{}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT community_id, role FROM members WHERE user_id = ? AND community_id IN ("+
			placeholders(len(ids))+")", append([]any{userID}, int64sToAny(ids)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				id   int64
				role string
			)
			if err := rows.Scan(&id, &role); err != nil {
				return err
			}
			out[id] = copse.Role(role)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: roles of: %w", err)
	}
	return out, nil
}

func int64sToAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
