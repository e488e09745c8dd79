package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/copse-dev/copse"
)

// FindPerson returns a profile as the viewer in ctx may see it: the communities the
// viewer can see the person in, their points, rank and contributions, and — unless
// they are badgeless, or it is their own profile — their organisation and employment.
func (db *DB) FindPerson(ctx context.Context, handle string) (*copse.Person, error) {
	me := copse.UserFromContext(ctx)
	var p *copse.Person
	err := db.view(ctx, func(tx *Tx) error {
		var (
			org  string
			show bool
			emp  string
		)
		p = &copse.Person{Expertise: []string{}, Communities: []copse.PersonCommunity{}}
		err := tx.queryRow(ctx, "SELECT id, handle, name, organisation, show_organisation, employment, created_at FROM users WHERE handle = ?",
			copse.NormalizeHandle(handle)).Scan(&p.ID, &p.Handle, &p.Name, &org, &show, &emp, dbTime{&p.JoinedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("No one has the handle %q.", handle)
		}
		if err != nil {
			return err
		}
		self := me != nil && me.ID == p.ID
		p.Badgeless = !show
		if show || self {
			p.Organisation, p.Employment = org, copse.Employment(emp)
		}
		if p.Expertise, err = tx.expertiseOf(ctx, p.ID); err != nil {
			return err
		}
		if err := tx.personCommunities(ctx, p, self); err != nil {
			return err
		}
		th, err := tx.rankThresholds(ctx)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, "SELECT rule, count(*), coalesce(sum(points), 0) FROM points WHERE user_id = ? GROUP BY rule", p.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				rule      string
				n, points int
			)
			if err := rows.Scan(&rule, &n, &points); err != nil {
				return err
			}
			p.Contributions.Add(rule, n)
			p.Points += points
		}
		p.Rank = th.RankFor(p.Points)
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: find person: %w", err)
	}
	return p, nil
}

func (tx *Tx) expertiseOf(ctx context.Context, userID int64) ([]string, error) {
	out := []string{}
	err := tx.each(ctx, "SELECT user_id, tag FROM user_expertise WHERE user_id = ? ORDER BY position", []any{userID},
		func(_ int64, s ...string) { out = append(out, s[0]) })
	return out, err
}

// personCommunities fills the communities the viewer can see the person in, with
// their role, confirmed ladder stage and points there; their declared commitment
// only for themselves.
func (tx *Tx) personCommunities(ctx context.Context, p *copse.Person, self bool) error {
	me := copse.UserFromContext(ctx)
	rows, err := tx.query(ctx, `SELECT c.id, c.slug, c.name, m.role, m.commitment_hours,
		(SELECT coalesce(sum(pt.points), 0) FROM points pt WHERE pt.user_id = m.user_id AND pt.community_id = c.id)
		FROM members m JOIN communities c ON c.id = m.community_id
		WHERE m.user_id = ? AND `+visible+` ORDER BY c.name, c.id`, append([]any{p.ID}, visibleArgs(me)...)...)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var (
			pc    copse.PersonCommunity
			id    int64
			hours sql.NullInt64
		)
		if err := rows.Scan(&id, &pc.Slug, &pc.Name, (*string)(&pc.Role), &hours, &pc.Points); err != nil {
			rows.Close()
			return err
		}
		if hours.Valid && self {
			h := int(hours.Int64)
			pc.CommitmentHours = &h
		}
		ids = append(ids, id)
		p.Communities = append(p.Communities, pc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stages, err := tx.stagesOf(ctx, p.ID, ids)
	if err != nil {
		return err
	}
	for i, id := range ids {
		p.Communities[i].Stage = stages[id]
	}
	return nil
}

// PointsOf returns a page of the person's points, newest first, each with its rule
// and subject; entries about things the viewer may not read are left out.
func (db *DB) PointsOf(ctx context.Context, handle string, limit int, cursor string) (copse.Page[copse.PointEntry], error) {
	var page copse.Page[copse.PointEntry]
	me := copse.UserFromContext(ctx)
	cur, err := decodeCursorParts(cursor, 2)
	if err != nil {
		return page, err
	}
	limit = copse.ClampLimit(limit)
	err = db.view(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, copse.NormalizeHandle(handle))
		if err != nil {
			return err
		}
		// An answer's point links to its question, the page that shows the answer.
		q := `SELECT p.id, p.rule, coalesce(a.question_id, p.subject_id), p.title, p.points, p.earned_at, coalesce(c.slug, '')
			FROM points p LEFT JOIN communities c ON c.id = p.community_id
			LEFT JOIN answers a ON a.id = p.subject_id AND p.rule IN ('answer.given', 'answer.accepted')
			WHERE p.user_id = ? AND ` + readable("p")
		args := append([]any{u.ID}, readableArgs(me)...)
		if cursor != "" {
			id, err := strconv.ParseInt(cur[1], 10, 64)
			if err != nil {
				return badCursor()
			}
			q += " AND (p.earned_at < ? OR p.earned_at = ? AND p.id < ?)"
			at, err := parseCursorTime(cur[0])
			if err != nil {
				return badCursor()
			}
			args = append(args, at, at, id)
		}
		rows, err := tx.query(ctx, q+" ORDER BY p.earned_at DESC, p.id DESC LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var (
				e         copse.PointEntry
				id, subj  int64
				community string
			)
			if err := rows.Scan(&id, &e.Rule, &subj, &e.Title, &e.Points, dbTime{&e.EarnedAt}, &community); err != nil {
				return err
			}
			e.Community, e.URL = community, pointURL(e.Rule, subj, community)
			page.Items, ids = append(page.Items, e), append(ids, id)
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			last := page.Items[limit-1]
			page.Next = encodeCursor(last.EarnedAt.UTC().Format(sqliteTime), strconv.FormatInt(ids[limit-1], 10))
		}
		return rows.Err()
	})
	if err != nil {
		return page, fmt.Errorf("store: points of: %w", err)
	}
	if page.Items == nil {
		page.Items = []copse.PointEntry{}
	}
	return page, nil
}

// pointURL is where a point's subject is read.
func pointURL(rule string, id int64, slug string) string {
	switch rule {
	case "resource.shared":
		return copse.SearchURL("resource", id, slug)
	case "meeting.facilitated":
		return copse.SearchURL("meeting", id, slug)
	case "answer.given", "answer.accepted": // id is the answer's question
		return copse.SearchURL("question", id, slug)
	}
	return copse.SearchURL("topic", id, slug)
}

// UpdatePerson changes the signed-in person's own profile. A change of employment
// rechecks the teams they are in, in the same transaction: the rule depends on it.
func (db *DB) UpdatePerson(ctx context.Context, up copse.PersonUpdate) (*copse.Person, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change your profile.")
	}
	if err := up.Validate(); err != nil {
		return nil, err
	}
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE users SET name = coalesce(?, name), organisation = coalesce(?, organisation),
			show_organisation = coalesce(?, show_organisation), employment = coalesce(?, employment), updated_at = ? WHERE id = ?`,
			up.Name, up.Organisation, up.ShowOrganisation, (*string)(up.Employment), tx.now, me.ID)
		if err != nil {
			return err
		}
		if up.Expertise != nil {
			if err := tx.setExpertise(ctx, me.ID, *up.Expertise); err != nil {
				return err
			}
		}
		if up.Employment != nil {
			return tx.recheckTeamsOf(ctx, me.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: update person: %w", err)
	}
	return db.FindPerson(ctx, me.Handle)
}

func (tx *Tx) setExpertise(ctx context.Context, userID int64, tags []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM user_expertise WHERE user_id = ?", userID); err != nil {
		return err
	}
	for i, t := range tags {
		if _, err := tx.exec(ctx, "INSERT INTO user_expertise (user_id, tag, position) VALUES (?, ?, ?)", userID, t, i); err != nil {
			return err
		}
	}
	return nil
}

// SetCommitment records the hours a month the signed-in person says they give the
// community (seed 002: 3-5 for active members); nil withdraws the declaration.
func (db *DB) SetCommitment(ctx context.Context, slug string, hours *int) error {
	err := db.update(ctx, func(tx *Tx) error { return tx.setCommitment(ctx, slug, hours) })
	if err != nil {
		return fmt.Errorf("store: commitment: %w", err)
	}
	return nil
}

// SetCommitments records the person's hours for several communities at once, all or
// nothing; a bad number is reported under the community's slug. Archived
// communities keep what they had.
func (db *DB) SetCommitments(ctx context.Context, hours map[string]*int) error {
	p := copse.Problems{}
	for slug, h := range hours {
		if err := copse.ValidateCommitment(h); err != nil {
			p.Add(slug, copse.ErrorFields(err)["hours_per_month"])
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	err := db.update(ctx, func(tx *Tx) error {
		for slug, h := range hours {
			if err := tx.setCommitment(ctx, slug, h); err != nil && copse.ErrorCode(err) != copse.ECONFLICT {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: commitments: %w", err)
	}
	return nil
}

func (tx *Tx) setCommitment(ctx context.Context, slug string, hours *int) error {
	c, v, err := tx.findCommunity(ctx, slug, false)
	if err != nil {
		return err
	}
	switch {
	case v.User == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to declare your commitment.")
	case v.Role == "":
		return copse.Errorf(copse.EFORBIDDEN, "Join %s first: members declare the hours they give it.", c.Name)
	}
	if err := copse.Writable(c); err != nil {
		return err
	}
	if err := copse.ValidateCommitment(hours); err != nil {
		return err
	}
	_, err = tx.exec(ctx, "UPDATE members SET commitment_hours = ? WHERE community_id = ? AND user_id = ?", hours, c.ID, v.User.ID)
	return err
}
