package store

import (
	"context"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// setAttended records who attended a held meeting: people in the community, by handle.
func (tx *Tx) setAttended(ctx context.Context, c *copse.Community, m *copse.Meeting, handles []string) error {
	ids := map[string]int64{}
	if len(handles) > 0 {
		args := append([]any{c.ID}, make([]any, len(handles))...)
		for i, h := range handles {
			args[i+1] = h
		}
		rows, err := tx.query(ctx, `SELECT u.handle, u.id FROM users u JOIN members mb ON mb.user_id = u.id AND mb.community_id = ?
			WHERE u.handle IN (`+placeholders(len(handles))+")", args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				h  string
				id int64
			)
			if err := rows.Scan(&h, &id); err != nil {
				rows.Close()
				return err
			}
			ids[h] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, h := range handles {
		if ids[h] == 0 {
			return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"attended": fmt.Sprintf("%q is not the handle of someone in %s", h, c.Name)}}
		}
	}
	if _, err := tx.exec(ctx, "UPDATE meeting_attendees SET attended = FALSE, updated_at = ? WHERE meeting_id = ?", tx.now, m.ID); err != nil {
		return err
	}
	for _, id := range ids {
		_, err := tx.exec(ctx, `INSERT INTO meeting_attendees (meeting_id, user_id, attended, updated_at) VALUES (?, ?, TRUE, ?)
			ON CONFLICT (meeting_id, user_id) DO UPDATE SET attended = TRUE, updated_at = excluded.updated_at`, m.ID, id, tx.now)
		if err != nil {
			return err
		}
	}
	return nil
}

// RSVP records whether the signed-in person will come to a meeting. Before the
// meeting only: afterwards, attendance is what counts.
func (db *DB) RSVP(ctx context.Context, slug string, id int64, r copse.RSVP) (*copse.Meeting, error) {
	var m *copse.Meeting
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeRSVP(c); err != nil {
			return err
		}
		if !r.Valid() {
			return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"rsvp": `must be "yes", "no" or "maybe"`}}
		}
		if m, err = tx.findMeeting(ctx, c, id); err != nil {
			return err
		}
		if m.Status != copse.MeetingScheduled || !m.StartsAt.After(tx.now) {
			return copse.Errorf(copse.ECONFLICT, "This meeting is %s; answers are for meetings still to come.", rsvpClosed(m, tx.now))
		}
		_, err = tx.exec(ctx, `INSERT INTO meeting_attendees (meeting_id, user_id, rsvp, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (meeting_id, user_id) DO UPDATE SET rsvp = excluded.rsvp, updated_at = excluded.updated_at`,
			m.ID, v.User.ID, string(r), tx.now)
		if err != nil {
			return err
		}
		return tx.fillMeetings(ctx, []*copse.Meeting{m})
	})
	if err != nil {
		return nil, fmt.Errorf("store: rsvp: %w", err)
	}
	return m, nil
}

func rsvpClosed(m *copse.Meeting, now time.Time) string {
	if m.Status != copse.MeetingScheduled {
		return string(m.Status)
	}
	if m.EndsAt.After(now) {
		return "under way"
	}
	return "over"
}
