package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// Job is a claimed delivery with everything sending it needs.
type Job struct {
	ID        int64
	Key       string // the idempotency key, stable across retries
	Channel   string // email, digest, webhook
	Recipient string // the email address
	Attempt   int    // 1 for the first attempt
	Event     Event
	Community struct{ Slug, Name string }
	Webhook   *copse.Webhook // for the webhook channel, with its secret
	// ListToken signs the unsubscribe and preferences links of a mail; for a double
	// opt-in mail, the confirmation link.
	ListToken string
}

// Outcome is what became of one attempt.
type Outcome struct {
	ID         int64
	Err        string        // "" when the receiver took it
	Response   string        // what the receiver answered, for the admins
	Permanent  bool          // retrying cannot help (the webhook is gone, the address refused)
	RetryAfter time.Duration // the receiver asked to wait this long at least
	Jitter     float64       // in [0, 1): spreads the retries of deliveries that failed together
}

// ClaimDeliveries takes up to limit due deliveries for one worker for lease: they
// are due again when it lapses, so a worker that dies mid-delivery loses nothing.
// On PostgreSQL, FOR UPDATE SKIP LOCKED lets several instances claim at once without
// taking the same row; on SQLite the write transaction already excludes them. A due
// digest is claimed with every other due digest of its recipient, to go as one mail.
func (db *DB) ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) (claim string, jobs []Job, err error) {
	b := make([]byte, 12)
	rand.Read(b)
	claim = hex.EncodeToString(b)
	err = db.updateQuiet(ctx, func(tx *Tx) error {
		ids, digests, err := tx.dueDeliveries(ctx, `SELECT id, channel, recipient FROM deliveries
			WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`+tx.dialect.skipLocked(), tx.now, limit)
		if err != nil || len(ids) == 0 {
			return err
		}
		if len(digests) > 0 {
			more, _, err := tx.dueDeliveries(ctx, `SELECT id, channel, recipient FROM deliveries
				WHERE status = 'pending' AND channel = 'digest' AND next_attempt_at <= ? AND recipient IN (`+placeholders(len(digests))+")"+tx.dialect.skipLocked(),
				append([]any{tx.now}, digests...)...)
			if err != nil {
				return err
			}
			ids = union(ids, more)
		}
		in := "(" + placeholders(len(ids)) + ")"
		_, err = tx.exec(ctx, "UPDATE deliveries SET claim = ?, attempts = attempts + 1, next_attempt_at = ?, updated_at = ? WHERE id IN "+in,
			append([]any{claim, tx.now.Add(lease), tx.now}, ids...)...)
		if err != nil {
			return err
		}
		if jobs, err = tx.jobs(ctx, in, ids); err != nil {
			return err
		}
		return tx.signJobs(ctx, jobs)
	})
	if err != nil {
		return "", nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	return claim, jobs, nil
}

func (tx *Tx) dueDeliveries(ctx context.Context, q string, args ...any) (ids []any, digests []any, err error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var (
			id                 int64
			channel, recipient string
		)
		if err := rows.Scan(&id, &channel, &recipient); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		if channel == "digest" && !seen[recipient] {
			seen[recipient] = true
			digests = append(digests, recipient)
		}
	}
	return ids, digests, rows.Err()
}

func union(a, b []any) []any {
	seen := map[any]bool{}
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			a = append(a, x)
		}
	}
	return a
}

// jobs reads claimed deliveries with their events, communities and webhooks.
func (tx *Tx) jobs(ctx context.Context, in string, ids []any) ([]Job, error) {
	rows, err := tx.query(ctx, `SELECT d.id, d.idempotency_key, d.channel, d.recipient, d.attempts,
		coalesce(d.user_id, 0), coalesce(d.subscriber_id, 0),
		e.id, e.kind, coalesce(e.community_id, 0), e.subject_type, e.subject_id, e.payload, e.created_at,
		coalesce(c.slug, ''), coalesce(c.name, ''),
		coalesce(w.id, 0), coalesce(w.url, ''), coalesce(w.format, ''), coalesce(w.secret, ''), coalesce(w.community_id, 0)
		FROM deliveries d JOIN events e ON e.id = d.event_id
		LEFT JOIN communities c ON c.id = e.community_id
		LEFT JOIN webhooks w ON w.id = d.webhook_id
		WHERE d.id IN `+in+" ORDER BY d.id", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var (
			j                    Job
			payload              string
			userID, subscriberID int64
			w                    copse.Webhook
		)
		err := rows.Scan(&j.ID, &j.Key, &j.Channel, &j.Recipient, &j.Attempt, &userID, &subscriberID,
			&j.Event.ID, &j.Event.Kind, &j.Event.CommunityID, &j.Event.SubjectType, &j.Event.SubjectID, &payload, dbTime{&j.Event.CreatedAt},
			&j.Community.Slug, &j.Community.Name, &w.ID, &w.URL, &w.Format, &w.Secret, &w.CommunityID)
		if err != nil {
			return nil, err
		}
		j.Event.Payload = json.RawMessage(payload)
		if w.ID != 0 {
			j.Webhook = &w
		}
		switch {
		case j.Event.Kind == copse.EventSubscriptionRequested:
			j.ListToken = listToken{Kind: tokenConfirm, ID: subscriberID}.String()
		case subscriberID != 0:
			j.ListToken = listToken{Kind: tokenSubscriber, ID: subscriberID}.String()
		case userID != 0:
			j.ListToken = listToken{Kind: tokenMember, ID: userID, Community: j.Event.CommunityID}.String()
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// signJobs turns each job's unsigned list token into a signed one.
func (tx *Tx) signJobs(ctx context.Context, jobs []Job) error {
	key, err := tx.notifyKey(ctx, true)
	if err != nil {
		return err
	}
	for i := range jobs {
		if jobs[i].ListToken != "" {
			jobs[i].ListToken = signToken(key, jobs[i].ListToken)
		}
	}
	return nil
}

// FinishDeliveries records the outcomes of a claim's attempts in one transaction: a
// delivery the receiver took is sent; one that failed is tried again after a
// backoff, or is dead after copse.MaxAttempts or a permanent failure. An outcome
// whose claim has lapsed and passed to another worker changes nothing.
func (db *DB) FinishDeliveries(ctx context.Context, claim string, outs []Outcome) error {
	if len(outs) == 0 {
		return nil
	}
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		attempts := map[int64]int{}
		rows, err := tx.query(ctx, "SELECT id, attempts FROM deliveries WHERE claim = ? AND status = 'pending'", claim)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return err
			}
			attempts[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// Sent deliveries mostly share their answer ("200 OK: ok"): one statement per
		// answer rather than one per delivery.
		sent := map[string][]any{}
		for _, o := range outs {
			n, held := attempts[o.ID]
			if !held {
				continue
			}
			o.Response = clip(o.Response, 2000)
			switch {
			case o.Err == "":
				sent[o.Response] = append(sent[o.Response], o.ID)
			case o.Permanent || n >= copse.MaxAttempts:
				_, err = tx.exec(ctx, `UPDATE deliveries SET status = 'dead', response = ?, last_error = ?, claim = '', updated_at = ?
					WHERE id = ? AND claim = ?`, o.Response, clip(o.Err, 1000), tx.now, o.ID, claim)
			default:
				wait := max(copse.RetryDelay(n, o.Jitter), min(o.RetryAfter, 6*time.Hour))
				_, err = tx.exec(ctx, `UPDATE deliveries SET next_attempt_at = ?, response = ?, last_error = ?, claim = '', updated_at = ?
					WHERE id = ? AND claim = ?`, tx.now.Add(wait), o.Response, clip(o.Err, 1000), tx.now, o.ID, claim)
			}
			if err != nil {
				return err
			}
		}
		for response, ids := range sent {
			_, err = tx.exec(ctx, `UPDATE deliveries SET status = 'sent', sent_at = ?, response = ?, last_error = '', claim = '', updated_at = ?
				WHERE claim = ? AND id IN (`+placeholders(len(ids))+")", append([]any{tx.now, response, tx.now, claim}, ids...)...)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: finish deliveries: %w", err)
	}
	return nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !validUTF8End(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

func validUTF8End(s string) bool { return strings.ToValidUTF8(s, "") == s }
