package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
)

// The outbox: events are written in the transaction of the change they report
// (tx.recordEvent); FanOut turns each into deliveries — one per mailbox, digest and
// webhook — in one transaction that also marks the event as fanned out
// (events.delivered_at), so each event is fanned out once and survives a restart
// either side of it. The idempotency key of each delivery makes a second fan-out of
// the same event harmless all the same.

// fanOutBatch is how many events one FanOut call takes at most.
const fanOutBatch = 100

// FanOut turns up to limit recorded events into deliveries and returns how many
// events it handled. Several workers may call it at once: on PostgreSQL each takes
// other events (SKIP LOCKED), on SQLite they take turns.
func (db *DB) FanOut(ctx context.Context, limit int) (int, error) {
	limit = min(max(limit, 1), fanOutBatch)
	n := 0
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		events, err := tx.scanEvents(ctx, `SELECT e.id, e.kind, coalesce(e.community_id, 0), e.subject_type, e.subject_id, e.payload, e.created_at
			FROM events e WHERE e.delivered_at IS NULL ORDER BY e.id LIMIT ?`+tx.dialect.skipLocked(), limit)
		if err != nil || len(events) == 0 {
			return err
		}
		f := &fanOut{tx: tx, lists: map[int64]*mailingList{}}
		if f.siteHooks, err = tx.webhooksOf(ctx, 0); err != nil {
			return err
		}
		ids := make([]any, len(events))
		for i, e := range events {
			if err := f.event(ctx, e); err != nil {
				return fmt.Errorf("event %d (%s): %w", e.ID, e.Kind, err)
			}
			ids[i] = e.ID
		}
		n = len(events)
		_, err = tx.exec(ctx, "UPDATE events SET delivered_at = ? WHERE id IN ("+placeholders(len(ids))+")", append([]any{tx.now}, ids...)...)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: fan out: %w", err)
	}
	return n, nil
}

// scanEvents reads events (id, kind, community, subject, payload, created_at).
func (tx *Tx) scanEvents(ctx context.Context, q string, args ...any) ([]Event, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var (
			e       Event
			payload string
		)
		if err := rows.Scan(&e.ID, &e.Kind, &e.CommunityID, &e.SubjectType, &e.SubjectID, &payload, dbTime{&e.CreatedAt}); err != nil {
			return nil, err
		}
		e.Payload = json.RawMessage(payload)
		out = append(out, e)
	}
	return out, rows.Err()
}

// fanOut is one FanOut call's state: each community's list and webhooks are read
// once per batch, however many of its events the batch holds.
type fanOut struct {
	tx        *Tx
	lists     map[int64]*mailingList
	siteHooks []*copse.Webhook
}

// mailingList is what a community's events go to.
type mailingList struct {
	visibility copse.Visibility
	hooks      []*copse.Webhook
	people     []recipient
}

// recipient is a mailbox on a community's list: a member (user) or an outside
// subscriber, with how often they want mail.
type recipient struct {
	userID, subscriberID int64
	email                string
	frequency            copse.Frequency
}

// audience is the part of an event's payload that says who may read its subject.
type audience struct {
	Visibility copse.Visibility `json:"visibility"`
	Email      string           `json:"email"`         // subscription.requested, identity.link_requested
	Subscriber int64            `json:"subscriber_id"` // subscription.requested
}

func (f *fanOut) event(ctx context.Context, e Event) error {
	var a audience
	if err := json.Unmarshal(e.Payload, &a); err != nil {
		return err
	}
	switch e.Kind { // confirmation mails go to the one address that asked, nowhere else
	case copse.EventSubscriptionRequested:
		return f.tx.addDelivery(ctx, e.ID, "email", 0, recipient{subscriberID: a.Subscriber, email: a.Email}, e.CreatedAt)
	case EventLinkRequested:
		return f.tx.addDelivery(ctx, e.ID, "email", 0, recipient{email: a.Email}, e.CreatedAt)
	case copse.EventFacilitatorReport: // a facilitator's monthly report is theirs alone
		return f.tx.addDelivery(ctx, e.ID, "email", 0, recipient{email: a.Email}, e.CreatedAt)
	}
	public := a.Visibility == "" || a.Visibility == copse.VisibilityPublic
	hooks := f.siteHooks
	if e.CommunityID != 0 {
		l, err := f.list(ctx, e.CommunityID)
		if err != nil {
			return err
		}
		public = public && l.visibility == copse.VisibilityPublic
		if !public {
			hooks = nil // site-wide channels hear only of what anyone may read
		}
		hooks = append(hooks[:len(hooks):len(hooks)], l.hooks...)
		if err := f.mail(ctx, e, l, public); err != nil {
			return err
		}
	}
	for _, h := range hooks {
		if h.Wants(e.Kind) {
			if err := f.tx.addDelivery(ctx, e.ID, "webhook", h.ID, recipient{}, e.CreatedAt); err != nil {
				return err
			}
		}
	}
	return nil
}

// mail adds a delivery for each person on the list who wants mail of this kind:
// at once, or in their next digest. Reminders are not worth a digest: they go at
// once to everyone who has not turned mail off. Outside subscribers hear only of
// what anyone may read.
func (f *fanOut) mail(ctx context.Context, e Event, l *mailingList, public bool) error {
	if !copse.Kind(e.Kind).Mail {
		return nil
	}
	for _, r := range l.people {
		if r.frequency == copse.FrequencyNone || r.subscriberID != 0 && !public {
			continue
		}
		channel, due := "email", e.CreatedAt
		if (r.frequency == copse.FrequencyDaily || r.frequency == copse.FrequencyWeekly) && e.Kind != "meeting.reminder" {
			channel, due = "digest", copse.NextDigest(r.frequency, e.CreatedAt)
		}
		if err := f.tx.addDelivery(ctx, e.ID, channel, 0, r, due); err != nil {
			return err
		}
	}
	return nil
}

// list reads a community's mailing list and webhooks, once per batch. A person who
// is a member and a subscriber too is mailed once, as a member.
func (f *fanOut) list(ctx context.Context, communityID int64) (*mailingList, error) {
	if l, ok := f.lists[communityID]; ok {
		return l, nil
	}
	l := &mailingList{}
	tx := f.tx
	if err := tx.queryRow(ctx, "SELECT visibility FROM communities WHERE id = ?", communityID).Scan((*string)(&l.visibility)); err != nil {
		return nil, err
	}
	var err error
	if l.hooks, err = tx.webhooksOf(ctx, communityID); err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, `SELECT u.id, 0, u.email, coalesce(p.frequency, 'every') FROM members m
		JOIN users u ON u.id = m.user_id
		LEFT JOIN mail_preferences p ON p.user_id = m.user_id AND p.community_id = m.community_id
		WHERE m.community_id = ?
		UNION ALL
		SELECT 0, s.id, s.email, s.frequency FROM subscribers s WHERE s.community_id = ? AND s.status = 'confirmed'`, communityID, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.userID, &r.subscriberID, &r.email, (*string)(&r.frequency)); err != nil {
			return nil, err
		}
		if key := strings.ToLower(r.email); !seen[key] {
			seen[key] = true
			l.people = append(l.people, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	f.lists[communityID] = l
	return l, nil
}

// addDelivery queues one delivery. Its idempotency key names the event and the
// channel, so the same event never reaches the same mailbox or webhook twice.
func (tx *Tx) addDelivery(ctx context.Context, eventID int64, channel string, webhookID int64, r recipient, due any) error {
	key := fmt.Sprintf("e%d.w%d", eventID, webhookID)
	if channel != "webhook" {
		key = fmt.Sprintf("e%d.m.%s", eventID, strings.ToLower(r.email))
	}
	_, err := tx.exec(ctx, `INSERT INTO deliveries (event_id, channel, webhook_id, recipient, user_id, subscriber_id, idempotency_key,
		status, attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
		ON CONFLICT (idempotency_key) DO NOTHING`,
		eventID, channel, nullID(webhookID), r.email, nullID(r.userID), nullID(r.subscriberID), key, due, tx.now, tx.now)
	return err
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
