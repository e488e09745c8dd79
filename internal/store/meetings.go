package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

const meetingSelect = `SELECT m.id, m.community_id, m.title, m.starts_at, m.ends_at, m.timezone, m.location, m.status,
	m.occurrence_at, m.notes, m.agenda_published_at, m.notes_published_at, m.sequence, m.created_at, m.updated_at
	FROM meetings m`

func scanMeeting(row interface{ Scan(...any) error }) (*copse.Meeting, error) {
	var (
		m                         copse.Meeting
		occurrence, agenda, notes time.Time
	)
	err := row.Scan(&m.ID, &m.CommunityID, &m.Title, dbTime{&m.StartsAt}, dbTime{&m.EndsAt}, &m.Timezone, &m.Location, &m.Status,
		dbTime{&occurrence}, &m.Notes, dbTime{&agenda}, dbTime{&notes}, &m.Sequence, dbTime{&m.CreatedAt}, dbTime{&m.UpdatedAt})
	m.Occurrence, m.AgendaPublishedAt, m.NotesPublishedAt = timePtr(occurrence), timePtr(agenda), timePtr(notes)
	m.Agenda, m.Materials, m.Attendees = []copse.Topic{}, []copse.Link{}, []copse.Attendee{}
	return &m, err
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// queryMeetings runs a meetingSelect query for meetings of one community.
func (tx *Tx) queryMeetings(ctx context.Context, slug, q string, args ...any) ([]*copse.Meeting, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*copse.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		m.Community = slug
		out = append(out, m)
	}
	return out, rows.Err()
}

// findMeeting loads a meeting of the community, without its agenda and people.
func (tx *Tx) findMeeting(ctx context.Context, c *copse.Community, id int64) (*copse.Meeting, error) {
	m, err := scanMeeting(tx.queryRow(ctx, meetingSelect+" WHERE m.id = ? AND m.community_id = ?", id, c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("%s has no meeting %d.", c.Name, id)
	}
	if err != nil {
		return nil, err
	}
	m.Community = c.Slug
	return m, nil
}

// meetingBelongs checks that a meeting a request names is one of the community's.
func (tx *Tx) meetingBelongs(ctx context.Context, c *copse.Community, id int64) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT count(*) FROM meetings WHERE id = ? AND community_id = ?", id, c.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"meeting_id": fmt.Sprintf("%s has no meeting %d", c.Name, id)}}
	}
	return nil
}

// fillMeetings loads the agendas, materials and attendees of a page of meetings in
// three queries, whatever the page size.
func (tx *Tx) fillMeetings(ctx context.Context, ms []*copse.Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[int64]*copse.Meeting, len(ms))
	ids := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID], ids[i] = m, m.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	rows, err := tx.query(ctx, "SELECT a.meeting_id, "+topicColumns+topicFrom+" JOIN agenda_items a ON a.topic_id = t.id WHERE a.meeting_id IN "+in+
		" ORDER BY a.meeting_id, a.position", append([]any{viewerID(copse.UserFromContext(ctx))}, ids...)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var meetingID int64
		t, _, err := scanTopic(prefixRow{rows, &meetingID})
		if err != nil {
			rows.Close()
			return err
		}
		m := byID[meetingID]
		t.Community = m.Community
		m.Agenda = append(m.Agenda, *t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	err = tx.each(ctx, "SELECT meeting_id, title, url FROM meeting_materials WHERE meeting_id IN "+in+" ORDER BY meeting_id, position", ids,
		func(id int64, s ...string) {
			byID[id].Materials = append(byID[id].Materials, copse.Link{Title: s[0], URL: s[1]})
		})
	if err != nil {
		return err
	}
	rows, err = tx.query(ctx, `SELECT a.meeting_id, u.handle, u.name, a.rsvp, a.attended FROM meeting_attendees a
		JOIN users u ON u.id = a.user_id WHERE a.meeting_id IN `+in+" ORDER BY a.meeting_id, u.handle", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id int64
			a  copse.Attendee
		)
		if err := rows.Scan(&id, &a.Handle, &a.Name, &a.RSVP, &a.Attended); err != nil {
			return err
		}
		byID[id].Attendees = append(byID[id].Attendees, a)
	}
	return rows.Err()
}

// prefixRow scans one leading column, then the row a scanner expects.
type prefixRow struct {
	rows  *sql.Rows
	first any
}

func (r prefixRow) Scan(dest ...any) error { return r.rows.Scan(append([]any{r.first}, dest...)...) }

// FindMeeting returns a meeting of a community the viewer may see, in full.
func (db *DB) FindMeeting(ctx context.Context, slug string, id int64) (*copse.Meeting, error) {
	var m *copse.Meeting
	err := db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		if m, err = tx.findMeeting(ctx, c, id); err != nil {
			return err
		}
		return tx.fillMeetings(ctx, []*copse.Meeting{m})
	})
	if err != nil {
		return nil, fmt.Errorf("store: find meeting: %w", err)
	}
	return m, nil
}

// MeetingFilter narrows a community's meetings.
type MeetingFilter struct {
	Q      string // words in the title, notes, materials or agenda: "what did we decide about X"
	Year   int    // only meetings that started in this year (UTC)
	Past   bool   // only meetings that have started
	Limit  int
	Cursor string
}

// ListMeetings returns a page of a community's stored meetings, newest first, in full.
func (db *DB) ListMeetings(ctx context.Context, slug string, f MeetingFilter) (copse.Page[*copse.Meeting], error) {
	var page copse.Page[*copse.Meeting]
	cur, err := decodeCursorParts(f.Cursor, 2)
	if err != nil {
		return page, err
	}
	if f.Year != 0 && (f.Year < 1990 || f.Year > 2099) {
		return page, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"year": "must be a year from 1990 to 2099"}}
	}
	limit := copse.ClampLimit(f.Limit)
	err = db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		q := meetingSelect + " WHERE m.community_id = ?"
		args := []any{c.ID}
		if f.Year != 0 {
			q += " AND m.starts_at >= ? AND m.starts_at < ?"
			args = append(args, time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(f.Year+1, 1, 1, 0, 0, 0, 0, time.UTC))
		}
		if f.Past {
			q += " AND m.starts_at <= ?"
			args = append(args, tx.now)
		}
		if words := strings.TrimSpace(f.Q); words != "" {
			like := "%" + escapeLike(strings.ToLower(words)) + "%"
			q += ` AND (lower(m.title) LIKE ? ESCAPE '\' OR lower(m.notes) LIKE ? ESCAPE '\'
				OR EXISTS (SELECT 1 FROM meeting_materials mm WHERE mm.meeting_id = m.id AND lower(mm.title) LIKE ? ESCAPE '\')
				OR EXISTS (SELECT 1 FROM agenda_items a JOIN topics t ON t.id = a.topic_id
					WHERE a.meeting_id = m.id AND (lower(t.title) LIKE ? ESCAPE '\' OR lower(t.body) LIKE ? ESCAPE '\')))`
			args = append(args, like, like, like, like, like)
		}
		if f.Cursor != "" {
			at, err1 := time.Parse(time.RFC3339Nano, cur[0])
			id, err2 := strconv.ParseInt(cur[1], 10, 64)
			if err1 != nil || err2 != nil {
				return badCursor()
			}
			q += " AND (m.starts_at < ? OR m.starts_at = ? AND m.id < ?)"
			args = append(args, at, at, id)
		}
		items, err := tx.queryMeetings(ctx, c.Slug, q+" ORDER BY m.starts_at DESC, m.id DESC LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		if len(items) > limit {
			last := items[limit-1]
			items = items[:limit]
			page.Next = encodeCursor(last.StartsAt.Format(time.RFC3339Nano), strconv.FormatInt(last.ID, 10))
		}
		page.Items = items
		return tx.fillMeetings(ctx, items)
	})
	if err != nil {
		return page, fmt.Errorf("store: list meetings: %w", err)
	}
	if page.Items == nil {
		page.Items = []*copse.Meeting{}
	}
	return page, nil
}

// MeetingYears returns the years from a community's first meeting to its last that
// has started, newest first, for the history's year links.
func (db *DB) MeetingYears(ctx context.Context, communityID int64) ([]int, error) {
	var first, last time.Time
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT min(starts_at), max(starts_at) FROM meetings WHERE community_id = ? AND starts_at <= ?",
			communityID, tx.now).Scan(dbTime{&first}, dbTime{&last})
	})
	if err != nil {
		return nil, fmt.Errorf("store: meeting years: %w", err)
	}
	var years []int
	if !first.IsZero() {
		for y := last.Year(); y >= first.Year(); y-- {
			years = append(years, y)
		}
	}
	return years, nil
}

// series returns the community's series with its current SEQUENCE, or nil.
func (tx *Tx) series(ctx context.Context, c *copse.Community) (*copse.Series, error) {
	if c.Cadence == nil || c.Status == copse.StatusArchived {
		return nil, nil // an archived community keeps its history and meets no more
	}
	var seq int
	if err := tx.queryRow(ctx, "SELECT series_sequence FROM communities WHERE id = ?", c.ID).Scan(&seq); err != nil {
		return nil, err
	}
	return copse.NewSeries(c, seq), nil
}

// Schedule returns the meetings of a community that start in [from, to): its stored
// meetings and the occurrences of its cadence nobody has prepared yet, in order.
func (db *DB) Schedule(ctx context.Context, slug string, from, to time.Time, limit int) ([]copse.ScheduleItem, error) {
	if err := checkWindow(from, to); err != nil {
		return nil, err
	}
	var items []copse.ScheduleItem
	err := db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		s, err := tx.series(ctx, c)
		if err != nil {
			return err
		}
		stored, err := tx.queryMeetings(ctx, c.Slug, meetingSelect+` WHERE m.community_id = ?
			AND (m.starts_at >= ? AND m.starts_at < ? OR m.occurrence_at >= ? AND m.occurrence_at < ?)`, c.ID, from, to, from, to)
		if err != nil {
			return err
		}
		items = copse.BuildSchedule(c.Slug, s, stored, from, to, min(max(limit, 1), 1000))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: schedule: %w", err)
	}
	return items, nil
}

func checkWindow(from, to time.Time) error {
	switch {
	case !to.After(from):
		return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"to": "must be after from"}}
	case to.Sub(from) > copse.MaxScheduleWindow:
		return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"to": "must be at most 400 days after from"}}
	}
	return nil
}
