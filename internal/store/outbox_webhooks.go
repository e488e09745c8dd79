package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
)

// Webhooks belong to a community (its facilitators manage them) or to the site
// (admins manage them; slug ""). Their addresses are secrets — a Slack webhook URL
// lets anyone post to the channel — so only those who manage them see them.

// authorizeWebhooks finds the community of slug ("" for the site) and checks that
// the viewer manages its webhooks; it returns the community's id (0 for the site).
func (tx *Tx) authorizeWebhooks(ctx context.Context, slug string, write bool) (*copse.Community, error) {
	me := copse.UserFromContext(ctx)
	if slug == "" {
		switch {
		case me == nil:
			return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to manage the site's webhooks.")
		case !me.Admin:
			return nil, copse.Errorf(copse.EFORBIDDEN, "Only admins manage the site-wide webhooks.")
		}
		return nil, nil
	}
	c, v, err := tx.findCommunity(ctx, slug, false)
	if err != nil {
		return nil, err
	}
	if err := v.AuthorizeWebhooks(c); err != nil {
		return nil, err
	}
	if write {
		return c, copse.Writable(c)
	}
	return c, nil
}

// CreateWebhook adds a webhook. A signed webhook without a secret gets one, which
// is in the answer this once.
func (db *DB) CreateWebhook(ctx context.Context, slug string, n copse.NewWebhook) (*copse.Webhook, error) {
	var h *copse.Webhook
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		c, err := tx.authorizeWebhooks(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		if n.Format == copse.FormatSigned && n.Secret == "" {
			b := make([]byte, 24)
			rand.Read(b)
			n.Secret = "whsec_" + base64.StdEncoding.EncodeToString(b)
		}
		h = &copse.Webhook{URL: n.URL, Format: n.Format, Events: n.Events, Secret: n.Secret, CreatedAt: tx.now}
		if c != nil {
			h.Community, h.CommunityID = c.Slug, c.ID
		}
		h.ID, err = tx.insert(ctx, "INSERT INTO webhooks (community_id, url, format, events, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			nullID(h.CommunityID), h.URL, h.Format, strings.Join(h.Events, ","), h.Secret, copse.UserFromContext(ctx).ID, tx.now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create webhook: %w", err)
	}
	if h.Events == nil {
		h.Events = []string{}
	}
	return h, nil
}

// ListWebhooks returns the webhooks of a community ("" for the site's), oldest first,
// without their secrets.
func (db *DB) ListWebhooks(ctx context.Context, slug string) ([]*copse.Webhook, error) {
	var out []*copse.Webhook
	err := db.view(ctx, func(tx *Tx) error {
		c, err := tx.authorizeWebhooks(ctx, slug, false)
		if err != nil {
			return err
		}
		var id int64
		if c != nil {
			id = c.ID
		}
		out, err = tx.webhooksOf(ctx, id)
		for _, h := range out {
			h.Secret = ""
			if c != nil {
				h.Community = c.Slug
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: list webhooks: %w", err)
	}
	return out, nil
}

// FindWebhook returns one webhook, with its secret, to send a test message.
func (db *DB) FindWebhook(ctx context.Context, slug string, id int64) (*copse.Webhook, error) {
	var h *copse.Webhook
	err := db.view(ctx, func(tx *Tx) error {
		c, err := tx.authorizeWebhooks(ctx, slug, false)
		if err != nil {
			return err
		}
		var cid int64
		if c != nil {
			cid = c.ID
		}
		h, err = tx.webhook(ctx, cid, id)
		if h != nil && c != nil {
			h.Community = c.Slug
		}
		return err
	})
	return h, err
}

// DeleteWebhook removes a webhook and whatever it still had to deliver.
func (db *DB) DeleteWebhook(ctx context.Context, slug string, id int64) error {
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		c, err := tx.authorizeWebhooks(ctx, slug, true)
		if err != nil {
			return err
		}
		var cid int64
		if c != nil {
			cid = c.ID
		}
		if _, err := tx.webhook(ctx, cid, id); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "DELETE FROM webhooks WHERE id = ?", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete webhook: %w", err)
	}
	return nil
}

const webhookColumns = "id, coalesce(community_id, 0), url, format, events, secret, created_at"

func scanWebhook(row interface{ Scan(...any) error }) (*copse.Webhook, error) {
	var (
		h      copse.Webhook
		events string
	)
	if err := row.Scan(&h.ID, &h.CommunityID, &h.URL, &h.Format, &events, &h.Secret, dbTime{&h.CreatedAt}); err != nil {
		return nil, err
	}
	h.Events = []string{}
	if events != "" {
		h.Events = strings.Split(events, ",")
	}
	return &h, nil
}

func (tx *Tx) webhook(ctx context.Context, communityID, id int64) (*copse.Webhook, error) {
	q := "SELECT " + webhookColumns + " FROM webhooks WHERE id = ? AND community_id = ?"
	args := []any{id, communityID}
	if communityID == 0 {
		q, args = "SELECT "+webhookColumns+" FROM webhooks WHERE id = ? AND community_id IS NULL", []any{id}
	}
	h, err := scanWebhook(tx.queryRow(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("There is no webhook %d here.", id)
	}
	return h, err
}

// webhooksOf returns a community's webhooks, or the site's for 0.
func (tx *Tx) webhooksOf(ctx context.Context, communityID int64) ([]*copse.Webhook, error) {
	q := "SELECT " + webhookColumns + " FROM webhooks WHERE community_id = ? ORDER BY id"
	args := []any{communityID}
	if communityID == 0 {
		q, args = "SELECT "+webhookColumns+" FROM webhooks WHERE community_id IS NULL ORDER BY id", nil
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*copse.Webhook{}
	for rows.Next() {
		h, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
