package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// CreateMeeting schedules a one-off meeting (facilitators and the core team), or,
// when n.Occurrence is set, prepares that occurrence of the community's cadence so it
// can have an agenda, RSVPs and notes (anyone in the community: saying you will come
// prepares it too). Preparing an occurrence twice returns the meeting prepared first,
// with created false. Without n.Agenda, a new meeting proposes the top-voted planned
// topics that no other coming meeting has taken, for a facilitator to reorder or trim.
func (db *DB) CreateMeeting(ctx context.Context, slug string, n copse.NewMeeting) (m *copse.Meeting, created bool, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if n.Occurrence != nil {
			if err := v.AuthorizeRSVP(c); err != nil {
				return err
			}
		} else if err := v.AuthorizeMeetings(c); err != nil {
			return err
		}
		if err := n.Validate(c.Cadence); err != nil {
			return err
		}
		if n.Occurrence != nil {
			m, created, err = tx.prepareOccurrence(ctx, c, *n.Occurrence)
			return err
		}
		if n.Title == "" {
			n.Title = c.Name
		}
		id, err := tx.insert(ctx, `INSERT INTO meetings (community_id, title, starts_at, ends_at, timezone, location, status,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, n.Title, n.StartsAt.UTC(), n.EndsAt.UTC(), n.Timezone, n.Location, string(copse.MeetingScheduled), v.User.ID, tx.now, tx.now)
		if err != nil {
			return err
		}
		if m, err = tx.findMeeting(ctx, c, id); err != nil {
			return err
		}
		if err := tx.startAgenda(ctx, c, m, n.Agenda); err != nil {
			return err
		}
		created = true
		if err := tx.fillMeetings(ctx, []*copse.Meeting{m}); err != nil {
			return err
		}
		if err := tx.indexMeeting(ctx, c, m); err != nil {
			return err
		}
		if err := tx.recordEvent(ctx, EventMeetingScheduled, c.ID, "meeting", m.ID, newMeetingEvent(m)); err != nil {
			return err
		}
		if n.Agenda != nil && len(*n.Agenda) > 0 { // an agenda given with the meeting is published with it
			if err := tx.publishAgenda(ctx, c, m, false); err != nil {
				return err
			}
		}
		return tx.applyLifecycle(ctx, c, true)
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: create meeting: %w", err)
	}
	return m, created, nil
}

// prepareOccurrence stores an occurrence of the cadence as a meeting, once.
func (tx *Tx) prepareOccurrence(ctx context.Context, c *copse.Community, at time.Time) (*copse.Meeting, bool, error) {
	s, err := tx.series(ctx, c)
	if err != nil {
		return nil, false, err
	}
	if err := s.CheckOccurrence(c, at); err != nil {
		return nil, false, err
	}
	var id int64
	err = tx.queryRow(ctx, "SELECT id FROM meetings WHERE community_id = ? AND occurrence_at = ?", c.ID, at.UTC()).Scan(&id)
	created := errors.Is(err, sql.ErrNoRows)
	switch {
	case created:
		id, err = tx.insert(ctx, `INSERT INTO meetings (community_id, title, starts_at, ends_at, timezone, status, occurrence_at,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, s.Title, at.UTC(), at.Add(s.Duration()).UTC(), s.Cadence.Timezone, string(copse.MeetingScheduled), at.UTC(),
			copse.UserFromContext(ctx).ID, tx.now, tx.now)
		if err != nil {
			return nil, false, err
		}
	case err != nil:
		return nil, false, err
	}
	m, err := tx.findMeeting(ctx, c, id)
	if err != nil {
		return nil, false, err
	}
	if created {
		if err := tx.startAgenda(ctx, c, m, nil); err != nil {
			return nil, false, err
		}
	}
	if err := tx.fillMeetings(ctx, []*copse.Meeting{m}); err != nil {
		return nil, false, err
	}
	if created {
		return m, created, tx.indexMeeting(ctx, c, m)
	}
	return m, created, nil
}

// indexMeeting (re)writes a meeting's search document: its title, the titles of
// the topics on its agenda and its notes, so the history is searched by what was
// decided. Its visibility is its community's, which search checks at query time.
func (tx *Tx) indexMeeting(ctx context.Context, c *copse.Community, m *copse.Meeting) error {
	parts := make([]string, 0, len(m.Agenda)+1)
	for _, t := range m.Agenda {
		parts = append(parts, t.Title)
	}
	parts = append(parts, plainText(m.Notes))
	return tx.index(ctx, "meeting", m.ID, c.ID, copse.VisibilityPublic, m.Title, strings.Join(parts, "\n"))
}

// startAgenda gives a new meeting its agenda: the topics asked for, or the proposal.
func (tx *Tx) startAgenda(ctx context.Context, c *copse.Community, m *copse.Meeting, ids *[]int64) error {
	if ids != nil {
		return tx.setAgenda(ctx, c, m, *ids)
	}
	rows, err := tx.query(ctx, `SELECT t.id FROM topics t WHERE t.community_id = ? AND t.stage = 'planned'
		AND NOT EXISTS (SELECT 1 FROM agenda_items a JOIN meetings o ON o.id = a.meeting_id
			WHERE a.topic_id = t.id AND o.status = 'scheduled' AND o.id <> ?)`+" ORDER BY t.votes DESC, t.created_at, t.id LIMIT ?",
		c.ID, m.ID, copse.DefaultAgendaLen)
	if err != nil {
		return err
	}
	var proposed []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		proposed = append(proposed, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.setAgenda(ctx, c, m, proposed)
}

// setAgenda replaces a meeting's agenda with topics of its community, in order.
func (tx *Tx) setAgenda(ctx context.Context, c *copse.Community, m *copse.Meeting, ids []int64) error {
	if len(ids) > 0 {
		rows, err := tx.query(ctx, "SELECT id FROM topics WHERE community_id = ? AND id IN ("+placeholders(len(ids))+")",
			append([]any{c.ID}, int64sToAny(ids)...)...)
		if err != nil {
			return err
		}
		var found []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			found = append(found, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if !slices.Contains(found, id) {
				return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
					Fields: map[string]string{"agenda": fmt.Sprintf("topic %d is not on the board of %s", id, c.Name)}}
			}
		}
	}
	if _, err := tx.exec(ctx, "DELETE FROM agenda_items WHERE meeting_id = ?", m.ID); err != nil {
		return err
	}
	for i, id := range ids {
		if _, err := tx.exec(ctx, "INSERT INTO agenda_items (meeting_id, position, topic_id) VALUES (?, ?, ?)", m.ID, i, id); err != nil {
			return err
		}
	}
	return nil
}

// publishAgenda marks the agenda published and records the event notifications send.
func (tx *Tx) publishAgenda(ctx context.Context, c *copse.Community, m *copse.Meeting, update bool) error {
	if _, err := tx.exec(ctx, "UPDATE meetings SET agenda_published_at = ? WHERE id = ?", tx.now, m.ID); err != nil {
		return err
	}
	m.AgendaPublishedAt = &tx.now
	e := newMeetingEvent(m)
	e.Update = update
	return tx.recordEvent(ctx, EventAgendaPublished, c.ID, "meeting", m.ID, e)
}

// UpdateMeeting changes a meeting (facilitators and the core team): moves or cancels
// it, edits its agenda, marks it held — which moves the topics on its agenda to
// discussed, linked to it — and records its notes, materials and attendance.
func (db *DB) UpdateMeeting(ctx context.Context, slug string, id int64, u copse.MeetingUpdate) (*copse.Meeting, error) {
	var m *copse.Meeting
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeMeetings(c); err != nil {
			return err
		}
		if m, err = tx.findMeeting(ctx, c, id); err != nil {
			return err
		}
		if err := u.Validate(m); err != nil {
			return err
		}
		if err := copse.CheckMeetingUpdate(m, &u, tx.now); err != nil {
			return err
		}
		if err := tx.fillMeetings(ctx, []*copse.Meeting{m}); err != nil {
			return err
		}
		return tx.applyMeetingUpdate(ctx, c, m, u)
	})
	if err != nil {
		return nil, fmt.Errorf("store: update meeting: %w", err)
	}
	return m, nil
}

func (tx *Tx) applyMeetingUpdate(ctx context.Context, c *copse.Community, m *copse.Meeting, u copse.MeetingUpdate) error {
	before := *m
	// SEQUENCE grows with each change a calendar shows: when, where, what, whether.
	changed := u.Reschedules() && (!u.StartsAt.Equal(m.StartsAt) || !u.EndsAt.Equal(m.EndsAt)) ||
		u.Title != nil && *u.Title != m.Title || u.Location != nil && *u.Location != m.Location ||
		u.Status != nil && *u.Status != m.Status || u.Timezone != nil && *u.Timezone != m.Timezone
	seq := m.Sequence
	if changed {
		seq++
	}
	var starts, ends *time.Time
	if u.Reschedules() {
		s, e := u.StartsAt.UTC(), u.EndsAt.UTC()
		starts, ends = &s, &e
	}
	_, err := tx.exec(ctx, `UPDATE meetings SET title = coalesce(?, title), starts_at = coalesce(?, starts_at),
		ends_at = coalesce(?, ends_at), timezone = coalesce(?, timezone), location = coalesce(?, location),
		status = coalesce(?, status), notes = coalesce(?, notes), sequence = ?, updated_at = ? WHERE id = ?`,
		u.Title, starts, ends, u.Timezone, u.Location, (*string)(u.Status), u.Notes, seq, tx.now, m.ID)
	if err != nil {
		return err
	}
	if u.Agenda != nil {
		if err := tx.setAgenda(ctx, c, m, *u.Agenda); err != nil {
			return err
		}
	}
	if u.Materials != nil {
		if _, err := tx.exec(ctx, "DELETE FROM meeting_materials WHERE meeting_id = ?", m.ID); err != nil {
			return err
		}
		for i, l := range *u.Materials {
			if _, err := tx.exec(ctx, "INSERT INTO meeting_materials (meeting_id, position, title, url) VALUES (?, ?, ?, ?)", m.ID, i, l.Title, l.URL); err != nil {
				return err
			}
		}
	}
	if u.Attended != nil {
		if err := tx.setAttended(ctx, c, m, *u.Attended); err != nil {
			return err
		}
	}
	if err := tx.reloadMeeting(ctx, c, m); err != nil {
		return err
	}
	if err := tx.meetingEvents(ctx, c, &before, m, u); err != nil {
		return err
	}
	return tx.indexMeeting(ctx, c, m)
}

// meetingEvents applies what follows from a change: topics discussed at a held
// meeting, the series' SEQUENCE when an occurrence is cancelled or restored, and the
// events notifications send.
func (tx *Tx) meetingEvents(ctx context.Context, c *copse.Community, before, m *copse.Meeting, u copse.MeetingUpdate) error {
	if m.Status == copse.MeetingHeld && before.Status != copse.MeetingHeld {
		// Topics still waiting on the agenda of a held meeting were discussed there;
		// those already further on (an action, done) stay where they are.
		_, err := tx.exec(ctx, `UPDATE topics SET stage = 'discussed', meeting_id = ?, updated_at = ?
			WHERE stage IN ('proposed', 'planned') AND id IN (SELECT topic_id FROM agenda_items WHERE meeting_id = ?)`, m.ID, tx.now, m.ID)
		if err != nil {
			return err
		}
		if err := tx.reloadMeeting(ctx, c, m); err != nil {
			return err
		}
		if err := tx.applyLifecycle(ctx, c, true); err != nil {
			return err
		}
	}
	if m.Occurrence != nil && (m.Status == copse.MeetingCancelled) != (before.Status == copse.MeetingCancelled) {
		if _, err := tx.exec(ctx, "UPDATE communities SET series_sequence = series_sequence + 1 WHERE id = ?", c.ID); err != nil {
			return err
		}
	}
	switch {
	case m.Status == copse.MeetingCancelled && before.Status != copse.MeetingCancelled:
		if err := tx.recordEvent(ctx, EventMeetingCancelled, c.ID, "meeting", m.ID, newMeetingEvent(m)); err != nil {
			return err
		}
	case !m.StartsAt.Equal(before.StartsAt) || !m.EndsAt.Equal(before.EndsAt) || m.Status == copse.MeetingScheduled && before.Status == copse.MeetingCancelled:
		if err := tx.recordEvent(ctx, EventMeetingRescheduled, c.ID, "meeting", m.ID, newMeetingEvent(m)); err != nil {
			return err
		}
	}
	published := before.AgendaPublishedAt != nil
	agendaChanged := u.Agenda != nil && !sameAgenda(before.Agenda, m.Agenda)
	switch {
	case u.AgendaPublished != nil && !*u.AgendaPublished:
		if _, err := tx.exec(ctx, "UPDATE meetings SET agenda_published_at = NULL WHERE id = ?", m.ID); err != nil {
			return err
		}
		m.AgendaPublishedAt = nil
	case u.AgendaPublished != nil && !published, published && agendaChanged:
		if err := tx.publishAgenda(ctx, c, m, published); err != nil {
			return err
		}
	}
	if m.Status == copse.MeetingHeld && m.Notes != "" && m.NotesPublishedAt == nil {
		if _, err := tx.exec(ctx, "UPDATE meetings SET notes_published_at = ? WHERE id = ?", tx.now, m.ID); err != nil {
			return err
		}
		m.NotesPublishedAt = &tx.now
		e := struct {
			meetingEvent
			Notes string `json:"notes"`
		}{newMeetingEvent(m), m.Notes}
		if err := tx.recordEvent(ctx, EventNotesPublished, c.ID, "meeting", m.ID, e); err != nil {
			return err
		}
	}
	return nil
}

func sameAgenda(a, b []copse.Topic) bool {
	return slices.EqualFunc(a, b, func(x, y copse.Topic) bool { return x.ID == y.ID })
}

// reloadMeeting reads the meeting again, in full, after a change.
func (tx *Tx) reloadMeeting(ctx context.Context, c *copse.Community, m *copse.Meeting) error {
	fresh, err := tx.findMeeting(ctx, c, m.ID)
	if err != nil {
		return err
	}
	if err := tx.fillMeetings(ctx, []*copse.Meeting{fresh}); err != nil {
		return err
	}
	*m = *fresh
	return nil
}
