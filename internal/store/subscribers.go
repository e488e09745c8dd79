package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// resendConfirmAfter keeps a form from being used to flood someone's mailbox with
// confirmation mails: asking again sooner sends nothing more.
const resendConfirmAfter = 10 * time.Minute

// Subscribe puts an outside address on a public community's list, pending until
// its owner follows the link of the confirmation mail this queues (double opt-in).
// The answer is the same whether the address was new, pending or subscribed, so the
// form does not tell strangers who is on the list.
func (db *DB) Subscribe(ctx context.Context, slug, email string) error {
	email, err := copse.ValidateSubscriberEmail(email)
	if err != nil {
		return err
	}
	err = db.update(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := copse.Writable(c); err != nil {
			return err
		}
		if c.Visibility != copse.VisibilityPublic || c.Status == copse.StatusSuggested {
			return copse.Errorf(copse.ECONFLICT, "%s has no public mailing list: join it to hear from it.", c.Name)
		}
		var (
			id      int64
			status  string
			updated time.Time
		)
		err = tx.queryRow(ctx, "SELECT id, status, updated_at FROM subscribers WHERE community_id = ? AND email = ?", c.ID, email).
			Scan(&id, &status, dbTime{&updated})
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id, err = tx.insert(ctx, `INSERT INTO subscribers (community_id, email, status, created_at, updated_at)
				VALUES (?, ?, 'pending', ?, ?)`, c.ID, email, tx.now, tx.now)
		case err != nil:
			return err
		case status == "confirmed" || tx.now.Sub(updated) < resendConfirmAfter:
			return nil
		default:
			_, err = tx.exec(ctx, "UPDATE subscribers SET status = 'pending', updated_at = ? WHERE id = ?", tx.now, id)
		}
		if err != nil {
			return err
		}
		return tx.recordEvent(ctx, copse.EventSubscriptionRequested, c.ID, "subscriber", id, map[string]any{
			"email": email, "subscriber_id": id, "community": c.Slug, "visibility": "subscriber",
			"title": "Confirm your subscription to " + c.Name, "path": "/communities/" + c.Slug})
	})
	if err != nil {
		return fmt.Errorf("store: subscribe: %w", err)
	}
	return nil
}

// ListEntry is what a link from a mail is about, for the page it opens.
type ListEntry struct {
	Community copse.Community
	Email     string
	Status    string          // for subscribers: pending, confirmed, unsubscribed
	Frequency copse.Frequency // what the person receives now
	Member    bool
}

// ReadListToken returns what a link from a mail is about, without changing it.
func (db *DB) ReadListToken(ctx context.Context, token string) (*ListEntry, error) {
	var le *ListEntry
	err := db.view(ctx, func(tx *Tx) error {
		t, err := tx.readToken(ctx, token, tokenMember, tokenSubscriber, tokenConfirm)
		if err != nil {
			return err
		}
		le, err = tx.listEntry(ctx, t)
		return err
	})
	return le, err
}

func (tx *Tx) listEntry(ctx context.Context, t listToken) (*ListEntry, error) {
	le := &ListEntry{Member: t.Kind == tokenMember}
	var err error
	if le.Member {
		err = tx.queryRow(ctx, `SELECT c.id, c.slug, c.name, u.email, coalesce(p.frequency, 'every') FROM communities c
			JOIN users u ON u.id = ? LEFT JOIN mail_preferences p ON p.user_id = u.id AND p.community_id = c.id
			WHERE c.id = ?`, t.ID, t.Community).Scan(&le.Community.ID, &le.Community.Slug, &le.Community.Name, &le.Email, (*string)(&le.Frequency))
	} else {
		err = tx.queryRow(ctx, `SELECT c.id, c.slug, c.name, s.email, s.status, s.frequency FROM subscribers s
			JOIN communities c ON c.id = s.community_id WHERE s.id = ?`, t.ID).
			Scan(&le.Community.ID, &le.Community.Slug, &le.Community.Name, &le.Email, &le.Status, (*string)(&le.Frequency))
		if le.Status != "confirmed" {
			le.Frequency = copse.FrequencyNone
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("This subscription no longer exists.")
	}
	return le, err
}

// ConfirmSubscription follows the link of a double opt-in mail: from now on the
// address receives the community's mail.
func (db *DB) ConfirmSubscription(ctx context.Context, token string) (*ListEntry, error) {
	var le *ListEntry
	err := db.update(ctx, func(tx *Tx) error {
		t, err := tx.readToken(ctx, token, tokenConfirm)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE subscribers SET status = 'confirmed', updated_at = ? WHERE id = ?", tx.now, t.ID); err != nil {
			return err
		}
		le, err = tx.listEntry(ctx, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: confirm subscription: %w", err)
	}
	return le, nil
}

// Unsubscribe follows an unsubscribe link (or an RFC 8058 one-click POST): an outside
// subscriber leaves the list; a member stops receiving the community's mail (and
// stays a member). Unsubscribing twice is not an error.
func (db *DB) Unsubscribe(ctx context.Context, token string) (*ListEntry, error) {
	var le *ListEntry
	err := db.update(ctx, func(tx *Tx) error {
		t, err := tx.readToken(ctx, token, tokenMember, tokenSubscriber)
		if err != nil {
			return err
		}
		if t.Kind == tokenMember {
			err = tx.setPreference(ctx, t.ID, t.Community, copse.FrequencyNone)
		} else {
			_, err = tx.exec(ctx, "UPDATE subscribers SET status = 'unsubscribed', updated_at = ? WHERE id = ?", tx.now, t.ID)
		}
		if err != nil {
			return err
		}
		le, err = tx.listEntry(ctx, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: unsubscribe: %w", err)
	}
	return le, nil
}

// SetSubscriberFrequency changes how often an outside subscriber hears from the
// community, from the link in their mail.
func (db *DB) SetSubscriberFrequency(ctx context.Context, token string, f copse.Frequency) (*ListEntry, error) {
	if !f.Valid() {
		return nil, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"frequency": `must be "every", "daily", "weekly" or "none"`}}
	}
	var le *ListEntry
	err := db.update(ctx, func(tx *Tx) error {
		t, err := tx.readToken(ctx, token, tokenMember, tokenSubscriber)
		if err != nil {
			return err
		}
		if t.Kind == tokenMember {
			err = tx.setPreference(ctx, t.ID, t.Community, f)
		} else if f == copse.FrequencyNone {
			_, err = tx.exec(ctx, "UPDATE subscribers SET status = 'unsubscribed', updated_at = ? WHERE id = ?", tx.now, t.ID)
		} else {
			_, err = tx.exec(ctx, "UPDATE subscribers SET status = 'confirmed', frequency = ?, updated_at = ? WHERE id = ? AND status <> 'pending'", string(f), tx.now, t.ID)
		}
		if err != nil {
			return err
		}
		le, err = tx.listEntry(ctx, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: subscription frequency: %w", err)
	}
	return le, nil
}

// SubscriberCount returns how many outside addresses are confirmed on the list.
func (db *DB) SubscriberCount(ctx context.Context, communityID int64) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT count(*) FROM subscribers WHERE community_id = ? AND status = 'confirmed'", communityID).Scan(&n)
	})
	return n, err
}
