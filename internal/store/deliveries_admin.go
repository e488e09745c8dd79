package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
)

func notifyAdmin(ctx context.Context, what string) error {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to %s.", what)
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only admins %s.", what)
	}
	return nil
}

// ListDeliveries returns a page of deliveries, newest first (admins).
func (db *DB) ListDeliveries(ctx context.Context, f copse.DeliveryFilter) (copse.Page[copse.Delivery], error) {
	var page copse.Page[copse.Delivery]
	if err := notifyAdmin(ctx, "see the deliveries"); err != nil {
		return page, err
	}
	switch f.Status {
	case "", copse.DeliveryPending, copse.DeliverySent, copse.DeliveryDead:
	default:
		return page, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"status": `must be "pending", "sent" or "dead"`}}
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return page, err
	}
	before := int64(1<<62 - 1)
	if after != "" {
		if before, err = strconv.ParseInt(after, 10, 64); err != nil {
			return page, badCursor()
		}
	}
	limit := copse.ClampLimit(f.Limit)
	q := `SELECT d.id, d.event_id, e.kind, coalesce(c.slug, ''), d.channel, d.recipient, coalesce(w.url, ''), d.status, d.attempts,
		d.next_attempt_at, d.last_error, d.response, d.created_at, d.sent_at
		FROM deliveries d JOIN events e ON e.id = d.event_id LEFT JOIN communities c ON c.id = e.community_id
		LEFT JOIN webhooks w ON w.id = d.webhook_id WHERE d.id < ?`
	args := []any{before}
	if f.Status != "" {
		q += " AND d.status = ?"
		args = append(args, f.Status)
	}
	err = db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q+" ORDER BY d.id DESC LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				d               copse.Delivery
				hook, recipient string
				st              time.Time
			)
			if err := rows.Scan(&d.ID, &d.EventID, &d.Kind, &d.Community, &d.Channel, &recipient, &hook, &d.Status, &d.Attempts,
				dbTime{&d.NextAttemptAt}, &d.LastError, &d.Response, dbTime{&d.CreatedAt}, dbTime{&st}); err != nil {
				return err
			}
			if !st.IsZero() {
				d.SentAt = &st
			}
			d.Target = recipient
			if hook != "" {
				d.Target = webhookHost(hook)
			}
			page.Items = append(page.Items, d)
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = encodeCursor(strconv.FormatInt(page.Items[limit-1].ID, 10))
		}
		return rows.Err()
	})
	if err != nil {
		return page, fmt.Errorf("store: list deliveries: %w", err)
	}
	if page.Items == nil {
		page.Items = []copse.Delivery{}
	}
	return page, nil
}

// webhookHost shows where a webhook posts without the secret part of its address.
func webhookHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "webhook"
	}
	return u.Host
}

// DeliveryCounts returns how many deliveries are pending, sent and dead (admins).
func (db *DB) DeliveryCounts(ctx context.Context) (map[string]int, error) {
	if err := notifyAdmin(ctx, "see the deliveries"); err != nil {
		return nil, err
	}
	out := map[string]int{copse.DeliveryPending: 0, copse.DeliverySent: 0, copse.DeliveryDead: 0}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT status, count(*) FROM deliveries GROUP BY status")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				return err
			}
			out[s] = n
		}
		return rows.Err()
	})
	return out, err
}

// RetryDelivery sends a dead (or waiting) delivery again at once, with a fresh count
// of attempts (admins).
func (db *DB) RetryDelivery(ctx context.Context, id int64) (*copse.Delivery, error) {
	if err := notifyAdmin(ctx, "retry deliveries"); err != nil {
		return nil, err
	}
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		var status string
		err := tx.queryRow(ctx, "SELECT status FROM deliveries WHERE id = ?", id).Scan(&status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return notFound("There is no delivery %d.", id)
		case err != nil:
			return err
		case status == copse.DeliverySent:
			return copse.Errorf(copse.ECONFLICT, "Delivery %d was sent already; it is not sent twice.", id)
		}
		_, err = tx.exec(ctx, "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, claim = '', updated_at = ? WHERE id = ?",
			tx.now, tx.now, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: retry delivery: %w", err)
	}
	page, err := db.listOne(ctx, id)
	return page, err
}

func (db *DB) listOne(ctx context.Context, id int64) (*copse.Delivery, error) {
	p, err := db.ListDeliveries(ctx, copse.DeliveryFilter{Limit: 1, Cursor: encodeCursor(strconv.FormatInt(id+1, 10))})
	if err != nil {
		return nil, err
	}
	if len(p.Items) == 0 || p.Items[0].ID != id {
		return nil, notFound("There is no delivery %d.", id)
	}
	return &p.Items[0], nil
}
