package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/copse-dev/copse"
)

// The role rules are few (copse.MaxRoleRules at most) and every sign-in reads them
// all, so they are listed whole rather than by pages.

const ruleSelect = `SELECT r.id, r.provider, r.group_name, r.grant_kind, coalesce(c.slug, ''), r.role, r.created_at
	FROM role_rules r LEFT JOIN communities c ON c.id = r.community_id`

func (tx *Tx) roleRules(ctx context.Context) ([]copse.RoleRule, error) {
	rows, err := tx.query(ctx, ruleSelect+" ORDER BY r.grant_kind, r.group_name, r.id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []copse.RoleRule{}
	for rows.Next() {
		var r copse.RoleRule
		if err := rows.Scan(&r.ID, &r.Provider, &r.Group, (*string)(&r.Grant), &r.Community, (*string)(&r.Role), dbTime{&r.CreatedAt}); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func ssoAdminOnly(ctx context.Context, what string) error {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to %s.", what)
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin can %s.", what)
	}
	return nil
}

// RoleRules lists the rules that turn groups into roles (admins only).
func (db *DB) RoleRules(ctx context.Context) ([]copse.RoleRule, error) {
	if err := ssoAdminOnly(ctx, "see the role rules"); err != nil {
		return nil, err
	}
	var out []copse.RoleRule
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.roleRules(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: role rules: %w", err)
	}
	return out, nil
}

// CreateRoleRule adds a rule (admins only); providers are the configured names. It
// applies from each person's next sign-in.
func (db *DB) CreateRoleRule(ctx context.Context, r copse.RoleRule, providers []string) (*copse.RoleRule, error) {
	if err := ssoAdminOnly(ctx, "change the role rules"); err != nil {
		return nil, err
	}
	r.Normalize()
	problems := copse.Problems{}
	for k, v := range copse.ErrorFields(r.Validate(providers)) {
		problems[k] = v
	}
	me := copse.UserFromContext(ctx)
	err := db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM role_rules").Scan(&n); err != nil {
			return err
		}
		if n >= copse.MaxRoleRules {
			return copse.Errorf(copse.ECONFLICT, "A site keeps at most %d role rules; remove some first, or give groups broader meaning at the provider.", copse.MaxRoleRules)
		}
		// The community is checked with the other fields, so the form names every
		// problem at once.
		var community any
		if r.Grant == copse.GrantCommunity && r.Community != "" {
			var id int64
			var status string
			err := tx.queryRow(ctx, "SELECT id, status FROM communities WHERE slug = ?", r.Community).Scan(&id, &status)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				problems.Add("community", fmt.Sprintf("no community has the slug %q", r.Community))
			case err != nil:
				return err
			case status == string(copse.StatusSuggested):
				problems.Add("community", "is only suggested: it needs a facilitator before people can join it")
			}
			community = id
		}
		if err := problems.Err(); err != nil {
			return err
		}
		var err error
		r.ID, err = tx.insert(ctx, `INSERT INTO role_rules (provider, group_name, grant_kind, community_id, role, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.Provider, r.Group, string(r.Grant), community, string(r.Role), me.ID, tx.now)
		r.CreatedAt = tx.now
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create role rule: %w", err)
	}
	return &r, nil
}

// DeleteRoleRule removes a rule (admins only). What it granted goes at each
// person's next sign-in, as their groups are read again.
func (db *DB) DeleteRoleRule(ctx context.Context, id int64) error {
	if err := ssoAdminOnly(ctx, "change the role rules"); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM role_rules WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("There is no role rule %d.", id)
		}
		return nil
	})
}
