package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/copse-dev/copse"
)

// Person is an account as the admin people page shows it.
type Person struct {
	copse.User
	PlatformStaff bool
	BreakGlass    bool
	HasPassword   bool
	Providers     []string // the providers of the person's linked identities
}

// PeopleFilter pages through the people by handle.
type PeopleFilter struct {
	Limit  int
	Cursor string
}

// People lists every account by handle (admins only), with their linked identities
// fetched for the whole page in one more query.
func (db *DB) People(ctx context.Context, f PeopleFilter) (copse.Page[*Person], error) {
	var page copse.Page[*Person]
	if err := ssoAdminOnly(ctx, "see everyone's accounts"); err != nil {
		return page, err
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return page, err
	}
	limit := copse.ClampLimit(f.Limit)
	err = db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT "+userColumns+`, u.platform_staff, u.break_glass, u.password_hash IS NOT NULL
			FROM users u WHERE u.handle > ? ORDER BY u.handle LIMIT ?`, after, limit+1)
		if err != nil {
			return err
		}
		byID := map[int64]*Person{}
		for rows.Next() {
			p := &Person{}
			if err := rows.Scan(&p.ID, &p.Handle, &p.Email, &p.Name, &p.Organisation, &p.Admin, dbTime{&p.CreatedAt},
				&p.PlatformStaff, &p.BreakGlass, &p.HasPassword); err != nil {
				rows.Close()
				return err
			}
			page.Items = append(page.Items, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = encodeCursor(page.Items[limit-1].Handle)
		}
		if len(page.Items) == 0 {
			return nil
		}
		args := make([]any, len(page.Items))
		for i, p := range page.Items {
			args[i] = p.ID
			byID[p.ID] = p
		}
		return tx.each(ctx, "SELECT user_id, provider FROM identities WHERE user_id IN ("+placeholders(len(args))+") ORDER BY provider, id",
			args, func(id int64, s ...string) { byID[id].Providers = append(byID[id].Providers, s[0]) })
	})
	if err != nil {
		return page, fmt.Errorf("store: people: %w", err)
	}
	if page.Items == nil {
		page.Items = []*Person{}
	}
	return page, nil
}

// PersonFlag is one of the flags an admin sets on an account.
type PersonFlag string

const (
	FlagAdmin         PersonFlag = "admin"
	FlagPlatformStaff PersonFlag = "platform_staff"
	FlagBreakGlass    PersonFlag = "break_glass"
)

// SetPersonFlag sets or clears a flag on an account (admins only). An admin cannot
// take away their own admin flag (another admin must), so a site keeps one; only an
// admin with a password can be break-glass, since that is what the flag is for.
func (db *DB) SetPersonFlag(ctx context.Context, handle string, flag PersonFlag, on bool) error {
	if err := ssoAdminOnly(ctx, "change people's flags"); err != nil {
		return err
	}
	me := copse.UserFromContext(ctx)
	handle = copse.NormalizeHandle(handle)
	column := map[PersonFlag]string{FlagAdmin: "is_admin", FlagPlatformStaff: "platform_staff", FlagBreakGlass: "break_glass"}[flag]
	if column == "" {
		return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"flag": `must be "admin", "platform_staff" or "break_glass"`}}
	}
	return db.update(ctx, func(tx *Tx) error {
		var (
			id       int64
			admin    bool
			password sql.NullString
		)
		err := tx.queryRow(ctx, "SELECT id, is_admin, password_hash FROM users WHERE handle = ?", handle).Scan(&id, &admin, &password)
		if err == sql.ErrNoRows {
			return notFound("No one has the handle %q.", handle)
		}
		if err != nil {
			return err
		}
		switch {
		case flag == FlagAdmin && !on && id == me.ID:
			return copse.Errorf(copse.ECONFLICT, "You cannot take away your own admin flag; ask another admin.")
		case flag == FlagBreakGlass && on && (!admin || !password.Valid):
			return copse.Errorf(copse.ECONFLICT, "Only an admin with a password can be break-glass: they sign in when single sign-on cannot.")
		}
		q := "UPDATE users SET " + column + " = ?, updated_at = ? WHERE id = ?"
		if flag == FlagAdmin && !on {
			q = "UPDATE users SET is_admin = ?, break_glass = FALSE, updated_at = ? WHERE id = ?"
		}
		if _, err := tx.exec(ctx, q, on, tx.now, id); err != nil {
			return err
		}
		// A flag set by hand is the admin's: the rules no longer own it.
		_, err = tx.exec(ctx, "DELETE FROM role_grants WHERE user_id = ? AND grant_kind = ?", id, string(flag))
		return err
	})
}
