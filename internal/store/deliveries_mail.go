package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
)

// KeptMail is a message kept in the local outbox, for a site without an SMTP server.
type KeptMail struct {
	ID        int64
	Recipient string
	Subject   string
	Message   string // the whole RFC 5322 message
	CreatedAt time.Time
}

// KeepMail stores a message in the local outbox instead of sending it, so that a
// fresh install without SMTP loses nothing: admins read it in the browser.
func (db *DB) KeepMail(ctx context.Context, recipient, subject string, message []byte) error {
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO mail_outbox (recipient, subject, message, created_at) VALUES (?, ?, ?, ?)",
			recipient, subject, string(message), tx.now)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: keep mail: %w", err)
	}
	return nil
}

// ListKeptMail returns a page of the local outbox, newest first, without the
// messages themselves (admins).
func (db *DB) ListKeptMail(ctx context.Context, limit int, cursor string) (copse.Page[KeptMail], error) {
	var page copse.Page[KeptMail]
	if err := notifyAdmin(ctx, "read the mail copse kept"); err != nil {
		return page, err
	}
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
		rows, err := tx.query(ctx, "SELECT id, recipient, subject, created_at FROM mail_outbox WHERE id < ? ORDER BY id DESC LIMIT ?", before, limit+1)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m KeptMail
			if err := rows.Scan(&m.ID, &m.Recipient, &m.Subject, dbTime{&m.CreatedAt}); err != nil {
				return err
			}
			page.Items = append(page.Items, m)
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = encodeCursor(strconv.FormatInt(page.Items[limit-1].ID, 10))
		}
		return rows.Err()
	})
	if err != nil {
		return page, fmt.Errorf("store: list kept mail: %w", err)
	}
	return page, nil
}

// FindKeptMail returns one message of the local outbox (admins).
func (db *DB) FindKeptMail(ctx context.Context, id int64) (*KeptMail, error) {
	if err := notifyAdmin(ctx, "read the mail copse kept"); err != nil {
		return nil, err
	}
	m := &KeptMail{ID: id}
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT recipient, subject, message, created_at FROM mail_outbox WHERE id = ?", id).
			Scan(&m.Recipient, &m.Subject, &m.Message, dbTime{&m.CreatedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("There is no kept message %d.", id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
