package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
)

const teamSelect = `SELECT t.id, t.slug, t.name, t.description, t.compliance, coalesce(t.created_by, 0), t.created_at, t.updated_at,
	coalesce(t.community_id, 0) FROM teams t`

func scanTeam(row interface{ Scan(...any) error }) (*copse.Team, int64, error) {
	t := &copse.Team{Roles: []copse.TeamMember{}, Findings: []copse.TeamFinding{}, Exceptions: []copse.TeamException{}}
	var community int64
	err := row.Scan(&t.ID, &t.Slug, &t.Name, &t.Description, &t.Compliance, &t.CreatedBy, dbTime{&t.CreatedAt}, dbTime{&t.UpdatedAt}, &community)
	return t, community, err
}

// ListTeams returns a page of teams by slug; with Compliance "error", "warning" or
// "attention", the teams out of compliance with seed 001's rule.
func (db *DB) ListTeams(ctx context.Context, f copse.TeamFilter) (copse.Page[*copse.Team], error) {
	var page copse.Page[*copse.Team]
	if err := f.Validate(); err != nil {
		return page, err
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return page, err
	}
	limit := copse.ClampLimit(f.Limit)
	where, args := []string{"t.slug > ?"}, []any{after}
	switch f.Compliance {
	case "":
	case "attention":
		where = append(where, "t.compliance IN ('error', 'warning')")
	default:
		where = append(where, "t.compliance = ?")
		args = append(args, f.Compliance)
	}
	if f.Member != "" {
		where = append(where, "EXISTS (SELECT 1 FROM team_roles tr JOIN users tu ON tu.id = tr.user_id WHERE tr.team_id = t.id AND tu.handle = ?)")
		args = append(args, copse.NormalizeHandle(f.Member))
	}
	err = db.view(ctx, func(tx *Tx) error {
		ts, communities, err := tx.scanTeams(ctx, teamSelect+" WHERE "+strings.Join(where, " AND ")+" ORDER BY t.slug LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		if len(ts) > limit {
			ts, communities = ts[:limit], communities[:limit]
			page.Next = encodeCursor(ts[limit-1].Slug)
		}
		page.Items = ts
		return tx.fillTeams(ctx, ts, communities)
	})
	if err != nil {
		return page, fmt.Errorf("store: list teams: %w", err)
	}
	if page.Items == nil {
		page.Items = []*copse.Team{}
	}
	return page, nil
}

func (tx *Tx) scanTeams(ctx context.Context, q string, args ...any) ([]*copse.Team, []int64, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var (
		ts          []*copse.Team
		communities []int64
	)
	for rows.Next() {
		t, c, err := scanTeam(rows)
		if err != nil {
			return nil, nil, err
		}
		ts, communities = append(ts, t), append(communities, c)
	}
	return ts, communities, rows.Err()
}

// FindTeam returns a team with its people, exceptions and findings.
func (db *DB) FindTeam(ctx context.Context, slug string) (*copse.Team, error) {
	var t *copse.Team
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		t, err = tx.findTeam(ctx, slug, false)
		return err
	})
	return t, err
}

func (tx *Tx) findTeam(ctx context.Context, slug string, lock bool) (*copse.Team, error) {
	q := teamSelect + " WHERE t.slug = ?"
	if lock {
		q += tx.dialect.forUpdate()
	}
	t, community, err := scanTeam(tx.queryRow(ctx, q, strings.ToLower(slug)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("There is no team at %q.", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find team: %w", err)
	}
	return t, tx.fillTeams(ctx, []*copse.Team{t}, []int64{community})
}

// fillTeams loads the people, exceptions and communities of a page of teams in three
// queries, and applies the rule to each.
func (tx *Tx) fillTeams(ctx context.Context, ts []*copse.Team, communities []int64) error {
	if len(ts) == 0 {
		return nil
	}
	byID := make(map[int64]*copse.Team, len(ts))
	ids := make([]any, len(ts))
	for i, t := range ts {
		byID[t.ID], ids[i] = t, t.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	err := tx.each(ctx, `SELECT r.team_id, r.role, u.handle, u.name, u.employment, u.id FROM team_roles r JOIN users u ON u.id = r.user_id
		WHERE r.team_id IN `+in+" ORDER BY r.team_id, r.position, u.handle", ids, func(id int64, s ...string) {
		var uid int64
		fmt.Sscan(s[4], &uid)
		byID[id].Roles = append(byID[id].Roles, copse.TeamMember{Role: s[0], RoleName: copse.TeamRoleName(s[0]), Handle: s[1], Name: s[2],
			Employment: copse.Employment(s[3]), UserID: uid})
	})
	if err != nil {
		return err
	}
	err = tx.each(ctx, `SELECT e.team_id, e.rule, e.reason, coalesce(u.handle, ''), e.created_at FROM team_exceptions e
		LEFT JOIN users u ON u.id = e.created_by WHERE e.team_id IN `+in+" ORDER BY e.team_id, e.rule", ids, func(id int64, s ...string) {
		ex := copse.TeamException{Rule: s[0], Reason: s[1], By: s[2]}
		dbTime{&ex.CreatedAt}.Scan(s[3]) //nolint:errcheck // a time copse wrote
		byID[id].Exceptions = append(byID[id].Exceptions, ex)
	})
	if err != nil {
		return err
	}
	var cids []any
	for _, c := range communities {
		if c != 0 {
			cids = append(cids, c)
		}
	}
	refs := map[int64]*copse.CommunityRef{}
	if len(cids) > 0 {
		me := copse.UserFromContext(ctx)
		err = tx.each(ctx, "SELECT c.id, c.slug, c.name FROM communities c WHERE c.id IN ("+placeholders(len(cids))+") AND "+visible,
			append(cids, visibleArgs(me)...), func(id int64, s ...string) { refs[id] = &copse.CommunityRef{ID: id, Slug: s[0], Name: s[1]} })
		if err != nil {
			return err
		}
	}
	for i, t := range ts {
		t.Community = refs[communities[i]]
		t.Findings, t.Compliance = copse.CheckTeam(t.Roles, t.Exceptions)
		if t.Findings == nil {
			t.Findings = []copse.TeamFinding{}
		}
	}
	return nil
}

// recheckTeamsOf applies the rule again to the teams a person is in, after their
// employment changed, so the list of teams out of compliance stays true.
func (tx *Tx) recheckTeamsOf(ctx context.Context, userID int64) error {
	ts, communities, err := tx.scanTeams(ctx, teamSelect+" WHERE t.id IN (SELECT team_id FROM team_roles WHERE user_id = ?) ORDER BY t.id", userID)
	if err != nil {
		return err
	}
	if err := tx.fillTeams(ctx, ts, communities); err != nil {
		return err
	}
	for _, t := range ts {
		if _, err := tx.exec(ctx, "UPDATE teams SET compliance = ? WHERE id = ?", t.Compliance, t.ID); err != nil {
			return err
		}
	}
	return nil
}

// teamEditor reports whether the signed-in person may change the team: whoever
// created it, the people who hold its Product Owner, Technical Steward or Scrum
// Master roles, and admins.
func teamEditor(me *copse.User, t *copse.Team) bool {
	if me == nil {
		return false
	}
	if me.Admin || t.CreatedBy == me.ID {
		return true
	}
	for _, m := range t.Roles {
		if m.UserID == me.ID && (m.Role == copse.TeamProductOwner || m.Role == copse.TeamTechnicalSteward || m.Role == copse.TeamScrumMaster) {
			return true
		}
	}
	return false
}

// CanEditTeam reports whether the signed-in person may change the team.
func CanEditTeam(ctx context.Context, t *copse.Team) bool {
	return teamEditor(copse.UserFromContext(ctx), t)
}
