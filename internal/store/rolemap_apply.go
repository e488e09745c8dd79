package store

import (
	"context"
	"log/slog"

	"github.com/copse-dev/copse"
)

type grantKey struct {
	kind        copse.Grant
	communityID int64
}

// applyGrants brings what the role rules give a person in line with the groups the
// provider sent at this sign-in. A grant is recorded per provider, so that a role a
// group gave goes when the group does, while what an admin or a facilitator gave by
// hand stays, and signing in with GitHub does not undo what Keycloak's groups gave.
// Archived communities are read-only, and suggested ones take no members: both are
// left alone.
func (tx *Tx) applyGrants(ctx context.Context, u *copse.User, provider string, groups []string) error {
	rules, err := tx.roleRules(ctx)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	if err := tx.each(ctx, "SELECT id, slug FROM communities WHERE id IN (SELECT community_id FROM role_rules)", nil,
		func(id int64, s ...string) { ids[s[0]] = id }); err != nil {
		return err
	}
	want := copse.ApplyRules(rules, provider, groups, ids)

	had := map[grantKey]copse.Role{}
	rows, err := tx.query(ctx, "SELECT grant_kind, community_id, role FROM role_grants WHERE user_id = ? AND provider = ?", u.ID, provider)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k grantKey
		var role string
		if err := rows.Scan((*string)(&k.kind), &k.communityID, &role); err != nil {
			rows.Close()
			return err
		}
		had[k] = copse.Role(role)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	for kind, wanted := range map[copse.Grant]bool{copse.GrantAdmin: want.Admin, copse.GrantPlatformStaff: want.PlatformStaff} {
		on, err := tx.siteGrant(ctx, u.ID, provider, kind, wanted, had)
		if err != nil {
			return err
		}
		if kind == copse.GrantAdmin {
			u.Admin = on
		}
	}
	return tx.communityGrants(ctx, u.ID, provider, want.Communities, had)
}

// siteGrant applies the admin or platform staff flag and returns its value.
func (tx *Tx) siteGrant(ctx context.Context, userID int64, provider string, kind copse.Grant, wanted bool, had map[grantKey]copse.Role) (bool, error) {
	column := "is_admin"
	if kind == copse.GrantPlatformStaff {
		column = "platform_staff"
	}
	var on bool
	var others int
	if err := tx.queryRow(ctx, `SELECT `+column+`, (SELECT count(*) FROM role_grants WHERE user_id = ? AND grant_kind = ? AND provider <> ?)
		FROM users WHERE id = ?`, userID, string(kind), provider, userID).Scan(&on, &others); err != nil {
		return false, err
	}
	_, granted := had[grantKey{kind: kind}]
	switch {
	case wanted && !granted && (!on || others > 0): // a flag set by hand is the admin's, not the rules'
		if err := tx.recordGrant(ctx, userID, provider, kind, 0, ""); err != nil {
			return false, err
		}
		_, err := tx.exec(ctx, "UPDATE users SET "+column+" = TRUE, updated_at = ? WHERE id = ?", tx.now, userID)
		return true, err
	case !wanted && granted:
		if _, err := tx.exec(ctx, "DELETE FROM role_grants WHERE user_id = ? AND provider = ? AND grant_kind = ? AND community_id = 0", userID, provider, string(kind)); err != nil {
			return false, err
		}
		if others == 0 {
			_, err := tx.exec(ctx, "UPDATE users SET "+column+" = FALSE, updated_at = ? WHERE id = ?", tx.now, userID)
			return false, err
		}
	}
	return on, nil
}

func (tx *Tx) recordGrant(ctx context.Context, userID int64, provider string, kind copse.Grant, communityID int64, role copse.Role) error {
	_, err := tx.exec(ctx, `INSERT INTO role_grants (user_id, provider, grant_kind, community_id, role, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, provider, grant_kind, community_id) DO UPDATE SET role = excluded.role`,
		userID, provider, string(kind), communityID, string(role), tx.now)
	return err
}

// communityGrants joins, changes and ends memberships the rules give or gave. It
// reads the person's memberships and the communities' statuses in two queries.
func (tx *Tx) communityGrants(ctx context.Context, userID int64, provider string, want map[int64]copse.Role, had map[grantKey]copse.Role) error {
	member := map[int64]copse.Role{}
	if err := tx.each(ctx, "SELECT community_id, role FROM members WHERE user_id = ?", []any{userID},
		func(id int64, s ...string) { member[id] = copse.Role(s[0]) }); err != nil {
		return err
	}
	status := map[int64]copse.Status{}
	if err := tx.each(ctx, `SELECT id, status FROM communities WHERE id IN (SELECT community_id FROM role_grants WHERE user_id = ? AND provider = ?)
		OR id IN (SELECT community_id FROM role_rules)`, []any{userID, provider},
		func(id int64, s ...string) { status[id] = copse.Status(s[0]) }); err != nil {
		return err
	}
	changed := map[int64]bool{}
	for id, role := range want {
		if st := status[id]; st == copse.StatusArchived || st == copse.StatusSuggested || st == "" {
			continue
		}
		cur, isMember := member[id]
		granted, hadGrant := had[grantKey{copse.GrantCommunity, id}]
		var err error
		switch {
		case !isMember:
			_, err = tx.exec(ctx, "INSERT INTO members (community_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)", id, userID, string(role), tx.now)
		case hadGrant && cur == granted && cur != role, !hadGrant && role.Outranks(cur):
			_, err = tx.exec(ctx, "UPDATE members SET role = ? WHERE community_id = ? AND user_id = ?", string(role), id, userID)
		default:
			continue // a role given by hand, or the one the rule gives already
		}
		if err == nil {
			err = tx.recordGrant(ctx, userID, provider, copse.GrantCommunity, id, role)
		}
		if err != nil {
			return err
		}
		changed[id] = true
	}
	for k, granted := range had {
		if k.kind != copse.GrantCommunity || want[k.communityID] != "" || status[k.communityID] == copse.StatusArchived {
			continue
		}
		if _, err := tx.exec(ctx, "DELETE FROM role_grants WHERE user_id = ? AND provider = ? AND grant_kind = 'community' AND community_id = ?", userID, provider, k.communityID); err != nil {
			return err
		}
		if member[k.communityID] != granted {
			continue // changed by hand since: no longer the rule's to take away
		}
		h, err := tx.headcount(ctx, k.communityID)
		if err != nil {
			return err
		}
		if granted == copse.RoleFacilitator && h.Facilitators == 1 && h.Counted() > 1 {
			slog.WarnContext(ctx, "kept the last facilitator of a community whose group they left", "user_id", userID, "community_id", k.communityID)
			continue
		}
		if _, err := tx.exec(ctx, "DELETE FROM members WHERE community_id = ? AND user_id = ?", k.communityID, userID); err != nil {
			return err
		}
		changed[k.communityID] = true
	}
	for id := range changed {
		if err := tx.applyLifecycle(ctx, &copse.Community{ID: id, Status: status[id]}, true); err != nil {
			return err
		}
	}
	return nil
}
