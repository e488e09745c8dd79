package store

import (
	"context"
	"fmt"

	"github.com/copse-dev/copse"
)

// CreateTeam adds a delivery team (anyone signed in). A team that breaks the rule —
// no Product Owner, say — is saved all the same, and its findings say so: a team
// forms before everyone is named, and hiding it would help nobody.
func (db *DB) CreateTeam(ctx context.Context, n copse.NewTeam) (*copse.Team, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to add a team.")
	}
	invalid := n.Validate() // reported with the unknown people below, all at once
	var t *copse.Team
	err := db.update(ctx, func(tx *Tx) error {
		ids, err := tx.teamPeople(ctx, n.Roles, invalid)
		if err != nil {
			return err
		}
		community, err := tx.teamCommunity(ctx, n.Community)
		if err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO teams (slug, name, description, community_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, n.Slug, n.Name, n.Description, nullID(community), me.ID, tx.now, tx.now)
		if isUnique(err) {
			return &copse.Error{Code: copse.ECONFLICT, Message: "That team exists already.",
				Fields: map[string]string{"slug": fmt.Sprintf("%q is taken by another team; choose another", n.Slug)}}
		}
		if err != nil {
			return err
		}
		if err := tx.setTeamRoles(ctx, id, n.Roles, ids); err != nil {
			return err
		}
		t, err = tx.saveCompliance(ctx, n.Slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create team: %w", err)
	}
	return t, nil
}

// UpdateTeam changes a team (its creator, its Product Owner, Technical Steward or
// Scrum Master, or an admin) and applies the rule again.
func (db *DB) UpdateTeam(ctx context.Context, slug string, u copse.TeamUpdate) (*copse.Team, error) {
	var t *copse.Team
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := tx.editableTeam(ctx, slug)
		if err != nil {
			return err
		}
		var roles []copse.TeamRoleInput
		invalid := u.Validate()
		if u.Roles != nil {
			roles = *u.Roles
		}
		ids, err := tx.teamPeople(ctx, roles, invalid)
		if err != nil {
			return err
		}
		var community *int64
		if u.Community != nil {
			id, err := tx.teamCommunity(ctx, *u.Community)
			if err != nil {
				return err
			}
			community = &id
		}
		_, err = tx.exec(ctx, `UPDATE teams SET name = coalesce(?, name), description = coalesce(?, description),
			community_id = CASE WHEN ? THEN ? ELSE community_id END, updated_at = ? WHERE id = ?`,
			u.Name, u.Description, community != nil, nullID(deref(community)), tx.now, cur.ID)
		if err != nil {
			return err
		}
		if u.Roles != nil {
			if err := tx.setTeamRoles(ctx, cur.ID, roles, ids); err != nil {
				return err
			}
		}
		t, err = tx.saveCompliance(ctx, cur.Slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: update team: %w", err)
	}
	return t, nil
}

// DeleteTeam removes a team, as its editors may.
func (db *DB) DeleteTeam(ctx context.Context, slug string) error {
	err := db.update(ctx, func(tx *Tx) error {
		t, err := tx.editableTeam(ctx, slug)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, "DELETE FROM teams WHERE id = ?", t.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete team: %w", err)
	}
	return nil
}

// AddTeamException records an exception to one finding of the rule, with its reason
// and who allowed it: admins and platform staff, who answer for the platform's rule.
func (db *DB) AddTeamException(ctx context.Context, slug string, n copse.NewTeamException) (*copse.Team, error) {
	var t *copse.Team
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := tx.exceptionTeam(ctx, slug)
		if err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO team_exceptions (team_id, rule, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (team_id, rule) DO UPDATE SET reason = excluded.reason, created_by = excluded.created_by, created_at = excluded.created_at`,
			cur.ID, n.Rule, n.Reason, copse.UserFromContext(ctx).ID, tx.now)
		if err != nil {
			return err
		}
		t, err = tx.saveCompliance(ctx, cur.Slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: team exception: %w", err)
	}
	return t, nil
}

// RemoveTeamException withdraws an exception; the finding counts again.
func (db *DB) RemoveTeamException(ctx context.Context, slug, rule string) (*copse.Team, error) {
	var t *copse.Team
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := tx.exceptionTeam(ctx, slug)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, "DELETE FROM team_exceptions WHERE team_id = ? AND rule = ?", cur.ID, rule)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("%s has no exception to %q.", cur.Name, rule)
		}
		t, err = tx.saveCompliance(ctx, cur.Slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: team exception: %w", err)
	}
	return t, nil
}

// CanRecordExceptions reports whether the signed-in person may allow exceptions to
// the team rule: admins and platform staff.
func (db *DB) CanRecordExceptions(ctx context.Context) (bool, error) {
	var ok bool
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		ok, err = tx.platformAuthority(ctx)
		return err
	})
	return ok, err
}

func (tx *Tx) platformAuthority(ctx context.Context) (bool, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return false, nil
	}
	if me.Admin {
		return true, nil
	}
	var staff bool
	err := tx.queryRow(ctx, "SELECT platform_staff FROM users WHERE id = ?", me.ID).Scan(&staff)
	return staff, err
}

func (tx *Tx) exceptionTeam(ctx context.Context, slug string) (*copse.Team, error) {
	t, err := tx.findTeam(ctx, slug, true)
	if err != nil {
		return nil, err
	}
	ok, err := tx.platformAuthority(ctx)
	switch {
	case err != nil:
		return nil, err
	case copse.UserFromContext(ctx) == nil:
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to record an exception.")
	case !ok:
		return nil, copse.Errorf(copse.EFORBIDDEN, "Only admins and platform staff record exceptions to the team rule.")
	}
	return t, nil
}

func (tx *Tx) editableTeam(ctx context.Context, slug string) (*copse.Team, error) {
	t, err := tx.findTeam(ctx, slug, true)
	if err != nil {
		return nil, err
	}
	me := copse.UserFromContext(ctx)
	switch {
	case me == nil:
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change a team.")
	case !teamEditor(me, t):
		return nil, copse.Errorf(copse.EFORBIDDEN, "Only the people who lead %s (its Product Owner, Technical Steward or Scrum Master), whoever added it, and admins change it.", t.Name)
	}
	return t, nil
}

// teamCommunity resolves the community a team belongs with; "" for none.
func (tx *Tx) teamCommunity(ctx context.Context, slug string) (int64, error) {
	if slug == "" {
		return 0, nil
	}
	c, _, err := tx.findCommunity(ctx, slug, false)
	if copse.ErrorCode(err) == copse.ENOTFOUND {
		return 0, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"community": fmt.Sprintf("there is no community at %q", slug)}}
	}
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}

// teamPeople resolves the handles of the roles in one query, and reports the
// unknown ones together with the problems validation found already.
func (tx *Tx) teamPeople(ctx context.Context, roles []copse.TeamRoleInput, invalid error) (map[string]int64, error) {
	p := copse.Problems{}
	if invalid != nil {
		if len(copse.ErrorFields(invalid)) == 0 {
			return nil, invalid
		}
		for k, v := range copse.ErrorFields(invalid) {
			p.Add(k, v)
		}
	}
	ids := map[string]int64{}
	var handles []any
	for _, r := range roles {
		if r.Handle != "" {
			handles = append(handles, r.Handle)
		}
	}
	if len(handles) > 0 {
		err := tx.each(ctx, "SELECT id, handle FROM users WHERE handle IN ("+placeholders(len(handles))+")", handles,
			func(id int64, s ...string) { ids[s[0]] = id })
		if err != nil {
			return nil, err
		}
	}
	for i, r := range roles {
		if r.Handle != "" && ids[r.Handle] == 0 {
			p.Add(fmt.Sprintf("roles[%d].handle", i), fmt.Sprintf("no one has the handle %q", r.Handle))
		}
	}
	return ids, p.Err()
}

// setTeamRoles replaces a team's people and roles.
func (tx *Tx) setTeamRoles(ctx context.Context, teamID int64, roles []copse.TeamRoleInput, ids map[string]int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM team_roles WHERE team_id = ?", teamID); err != nil {
		return err
	}
	for i, r := range roles {
		if _, err := tx.exec(ctx, "INSERT INTO team_roles (team_id, user_id, role, position) VALUES (?, ?, ?, ?)", teamID, ids[r.Handle], r.Role, i); err != nil {
			return err
		}
	}
	return nil
}

// saveCompliance reads the team again, applies the rule and keeps its verdict.
func (tx *Tx) saveCompliance(ctx context.Context, slug string) (*copse.Team, error) {
	t, err := tx.findTeam(ctx, slug, false)
	if err != nil {
		return nil, err
	}
	_, err = tx.exec(ctx, "UPDATE teams SET compliance = ? WHERE id = ?", t.Compliance, t.ID)
	return t, err
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
