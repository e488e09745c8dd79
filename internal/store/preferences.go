package store

import (
	"context"
	"fmt"

	"github.com/copse-dev/copse"
)

// Preference is how often a person hears from one of their communities by email.
type Preference struct {
	Community copse.Community
	Role      copse.Role
	Frequency copse.Frequency
}

// MailPreferences returns the signed-in person's choice for every community they
// belong to, by name; a community they never chose for sends every message.
func (db *DB) MailPreferences(ctx context.Context) ([]Preference, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to choose what mail you receive.")
	}
	var out []Preference
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT c.id, c.slug, c.name, c.status, m.role, coalesce(p.frequency, 'every') FROM members m
			JOIN communities c ON c.id = m.community_id
			LEFT JOIN mail_preferences p ON p.user_id = m.user_id AND p.community_id = m.community_id
			WHERE m.user_id = ? ORDER BY lower(c.name), c.id`, me.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p Preference
			if err := rows.Scan(&p.Community.ID, &p.Community.Slug, &p.Community.Name, (*string)(&p.Community.Status),
				(*string)(&p.Role), (*string)(&p.Frequency)); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: mail preferences: %w", err)
	}
	return out, nil
}

// SetMailPreferences saves the signed-in person's choices, by community slug, in
// one transaction: all are saved, or none when one is wrong.
func (db *DB) SetMailPreferences(ctx context.Context, choices map[string]copse.Frequency) error {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to choose what mail you receive.")
	}
	p := copse.Problems{}
	for slug, f := range choices {
		if !f.Valid() {
			p.Add("frequency-"+slug, `must be "every", "daily", "weekly" or "none"`)
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		for slug, f := range choices {
			var id int64
			err := tx.queryRow(ctx, "SELECT c.id FROM communities c JOIN members m ON m.community_id = c.id AND m.user_id = ? WHERE c.slug = ?", me.ID, slug).Scan(&id)
			if err != nil {
				return notFound("You are not a member of %q.", slug)
			}
			if err := tx.setPreference(ctx, me.ID, id, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: set mail preferences: %w", err)
	}
	return nil
}

func (tx *Tx) setPreference(ctx context.Context, userID, communityID int64, f copse.Frequency) error {
	_, err := tx.exec(ctx, `INSERT INTO mail_preferences (user_id, community_id, frequency, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, community_id) DO UPDATE SET frequency = excluded.frequency, updated_at = excluded.updated_at`,
		userID, communityID, string(f), tx.now)
	return err
}
