package store

import (
	"context"
	"fmt"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/auth"
)

// CreateSetupToken makes a new one-time token that lets its holder create the first
// admin account. Only its hash is kept; a new token replaces the old.
func (db *DB) CreateSetupToken(ctx context.Context) (string, error) {
	token, hash := auth.NewToken("setup_")
	err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO settings (key, value) VALUES ('setup_token', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", hash)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: setup token: %w", err)
	}
	return token, nil
}

// SetupOpen reports whether the first admin can still be created with this token.
func (db *DB) SetupOpen(ctx context.Context, token string) (bool, error) {
	ok := false
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		ok, err = tx.setupOpen(ctx, token)
		return err
	})
	return ok, err
}

func (tx *Tx) setupOpen(ctx context.Context, token string) (bool, error) {
	var admins, match int
	err := tx.queryRow(ctx, `SELECT (SELECT count(*) FROM users WHERE is_admin),
		(SELECT count(*) FROM settings WHERE key = 'setup_token' AND value = ?)`, auth.HashToken(token)).Scan(&admins, &match)
	return admins == 0 && match == 1 && token != "", err
}

// CompleteSetup creates the first admin account with the one-time token, and spends it.
func (db *DB) CompleteSetup(ctx context.Context, token string, n copse.NewUser) (*copse.User, error) {
	n.Admin = true
	n.Normalize()
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if n.Password == "" {
		return nil, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"password": "is required"}}
	}
	hash, err := auth.HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	var u *copse.User
	err = db.update(ctx, func(tx *Tx) error {
		ok, err := tx.setupOpen(ctx, token)
		if err != nil {
			return err
		}
		if !ok {
			return copse.Errorf(copse.EFORBIDDEN, "This setup link has been used or replaced. Ask the person who runs copse, or run: copse user add --admin …")
		}
		if u, err = tx.insertUser(ctx, n, &hash); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM settings WHERE key = 'setup_token'"); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: setup: %w", err)
	}
	return u, nil
}
