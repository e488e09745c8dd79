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

// AttachIdentity records which identity signed a session in, and the ID token the
// provider's sign-out needs (id_token_hint), after CreateSession made it.
func (db *DB) AttachIdentity(ctx context.Context, sessionToken string, identityID int64, idToken string) error {
	return db.updateQuiet(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE sessions SET identity_id = ?, id_token = ? WHERE token_hash = ?",
			identityID, idToken, auth.HashToken(sessionToken))
		return err
	})
}

// EndedSession is what sign-out needs to end the provider's session too.
type EndedSession struct {
	Provider string // "" for a password sign-in
	IDToken  string
}

// EndSession ends a session (sign out) and says which provider, if any, signed it in.
func (db *DB) EndSession(ctx context.Context, token string) (EndedSession, error) {
	var e EndedSession
	hash := auth.HashToken(token)
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		var provider sql.NullString
		err := tx.queryRow(ctx, `SELECT i.provider, s.id_token FROM sessions s LEFT JOIN identities i ON i.id = s.identity_id
			WHERE s.token_hash = ?`, hash).Scan(&provider, &e.IDToken)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		e.Provider = provider.String
		_, err = tx.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hash)
		return err
	})
	if err != nil {
		return EndedSession{}, fmt.Errorf("store: sign out: %w", err)
	}
	return e, nil
}

// ConsumeState records that the sign-in with this state has come back, and refuses
// one that came back before: a callback replayed, on this or another instance.
func (db *DB) ConsumeState(ctx context.Context, state string, ttl time.Duration) error {
	return db.updateQuiet(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM sso_states WHERE expires_at < ?", tx.now); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO sso_states (state_hash, expires_at) VALUES (?, ?)", auth.HashToken(state), tx.now.Add(ttl))
		if isUnique(err) {
			return copse.Errorf(copse.EFORBIDDEN, "This sign-in has been used already: its answer from the provider was sent again. Start again from the sign-in page.")
		}
		return err
	})
}

// LocalAccounts reports whether people may sign in with a password. When an admin
// has switched them off, only break-glass admins may.
func (db *DB) LocalAccounts(ctx context.Context) (bool, error) {
	on := true
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		on, err = tx.localAccounts(ctx)
		return err
	})
	return on, err
}

func (tx *Tx) localAccounts(ctx context.Context) (bool, error) {
	var v string
	err := tx.queryRow(ctx, "SELECT value FROM settings WHERE key = 'local_accounts'").Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	return v != "off", err
}

// checkLocalSignIn refuses a password sign-in while local accounts are off, unless
// the person is a break-glass admin: the way back in when the provider is down.
func (tx *Tx) checkLocalSignIn(ctx context.Context, userID int64) error {
	on, err := tx.localAccounts(ctx)
	if err != nil || on {
		return err
	}
	var breakGlass bool
	if err := tx.queryRow(ctx, "SELECT is_admin AND break_glass FROM users WHERE id = ?", userID).Scan(&breakGlass); err != nil {
		return err
	}
	if !breakGlass {
		return copse.Errorf(copse.EFORBIDDEN, "Passwords are switched off on this site: sign in with your organisation's account instead.")
	}
	return nil
}

// SetLocalAccounts switches password sign-in on or off (admins only). Off needs at
// least one provider configured and one break-glass admin with a password, so that
// no one is locked out when the provider fails.
func (db *DB) SetLocalAccounts(ctx context.Context, on bool, providers int) error {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to change how people sign in.")
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin can change how people sign in.")
	}
	return db.update(ctx, func(tx *Tx) error {
		if !on {
			if providers == 0 {
				return copse.Errorf(copse.ECONFLICT, "No single sign-on provider is configured, so switching passwords off would lock everyone out. Start copse with --oidc or --github first.")
			}
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM users WHERE is_admin AND break_glass AND password_hash IS NOT NULL").Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return copse.Errorf(copse.ECONFLICT, "Mark at least one admin with a password as break-glass first: they are the way in when the provider is down.")
			}
		}
		value := "on"
		if !on {
			value = "off"
		}
		_, err := tx.exec(ctx, "INSERT INTO settings (key, value) VALUES ('local_accounts', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", value)
		return err
	})
}

// Identities lists the signed-in person's linked identities, newest use first. A
// person holds one per provider or so, so the list needs no pages.
func (db *DB) Identities(ctx context.Context) ([]copse.Identity, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to see your connected accounts.")
	}
	out := []copse.Identity{}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT "+identityColumns+" FROM identities i WHERE i.user_id = ? ORDER BY i.provider, i.id", me.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			i, err := scanIdentity(rows)
			if err != nil {
				return err
			}
			out = append(out, *i)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: identities: %w", err)
	}
	return out, nil
}

// HasPassword reports whether the signed-in person can sign in with a password.
func (db *DB) HasPassword(ctx context.Context) (bool, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return false, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to see your account.")
	}
	var has bool
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT password_hash IS NOT NULL FROM users WHERE id = ?", me.ID).Scan(&has)
	})
	return has, err
}

// RemoveIdentity unlinks one of the signed-in person's identities, unless it is
// their last way to sign in. Sessions it signed in go on, as the person's own.
func (db *DB) RemoveIdentity(ctx context.Context, id int64) error {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to change your connected accounts.")
	}
	return db.updateQuiet(ctx, func(tx *Tx) error {
		var others int
		var password bool
		err := tx.queryRow(ctx, `SELECT (SELECT count(*) FROM identities WHERE user_id = ? AND id <> ?),
			(SELECT password_hash IS NOT NULL FROM users WHERE id = ?)`, me.ID, id, me.ID).Scan(&others, &password)
		if err != nil {
			return err
		}
		if others == 0 && !password {
			return copse.Errorf(copse.ECONFLICT, "This is your only way to sign in: connect another account first, or you could not sign in again.")
		}
		res, err := tx.exec(ctx, "DELETE FROM identities WHERE id = ? AND user_id = ?", id, me.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("You have no connected account with the id %d.", id)
		}
		return nil
	})
}
