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

// Session lifetimes: a session ends after 30 days, or after 7 days unused.
const (
	SessionMaxAge  = 30 * 24 * time.Hour
	sessionIdle    = 7 * 24 * time.Hour
	sessionTouchAt = time.Hour // last_seen is written at most this often, not on every request
)

// Login rate limits, kept in the database so that several instances share them.
const (
	loginWindow     = 15 * time.Minute
	loginPerHandle  = 10 // failures for one account in a window
	loginPerAddress = 50 // failures from one address in a window
)

// Authenticate checks a handle (or email) and password. Failures are counted per
// account and per address; past the limit it refuses with ETOOMANYREQUEST before
// checking anything, so a password cannot be guessed at speed.
func (db *DB) Authenticate(ctx context.Context, login, password, ip string) (*copse.User, error) {
	login = copse.NormalizeHandle(login)
	keys := []string{"handle:" + login, "ip:" + ip}
	var (
		u    *copse.User
		hash sql.NullString
	)
	err := db.view(ctx, func(tx *Tx) error {
		since := tx.now.Add(-loginWindow)
		for i, limit := range []int{loginPerHandle, loginPerAddress} {
			var n int
			if err := tx.queryRow(ctx, "SELECT count(*) FROM login_failures WHERE key = ? AND at > ?", keys[i], since).Scan(&n); err != nil {
				return err
			}
			if n >= limit {
				return copse.Errorf(copse.ETOOMANYREQUEST, "Too many failed sign-in attempts. Wait 15 minutes, then try again.")
			}
		}
		row := tx.queryRow(ctx, "SELECT "+userColumns+", u.password_hash FROM users u WHERE u.handle = ? OR u.email = ?", login, login)
		var err error
		u = &copse.User{}
		err = row.Scan(&u.ID, &u.Handle, &u.Email, &u.Name, &u.Organisation, &u.Admin, dbTime{&u.CreatedAt}, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			u = nil
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	ok, rehash := false, false
	if u != nil && hash.Valid {
		ok, rehash, _ = auth.CheckPassword(hash.String, password)
	} else {
		auth.CheckNothing(password)
	}
	if !ok {
		err := db.updateQuiet(ctx, func(tx *Tx) error {
			for _, k := range keys {
				if _, err := tx.exec(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?)", k, tx.now); err != nil {
					return err
				}
			}
			_, err := tx.exec(ctx, "DELETE FROM login_failures WHERE at < ?", tx.now.Add(-loginWindow))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("store: authenticate: %w", err)
		}
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "That handle or email and password do not match an account.")
	}
	// Checked after the password, so that the answer says nothing about an account
	// to someone who does not know its password (identities_session.go).
	if err := db.view(ctx, func(tx *Tx) error { return tx.checkLocalSignIn(ctx, u.ID) }); err != nil {
		return nil, err
	}
	if rehash {
		if h, err := auth.HashPassword(password); err == nil {
			db.updateQuiet(ctx, func(tx *Tx) error { //nolint:errcheck // a stale hash still works; next sign-in retries
				_, err := tx.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", h, u.ID)
				return err
			})
		}
	}
	return u, nil
}

// CreateSession starts a session for the person and returns the cookie value; only
// its hash is stored.
func (db *DB) CreateSession(ctx context.Context, userID int64, userAgent, ip string) (string, error) {
	token, hash := auth.NewSessionToken()
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		if len(userAgent) > 300 {
			userAgent = userAgent[:300]
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, hash, userID, tx.now, tx.now, tx.now.Add(SessionMaxAge), userAgent, ip)
		if err != nil {
			return err
		}
		// Sweep expired sessions now and then, so the table does not grow forever.
		_, err = tx.exec(ctx, "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", tx.now, tx.now.Add(-sessionIdle))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: create session: %w", err)
	}
	return token, nil
}

// UserBySession returns the person signed in with that cookie value.
func (db *DB) UserBySession(ctx context.Context, token string) (*copse.User, error) {
	hash := auth.HashToken(token)
	var (
		u        *copse.User
		lastSeen time.Time
		now      time.Time
	)
	err := db.view(ctx, func(tx *Tx) error {
		now = tx.now
		row := tx.queryRow(ctx, "SELECT "+userColumns+", s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?",
			hash, tx.now, tx.now.Add(-sessionIdle))
		var err error
		u = &copse.User{}
		err = row.Scan(&u.ID, &u.Handle, &u.Email, &u.Name, &u.Organisation, &u.Admin, dbTime{&u.CreatedAt}, dbTime{&lastSeen})
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Your session has ended. Sign in again.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: session: %w", err)
	}
	if now.Sub(lastSeen) > sessionTouchAt {
		err = db.updateQuiet(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", tx.now, hash)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("store: touch session: %w", err)
		}
	}
	return u, nil
}

// DeleteSession ends a session (sign out).
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.updateQuiet(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", auth.HashToken(token))
		return err
	})
}

// CreateToken creates an API token for the person with that handle and returns it;
// it is shown once and stored only as a hash. The command line uses it to bootstrap
// automation, so it acts with the rights of the tool's operator.
func (db *DB) CreateToken(ctx context.Context, handle, name string) (string, error) {
	if name == "" {
		name = "API token"
	}
	if len(name) > 100 {
		return "", &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"name": "must be at most 100 characters"}}
	}
	token, hash := auth.NewAPIToken()
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		u, err := tx.findUser(ctx, copse.NormalizeHandle(handle))
		if err != nil {
			return err
		}
		_, err = tx.insert(ctx, "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)", u.ID, name, hash, tx.now)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	return token, nil
}

// UserByToken returns the owner of an API token.
func (db *DB) UserByToken(ctx context.Context, token string) (*copse.User, error) {
	var u *copse.User
	hash := auth.HashToken(token)
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(ctx, "SELECT "+userColumns+" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?", hash))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "That API token is not valid. Create a new one with `copse token create`.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: token: %w", err)
	}
	return u, nil
}
