package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/copse-dev/copse"
)

// CreateAnnouncement writes to a community's distribution list (facilitators and
// the core team): the announcement and its event, which the outbox delivers to the
// members and subscribers, the feed and the webhooks, are one transaction.
func (db *DB) CreateAnnouncement(ctx context.Context, slug string, n copse.NewAnnouncement) (*copse.Announcement, error) {
	var a *copse.Announcement
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeAnnounce(c); err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		id, err := tx.insert(ctx, "INSERT INTO announcements (community_id, title, body, author_id, created_at) VALUES (?, ?, ?, ?, ?)",
			c.ID, n.Title, n.Body, v.User.ID, tx.now)
		if err != nil {
			return err
		}
		a = &copse.Announcement{ID: id, Community: c.Slug, Title: n.Title, Body: n.Body, Author: v.User.Handle, CreatedAt: tx.now}
		err = tx.recordEvent(ctx, "announcement", c.ID, "announcement", id, map[string]any{
			"community": c.Slug, "title": n.Title, "text": n.Body, "author": v.User.DisplayName(),
			"path": "/communities/" + c.Slug + "/announcements#announcement-" + strconv.FormatInt(id, 10)})
		if err != nil {
			return err
		}
		return tx.applyLifecycle(ctx, c, true)
	})
	if err != nil {
		return nil, fmt.Errorf("store: create announcement: %w", err)
	}
	return a, nil
}

// ListAnnouncements returns a page of a community's announcements, newest first.
func (db *DB) ListAnnouncements(ctx context.Context, slug string, limit int, cursor string) (copse.Page[copse.Announcement], error) {
	var page copse.Page[copse.Announcement]
	after, err := decodeCursor(cursor)
	if err != nil {
		return page, err
	}
	before := int64(1<<62 - 1)
	if after != "" {
		if before, err = strconv.ParseInt(after, 10, 64); err != nil {
			return page, badCursor()
		}
	}
	limit = copse.ClampLimit(limit)
	err = db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT a.id, a.title, a.body, coalesce(u.handle, ''), a.created_at FROM announcements a
			LEFT JOIN users u ON u.id = a.author_id WHERE a.community_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?`, c.ID, before, limit+1)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a := copse.Announcement{Community: c.Slug}
			if err := rows.Scan(&a.ID, &a.Title, &a.Body, &a.Author, dbTime{&a.CreatedAt}); err != nil {
				return err
			}
			page.Items = append(page.Items, a)
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = encodeCursor(strconv.FormatInt(page.Items[limit-1].ID, 10))
		}
		return rows.Err()
	})
	if err != nil {
		return page, fmt.Errorf("store: list announcements: %w", err)
	}
	if page.Items == nil {
		page.Items = []copse.Announcement{}
	}
	return page, nil
}
