package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// Event kinds. Each is recorded in the same transaction as the change it reports, so
// a reminder or an announcement is sent exactly for what was committed: a failed
// request leaves no event behind, and a committed change never lacks one.
const (
	EventMeetingScheduled   = "meeting.scheduled"   // a one-off meeting was scheduled
	EventMeetingRescheduled = "meeting.rescheduled" // a meeting (or an occurrence of the series) moved
	EventMeetingCancelled   = "meeting.cancelled"
	EventAgendaPublished    = "agenda.published" // first publication, or a change to a published agenda
	EventNotesPublished     = "notes.published"  // a held meeting's notes, the first time they are saved
)

// Event is something that happened in a community, waiting to be delivered.
type Event struct {
	ID          int64
	Kind        string
	CommunityID int64
	SubjectType string // "meeting", "topic"
	SubjectID   int64
	Payload     json.RawMessage
	CreatedAt   time.Time
	DeliveredAt *time.Time
}

// recordEvent writes an event in the transaction of the change it reports. The
// payload is what a notification needs without reading the subject again (titles,
// times, links); it must marshal to a JSON object.
func (tx *Tx) recordEvent(ctx context.Context, kind string, communityID int64, subjectType string, subjectID int64, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("store: event %s: %w", kind, err)
	}
	_, err = tx.exec(ctx, `INSERT INTO events (kind, community_id, subject_type, subject_id, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, kind, nullID(communityID), subjectType, subjectID, string(b), tx.now) // 0: a site-wide event
	return err
}

// PendingEvents returns up to limit events not yet delivered, oldest first: the
// outbox a notifier reads.
func (db *DB) PendingEvents(ctx context.Context, limit int) ([]Event, error) {
	var out []Event
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT id, kind, coalesce(community_id, 0), subject_type, subject_id, payload, created_at
			FROM events WHERE delivered_at IS NULL ORDER BY id LIMIT ?`, copse.ClampLimit(limit))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				e       Event
				payload string
			)
			if err := rows.Scan(&e.ID, &e.Kind, &e.CommunityID, &e.SubjectType, &e.SubjectID, &payload, dbTime{&e.CreatedAt}); err != nil {
				return err
			}
			e.Payload = json.RawMessage(payload)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending events: %w", err)
	}
	return out, nil
}

// MarkEventDelivered records that an event has been sent, so it is not sent again.
func (db *DB) MarkEventDelivered(ctx context.Context, id int64) error {
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE events SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", tx.now, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: mark event delivered: %w", err)
	}
	return nil
}

// meetingEvent is the payload of the meeting events.
type meetingEvent struct {
	Community string    `json:"community"`
	MeetingID int64     `json:"meeting_id"`
	Title     string    `json:"title"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Timezone  string    `json:"timezone"`
	Location  string    `json:"location"`
	Topics    []string  `json:"topics,omitempty"` // the agenda's titles, in order
	Update    bool      `json:"update,omitempty"` // a change to something published before
}

func newMeetingEvent(m *copse.Meeting) meetingEvent {
	e := meetingEvent{Community: m.Community, MeetingID: m.ID, Title: m.Title, StartsAt: m.StartsAt, EndsAt: m.EndsAt,
		Timezone: m.Timezone, Location: m.Location}
	for _, t := range m.Agenda {
		e.Topics = append(e.Topics, t.Title)
	}
	return e
}
