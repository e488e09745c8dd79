package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/auth"
)

const userColumns = "u.id, u.handle, u.email, u.name, u.organisation, u.is_admin, u.created_at"

func scanUser(row interface{ Scan(...any) error }) (*copse.User, error) {
	var u copse.User
	err := row.Scan(&u.ID, &u.Handle, &u.Email, &u.Name, &u.Organisation, &u.Admin, dbTime{&u.CreatedAt})
	return &u, err
}

// CreateUser creates an account; the password, when given, is stored as an argon2id
// hash. It checks no rights: the command line (run by the operator) and the demo
// call it directly, and the admin page checks that its caller is an admin first.
func (db *DB) CreateUser(ctx context.Context, n copse.NewUser) (*copse.User, error) {
	n.Normalize()
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var hash *string
	if n.Password != "" {
		h, err := auth.HashPassword(n.Password)
		if err != nil {
			return nil, fmt.Errorf("store: create user: %w", err)
		}
		hash = &h
	}
	var u *copse.User
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.insertUser(ctx, n, hash)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

// insertUser adds an account after checking that its handle and email are free.
func (tx *Tx) insertUser(ctx context.Context, n copse.NewUser, hash *string) (*copse.User, error) {
	if err := tx.checkUserFree(ctx, n.Handle, n.Email, 0); err != nil {
		return nil, err
	}
	id, err := tx.insert(ctx, `INSERT INTO users (handle, email, name, password_hash, is_admin, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, n.Handle, n.Email, n.Name, hash, n.Admin, tx.now, tx.now)
	if isUnique(err) {
		return nil, copse.Errorf(copse.ECONFLICT, "The handle %q or the email %q is taken.", n.Handle, n.Email)
	}
	if err != nil {
		return nil, err
	}
	return &copse.User{ID: id, Handle: n.Handle, Email: n.Email, Name: n.Name, Admin: n.Admin, CreatedAt: tx.now}, nil
}

// checkUserFree names the field that is taken, so a form can say which one.
func (tx *Tx) checkUserFree(ctx context.Context, handle, email string, except int64) error {
	rows, err := tx.query(ctx, "SELECT handle, email FROM users WHERE (handle = ? OR email = ?) AND id <> ?", handle, email, except)
	if err != nil {
		return err
	}
	defer rows.Close()
	fields := map[string]string{}
	for rows.Next() {
		var h, e string
		if err := rows.Scan(&h, &e); err != nil {
			return err
		}
		if h == handle {
			fields["handle"] = "is taken; choose another"
		}
		if e == email {
			fields["email"] = "already belongs to an account"
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(fields) > 0 {
		return &copse.Error{Code: copse.ECONFLICT, Message: "That account exists already.", Fields: fields}
	}
	return nil
}

// FindUser returns the person with that handle.
func (db *DB) FindUser(ctx context.Context, handle string) (*copse.User, error) {
	var u *copse.User
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.findUser(ctx, copse.NormalizeHandle(handle))
		return err
	})
	return u, err
}

func (tx *Tx) findUser(ctx context.Context, handle string) (*copse.User, error) {
	u, err := scanUser(tx.queryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.handle = ?", handle))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("No one has the handle %q.", handle)
	}
	return u, err
}

// CountAdmins returns how many site admins there are; a new site has none.
func (db *DB) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT count(*) FROM users WHERE is_admin").Scan(&n)
	})
	return n, err
}

// UpdateProfile changes the signed-in person's own name, email or organisation.
func (db *DB) UpdateProfile(ctx context.Context, up copse.ProfileUpdate) (*copse.User, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change your profile.")
	}
	if err := up.Validate(); err != nil {
		return nil, err
	}
	var u *copse.User
	err := db.update(ctx, func(tx *Tx) error {
		if up.Email != nil {
			if err := tx.checkUserFree(ctx, "", *up.Email, me.ID); err != nil {
				return err
			}
		}
		_, err := tx.exec(ctx, `UPDATE users SET name = coalesce(?, name), email = coalesce(?, email),
			organisation = coalesce(?, organisation), updated_at = ? WHERE id = ?`,
			up.Name, up.Email, up.Organisation, tx.now, me.ID)
		if err != nil {
			return err
		}
		u, err = tx.findUser(ctx, me.Handle)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: update profile: %w", err)
	}
	return u, nil
}

// ChangePassword sets a new password after checking the current one, and signs out
// every other session of the person, as people expect after a password change.
func (db *DB) ChangePassword(ctx context.Context, current, next, keepSession string) error {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change your password.")
	}
	if err := copse.ValidatePassword(next); err != nil {
		return err
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var old sql.NullString
		if err := tx.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", me.ID).Scan(&old); err != nil {
			return err
		}
		if old.Valid {
			if ok, _, _ := auth.CheckPassword(old.String, current); !ok {
				return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
					Fields: map[string]string{"current_password": "is not your current password"}}
			}
		}
		if _, err := tx.exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, tx.now, me.ID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", me.ID, auth.HashToken(keepSession))
		return err
	})
}

// SetAdmin grants or takes away the site admin flag; only admins may.
func (db *DB) SetAdmin(ctx context.Context, handle string, admin bool) error {
	me := copse.UserFromContext(ctx)
	if me == nil || !me.Admin {
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin can change who is an admin.")
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE users SET is_admin = ?, updated_at = ? WHERE handle = ?", admin, tx.now, copse.NormalizeHandle(handle))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("No one has the handle %q.", handle)
		}
		return nil
	})
}

// Empty reports whether the database holds no people and no communities yet: the
// only state in which the demo may load.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM communities)").Scan(&n)
	})
	return n == 0, err
}
