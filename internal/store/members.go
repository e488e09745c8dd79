package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/copse-dev/copse"
)

// roleRank orders members by responsibility: facilitators first.
const roleRank = "CASE m.role WHEN 'facilitator' THEN 0 WHEN 'core' THEN 1 WHEN 'member' THEN 2 ELSE 3 END"

// ListMembers returns a page of a community's members, facilitators first, then by handle.
func (db *DB) ListMembers(ctx context.Context, slug string, f copse.MemberFilter) (copse.Page[copse.Member], error) {
	var page copse.Page[copse.Member]
	cur, err := decodeCursorParts(f.Cursor, 2)
	if err != nil {
		return page, err
	}
	limit := copse.ClampLimit(f.Limit)
	err = db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		q := `SELECT u.id, u.handle, u.name, m.role, m.joined_at, ` + roleRank + ` FROM members m JOIN users u ON u.id = m.user_id
			WHERE m.community_id = ?`
		args := []any{c.ID}
		if f.Role != "" {
			q += " AND m.role = ?"
			args = append(args, string(f.Role))
		}
		if f.Cursor != "" {
			q += " AND (" + roleRank + " > ? OR " + roleRank + " = ? AND u.handle > ?)"
			rank, err := strconv.Atoi(cur[0])
			if err != nil {
				return badCursor()
			}
			args = append(args, rank, rank, cur[1])
		}
		q += " ORDER BY " + roleRank + ", u.handle LIMIT ?"
		rows, err := tx.query(ctx, q, append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var ranks []int
		for rows.Next() {
			var (
				m    copse.Member
				rank int
			)
			if err := rows.Scan(&m.UserID, &m.Handle, &m.Name, &m.Role, dbTime{&m.JoinedAt}, &rank); err != nil {
				return err
			}
			page.Items, ranks = append(page.Items, m), append(ranks, rank)
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = encodeCursor(fmt.Sprint(ranks[limit-1]), page.Items[limit-1].Handle)
		}
		return rows.Err()
	})
	if err != nil {
		return page, fmt.Errorf("store: list members: %w", err)
	}
	if page.Items == nil {
		page.Items = []copse.Member{}
	}
	return page, nil
}

// Join makes the signed-in person a member of the community in the given role
// (member when empty). Joining again in the same role changes nothing and reports
// joined=false.
func (db *DB) Join(ctx context.Context, slug string, role copse.Role) (m copse.Member, joined bool, err error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return m, false, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to join a community.")
	}
	return db.changeMembership(ctx, slug, me.Handle, role, true)
}

// AddMember adds someone else to the community (facilitators and admins).
func (db *DB) AddMember(ctx context.Context, slug, handle string, role copse.Role) (copse.Member, error) {
	m, _, err := db.changeMembership(ctx, slug, handle, role, true)
	return m, err
}

// SetRole changes a member's role.
func (db *DB) SetRole(ctx context.Context, slug, handle string, role copse.Role) (copse.Member, error) {
	if role == "" {
		return copse.Member{}, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"role": "is required"}}
	}
	m, _, err := db.changeMembership(ctx, slug, handle, role, false)
	return m, err
}

// RemoveMember ends a membership: the person leaves, or a facilitator removes them.
func (db *DB) RemoveMember(ctx context.Context, slug, handle string) error {
	_, _, err := db.changeMembership(ctx, slug, handle, "", false)
	return err
}

// changeMembership is the one path for joins, additions, role changes and removals:
// it locks the community, checks the rules, writes, and applies the lifecycle, all
// in one transaction. to == "" removes; adding says whether the person may be new.
func (db *DB) changeMembership(ctx context.Context, slug, handle string, to copse.Role, adding bool) (copse.Member, bool, error) {
	var (
		m       copse.Member
		changed bool
	)
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if v.User == nil {
			return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to do this.")
		}
		target, err := tx.findUser(ctx, copse.NormalizeHandle(handle))
		if copse.ErrorCode(err) == copse.ENOTFOUND && adding {
			return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"handle": fmt.Sprintf("no one has the handle %q", handle)}}
		}
		if err != nil {
			return err
		}
		var from copse.Role
		m = copse.Member{UserID: target.ID, Handle: target.Handle, Name: target.Name}
		err = tx.queryRow(ctx, "SELECT role, joined_at FROM members WHERE community_id = ? AND user_id = ?", c.ID, target.ID).
			Scan((*string)(&from), dbTime{&m.JoinedAt})
		switch {
		case errors.Is(err, sql.ErrNoRows) && !adding:
			return notFound("%s is not a member of %s.", target.Handle, c.Name)
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		case from != "" && adding:
			if err := copse.Writable(c); err != nil {
				return err
			}
			if target.ID != v.User.ID && !v.CanEdit() {
				return copse.Errorf(copse.EFORBIDDEN, "Only a facilitator of %s can add people.", c.Name)
			}
			m.Role = from
			if to == "" || to == from {
				return nil // joining again is a no-op
			}
			return copse.Errorf(copse.ECONFLICT, "%s is already a %s of %s; change the role instead.", target.Handle, from, c.Name)
		}
		if adding && to == "" {
			to = copse.RoleMember
		}
		h, err := tx.headcount(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := v.AuthorizeMembership(c, copse.MembershipChange{Self: target.ID == v.User.ID, From: from, To: to, Headcount: h}); err != nil {
			return err
		}
		switch {
		case from == "":
			_, err = tx.exec(ctx, "INSERT INTO members (community_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)", c.ID, target.ID, string(to), tx.now)
			m.JoinedAt = tx.now
		case to == "":
			_, err = tx.exec(ctx, "DELETE FROM members WHERE community_id = ? AND user_id = ?", c.ID, target.ID)
		default:
			_, err = tx.exec(ctx, "UPDATE members SET role = ? WHERE community_id = ? AND user_id = ?", string(to), c.ID, target.ID)
		}
		if err != nil {
			return err
		}
		m.Role, changed = to, true
		if from == "" {
			err := tx.recordEvent(ctx, "member.joined", c.ID, "user", target.ID, map[string]any{"community": c.Slug,
				"handle": target.Handle, "role": string(to), "title": target.DisplayName() + " joined " + c.Name, "path": "/people/" + target.Handle})
			if err != nil {
				return err
			}
		}
		return tx.applyLifecycle(ctx, c, true)
	})
	if err != nil {
		return m, false, fmt.Errorf("store: membership: %w", err)
	}
	return m, changed, nil
}

// headcount counts the people in each role of a community.
func (tx *Tx) headcount(ctx context.Context, communityID int64) (copse.Headcount, error) {
	var h copse.Headcount
	rows, err := tx.query(ctx, "SELECT role, count(*) FROM members WHERE community_id = ? GROUP BY role", communityID)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r string
			n int
		)
		if err := rows.Scan(&r, &n); err != nil {
			return h, err
		}
		h.Add(copse.Role(r), n)
	}
	return h, rows.Err()
}

// applyLifecycle recomputes the community's status after a change (see
// copse.NextStatus) and records activity.
func (tx *Tx) applyLifecycle(ctx context.Context, c *copse.Community, activity bool) error {
	h, err := tx.headcount(ctx, c.ID)
	if err != nil {
		return err
	}
	s, err := tx.settings(ctx)
	if err != nil {
		return err
	}
	next := copse.NextStatus(c.Status, h, s.MinMembers, activity)
	if activity {
		_, err = tx.exec(ctx, "UPDATE communities SET status = ?, last_activity_at = ? WHERE id = ?", string(next), tx.now, c.ID)
	} else if next != c.Status {
		_, err = tx.exec(ctx, "UPDATE communities SET status = ? WHERE id = ?", string(next), c.ID)
	}
	c.Status = next
	c.MemberCount = h.Facilitators + h.Core + h.Members + h.Contributors
	return err
}

// recomputeAllStatuses applies a new min_members to every community in two queries
// rather than one per community.
func (tx *Tx) recomputeAllStatuses(ctx context.Context, minMembers int) error {
	rows, err := tx.query(ctx, `SELECT c.id, c.status, m.role, count(m.user_id) FROM communities c
		LEFT JOIN members m ON m.community_id = c.id
		WHERE c.status IN ('forming', 'active') GROUP BY c.id, c.status, m.role`)
	if err != nil {
		return err
	}
	type state struct {
		status copse.Status
		h      copse.Headcount
	}
	all := map[int64]*state{}
	for rows.Next() {
		var (
			id     int64
			status string
			role   sql.NullString
			n      int
		)
		if err := rows.Scan(&id, &status, &role, &n); err != nil {
			rows.Close()
			return err
		}
		if all[id] == nil {
			all[id] = &state{status: copse.Status(status)}
		}
		all[id].h.Add(copse.Role(role.String), n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, st := range all {
		if next := copse.NextStatus(st.status, st.h, minMembers, false); next != st.status {
			if _, err := tx.exec(ctx, "UPDATE communities SET status = ? WHERE id = ?", string(next), id); err != nil {
				return err
			}
		}
	}
	return nil
}

// RegisterInterest records that the signed-in person wants the suggested community
// to exist, and returns how many people do.
func (db *DB) RegisterInterest(ctx context.Context, slug string) (int, error) {
	return db.setInterest(ctx, slug, true)
}

// WithdrawInterest takes the signed-in person's interest back.
func (db *DB) WithdrawInterest(ctx context.Context, slug string) (int, error) {
	return db.setInterest(ctx, slug, false)
}

func (db *DB) setInterest(ctx context.Context, slug string, on bool) (int, error) {
	var n int
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if v.User == nil {
			return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to do this.")
		}
		if err := copse.Writable(c); err != nil {
			return err
		}
		if on {
			if err := v.AuthorizeInterest(c); err != nil {
				return err
			}
		}
		if on {
			_, err = tx.exec(ctx, "INSERT INTO interests (community_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", c.ID, v.User.ID, tx.now)
		} else {
			_, err = tx.exec(ctx, "DELETE FROM interests WHERE community_id = ? AND user_id = ?", c.ID, v.User.ID)
		}
		if err != nil {
			return err
		}
		return tx.queryRow(ctx, "SELECT count(*) FROM interests WHERE community_id = ?", c.ID).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("store: interest: %w", err)
	}
	return n, nil
}

// Interested reports whether the signed-in person registered interest in the community.
func (db *DB) Interested(ctx context.Context, communityID int64) (bool, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return false, nil
	}
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT count(*) FROM interests WHERE community_id = ? AND user_id = ?", communityID, me.ID).Scan(&n)
	})
	return n > 0, err
}
