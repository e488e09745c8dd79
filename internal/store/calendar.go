package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/auth"
)

// calendarTokenPrefix marks a private calendar address, so a leaked one is recognised.
const calendarTokenPrefix = "cal_"

// calendarHistory is how far back a feed lists one-off meetings: calendars keep what
// they have seen, and the full history is on the site.
const calendarHistory = 400 * 24 * time.Hour

// Calendar is what a calendar feed shows of one community: its series (nil when it
// has no cadence) and its stored meetings — every stored occurrence of the series,
// which calendars need as exceptions, and the one-off meetings of the last year on.
type Calendar struct {
	Community *copse.Community
	Series    *copse.Series
	Meetings  []*copse.Meeting
}

// CommunityCalendar returns the calendar of a community the viewer may see.
func (db *DB) CommunityCalendar(ctx context.Context, slug string) (*Calendar, error) {
	var cal *Calendar
	err := db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		cals, err := tx.calendars(ctx, []*copse.Community{c})
		if err != nil {
			return err
		}
		cal = cals[0]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: community calendar: %w", err)
	}
	return cal, nil
}

// calendars loads the series and meetings of several communities, in three queries
// whatever their number.
func (tx *Tx) calendars(ctx context.Context, cs []*copse.Community) ([]*Calendar, error) {
	out := make([]*Calendar, len(cs))
	if len(cs) == 0 {
		return out, nil
	}
	byID := map[int64]*Calendar{}
	ids := make([]any, len(cs))
	for i, c := range cs {
		out[i] = &Calendar{Community: c}
		byID[c.ID], ids[i] = out[i], c.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	seqs := map[int64]int{}
	rows, err := tx.query(ctx, "SELECT id, series_sequence FROM communities WHERE id IN "+in, ids...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var seq int
		if err := rows.Scan(&id, &seq); err != nil {
			rows.Close()
			return nil, err
		}
		seqs[id] = seq
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, cal := range out {
		if c := cal.Community; c.Cadence != nil && c.Status != copse.StatusArchived {
			cal.Series = copse.NewSeries(c, seqs[c.ID])
		}
	}
	ms, err := tx.queryMeetings(ctx, "", meetingSelect+" WHERE m.community_id IN "+in+
		" AND (m.occurrence_at IS NOT NULL OR m.starts_at >= ?) ORDER BY m.starts_at, m.id",
		append(ids, tx.now.Add(-calendarHistory))...)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		cal := byID[m.CommunityID]
		m.Community = cal.Community.Slug
		cal.Meetings = append(cal.Meetings, m)
	}
	return out, tx.fillMeetings(ctx, ms)
}

// PersonalCalendar returns the calendars of every community the owner of a private
// calendar token belongs to, as that person sees them.
func (db *DB) PersonalCalendar(ctx context.Context, token string) (*copse.User, []*Calendar, error) {
	var (
		u    *copse.User
		cals []*Calendar
	)
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, "SELECT "+userColumns+" FROM calendar_tokens ct JOIN users u ON u.id = ct.user_id WHERE ct.token_hash = ?",
			auth.HashToken(token)))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("This calendar address is not valid: it may have been replaced. Copy the current one from your account page.")
		}
		if err != nil {
			return err
		}
		ctx := copse.WithUser(ctx, u)
		rows, err := tx.query(ctx, communitySelect+` JOIN members mine ON mine.community_id = c.id AND mine.user_id = ?
			WHERE c.status <> 'archived' ORDER BY c.slug`, u.ID, u.ID)
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
		cals, err = tx.calendars(ctx, cs)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: personal calendar: %w", err)
	}
	return u, cals, nil
}

// CalendarTokenCreated returns when the signed-in person's private calendar address
// was made, or the zero time when they have none.
func (db *DB) CalendarTokenCreated(ctx context.Context) (time.Time, error) {
	var at time.Time
	me := copse.UserFromContext(ctx)
	if me == nil {
		return at, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to see your calendar address.")
	}
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT created_at FROM calendar_tokens WHERE user_id = ?", me.ID).Scan(dbTime{&at})
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return at, err
}

// NewCalendarToken gives the signed-in person a new private calendar address and
// returns its secret, which is shown once; the previous address stops working.
func (db *DB) NewCalendarToken(ctx context.Context) (string, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return "", copse.Errorf(copse.EUNAUTHORIZED, "Sign in to subscribe to your calendar.")
	}
	token, hash := auth.NewToken(calendarTokenPrefix)
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, me.ID, hash, tx.now)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: new calendar token: %w", err)
	}
	return token, nil
}

// RevokeCalendarToken ends the signed-in person's private calendar address.
func (db *DB) RevokeCalendarToken(ctx context.Context) error {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change your calendar address.")
	}
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM calendar_tokens WHERE user_id = ?", me.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: revoke calendar token: %w", err)
	}
	return nil
}
