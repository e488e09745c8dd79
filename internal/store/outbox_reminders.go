package store

import (
	"context"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// Reminders go out a day before a meeting: when a scan finds a meeting starting
// within remindAhead and not sooner than remindLatest, it records one
// meeting.reminder event, once per meeting whoever scans (the reminders table's key).
const (
	remindAhead  = 24 * time.Hour
	remindLatest = time.Hour // closer than this, a reminder is noise
)

// ReminderPayload is a meeting.reminder event: what the mail says, and what its
// .ics attachment needs to match the community's calendar feed.
type ReminderPayload struct {
	Community   string     `json:"community"`
	CommunityID int64      `json:"community_id"`
	MeetingID   int64      `json:"meeting_id,omitempty"` // 0: an occurrence nobody has prepared
	Title       string     `json:"title"`
	StartsAt    time.Time  `json:"starts_at"`
	EndsAt      time.Time  `json:"ends_at"`
	Timezone    string     `json:"timezone"`
	Location    string     `json:"location"`
	Occurrence  *time.Time `json:"occurrence,omitempty"`
	Path        string     `json:"path"`
}

// ScheduleReminders records the reminder events that are due and returns how many.
// It reads the calendars of the communities with a cadence or a meeting in the
// window in a fixed number of queries, however many they are.
func (db *DB) ScheduleReminders(ctx context.Context) (int, error) {
	n := 0
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		from, to := tx.now.Add(remindLatest), tx.now.Add(remindAhead)
		rows, err := tx.query(ctx, communitySelect+` WHERE c.status <> 'archived' AND (c.cadence_rrule <> ''
			OR EXISTS (SELECT 1 FROM meetings m WHERE m.community_id = c.id AND m.status = 'scheduled' AND m.starts_at >= ? AND m.starts_at < ?))
			ORDER BY c.id`, int64(0), from, to)
		if err != nil {
			return err
		}
		var cs []*copse.Community
		for rows.Next() {
			c, _, err := scanCommunity(rows)
			if err != nil {
				rows.Close()
				return err
			}
			cs = append(cs, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		cals, err := tx.calendars(ctx, cs)
		if err != nil {
			return err
		}
		for _, cal := range cals {
			c := cal.Community
			for _, it := range copse.BuildSchedule(c.Slug, cal.Series, cal.Meetings, from, to, 5) {
				if it.Status != copse.MeetingScheduled {
					continue
				}
				res, err := tx.exec(ctx, "INSERT INTO reminders (community_id, starts_at, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
					c.ID, it.StartsAt.UTC(), tx.now)
				if err != nil {
					return err
				}
				if added, _ := res.RowsAffected(); added == 0 {
					continue
				}
				p := ReminderPayload{Community: c.Slug, CommunityID: c.ID, Title: it.Title, StartsAt: it.StartsAt, EndsAt: it.EndsAt,
					Timezone: it.Timezone, Location: it.Location, Occurrence: it.Occurrence, Path: "/communities/" + c.Slug + "/meetings"}
				subject := int64(0)
				if it.MeetingID != nil {
					p.MeetingID, subject = *it.MeetingID, *it.MeetingID
					p.Path = fmt.Sprintf("/communities/%s/meetings/%d", c.Slug, *it.MeetingID)
				}
				if err := tx.recordEvent(ctx, "meeting.reminder", c.ID, "meeting", subject, p); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: schedule reminders: %w", err)
	}
	return n, nil
}
