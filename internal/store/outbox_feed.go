package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/copse-dev/copse"
)

// FeedEntry is an event as a feed shows it, with its community.
type FeedEntry struct {
	Event
	Community     string // slug; "" for the site's own events
	CommunityName string
}

// feedKinds is the SQL list of the kinds feeds show.
func feedKinds() (string, []any) {
	var args []any
	for _, k := range copse.EventKinds {
		if k.Feed {
			args = append(args, k.Name)
		}
	}
	return "(" + placeholders(len(args)) + ")", args
}

// CommunityFeed returns a community the viewer may see and its latest events that
// feeds show — announcements, meetings, resources — newest first.
func (db *DB) CommunityFeed(ctx context.Context, slug string, limit int) (*copse.Community, []FeedEntry, error) {
	var (
		c   *copse.Community
		out []FeedEntry
	)
	err := db.view(ctx, func(tx *Tx) error {
		var (
			v   copse.Viewer
			err error
		)
		if c, v, err = tx.findCommunity(ctx, slug, false); err != nil {
			return err
		}
		in, kinds := feedKinds()
		out, err = tx.feedEntries(ctx, "WHERE e.community_id = ? AND e.kind IN "+in, append([]any{c.ID}, kinds...), limit,
			func(vis copse.Visibility) bool {
				return vis != copse.VisibilityMembers || v.Role != "" || v.User != nil && v.User.Admin
			})
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: community feed: %w", err)
	}
	return c, out, nil
}

// SiteFeed returns the latest events of every community the viewer may see, and
// of the site itself, newest first.
func (db *DB) SiteFeed(ctx context.Context, limit int) ([]FeedEntry, error) {
	me := copse.UserFromContext(ctx)
	var out []FeedEntry
	err := db.view(ctx, func(tx *Tx) error {
		in, kinds := feedKinds()
		var err error
		out, err = tx.feedEntries(ctx, "WHERE e.kind IN "+in+" AND (e.community_id IS NULL OR "+visible+")",
			append(kinds, visibleArgs(me)...), limit,
			func(vis copse.Visibility) bool {
				return vis == "" || vis == copse.VisibilityPublic || me != nil && vis == copse.VisibilitySignedIn
			})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: site feed: %w", err)
	}
	return out, nil
}

// feedEntries reads events newest first, keeping those whose own visibility (a
// resource's) the viewer passes.
func (tx *Tx) feedEntries(ctx context.Context, where string, args []any, limit int, may func(copse.Visibility) bool) ([]FeedEntry, error) {
	limit = copse.ClampLimit(limit)
	rows, err := tx.query(ctx, `SELECT e.id, e.kind, coalesce(e.community_id, 0), e.subject_type, e.subject_id, e.payload, e.created_at,
		coalesce(c.slug, ''), coalesce(c.name, '') FROM events e LEFT JOIN communities c ON c.id = e.community_id `+
		where+" ORDER BY e.id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FeedEntry{}
	for rows.Next() {
		var (
			f       FeedEntry
			payload string
		)
		if err := rows.Scan(&f.ID, &f.Kind, &f.CommunityID, &f.SubjectType, &f.SubjectID, &payload, dbTime{&f.CreatedAt},
			&f.Community, &f.CommunityName); err != nil {
			return nil, err
		}
		f.Payload = json.RawMessage(payload)
		var a audience
		if json.Unmarshal(f.Payload, &a) == nil && !may(a.Visibility) {
			continue
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
