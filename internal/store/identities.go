package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/auth"
)

// PendingLinkTTL is how long a person has to prove that an existing account is
// theirs after signing in with a new identity that carries its email.
const PendingLinkTTL = 30 * time.Minute

// SignInResult is what a sign-in with an external identity came to: a person to
// start a session for, or a link waiting for proof.
type SignInResult struct {
	User     *copse.User
	Identity *copse.Identity
	Created  bool         // a new account was made for a new person
	Linked   bool         // the identity was linked to the account signed in
	Pending  *PendingLink // an account with this email exists: it must be proved first
}

const identityColumns = "i.id, i.user_id, i.provider, i.subject, i.email, i.email_verified, i.username, i.created_at, i.last_used_at"

func scanIdentity(row interface{ Scan(...any) error }) (*copse.Identity, error) {
	var i copse.Identity
	err := row.Scan(&i.ID, &i.UserID, &i.Provider, &i.Subject, &i.Email, &i.EmailVerified, &i.Username,
		dbTime{&i.CreatedAt}, dbTime{&i.LastUsedAt})
	return &i, err
}

// SignInExternal is the end of every single sign-on: the provider has vouched for
// ext. A known identity signs its person in. A new one is linked to linkTo (the id
// of the person signed in on this browser, who asked to connect it) or, when no one
// is signed in, either makes a new account or — when its email belongs to an
// existing account — waits as a pending link until the person proves the account
// is theirs: never silently, since whoever controls a provider account with someone
// else's address would otherwise take over their account. The role rules are applied
// to the groups at every sign-in, in the same transaction.
func (db *DB) SignInExternal(ctx context.Context, ext copse.ExternalIdentity, linkTo int64) (SignInResult, error) {
	var res SignInResult
	err := db.update(ctx, func(tx *Tx) error {
		ident, err := scanIdentity(tx.queryRow(ctx, "SELECT "+identityColumns+" FROM identities i WHERE i.provider = ? AND i.subject = ?", ext.Provider, ext.Subject))
		switch {
		case err == nil:
			if linkTo != 0 && ident.UserID != linkTo {
				return copse.Errorf(copse.ECONFLICT, "This %s account is already connected to another copse account. Sign out, then sign in with it to use that account.", ext.ProviderLabel)
			}
			if _, err := tx.exec(ctx, `UPDATE identities SET email = ?, email_verified = ?, username = ?, last_used_at = ? WHERE id = ?`,
				ext.Email, ext.EmailVerified, ext.Username, tx.now, ident.ID); err != nil {
				return err
			}
			ident.Email, ident.EmailVerified, ident.Username, ident.LastUsedAt = ext.Email, ext.EmailVerified, ext.Username, tx.now
			res.Identity = ident
			res.User, err = tx.userByID(ctx, ident.UserID)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		case linkTo != 0:
			res.Linked = true
			if res.User, err = tx.userByID(ctx, linkTo); err == nil {
				res.Identity, err = tx.insertIdentity(ctx, linkTo, ext)
			}
		default:
			if err := checkEmail(ext); err != nil {
				return err
			}
			var existing int64
			if existing, err = tx.userIDByEmail(ctx, ext.Email); err != nil {
				return err
			}
			if existing != 0 {
				res.Pending, err = tx.createPendingLink(ctx, existing, ext)
				return err
			}
			res.Created = true
			if res.User, err = tx.createExternalUser(ctx, ext); err == nil {
				res.Identity, err = tx.insertIdentity(ctx, res.User.ID, ext)
			}
		}
		if err != nil {
			return err
		}
		return tx.applyGrants(ctx, res.User, ext.Provider, ext.Groups)
	})
	if err != nil {
		return SignInResult{}, fmt.Errorf("store: sign in with %s: %w", ext.Provider, err)
	}
	return res, nil
}

// checkEmail refuses a new identity without a verified email: copse cannot tell
// whose account it would be, and an unverified address proves nothing.
func checkEmail(ext copse.ExternalIdentity) error {
	switch {
	case ext.Email == "":
		return copse.Errorf(copse.EFORBIDDEN, "%s did not share your email address, so copse cannot make you an account. Ask the people who run copse to request the email scope.", ext.ProviderLabel)
	case !ext.EmailVerified:
		return copse.Errorf(copse.EFORBIDDEN, "%s has not verified your email address %s, so copse cannot trust it. Verify it with %s, then sign in again.", ext.ProviderLabel, ext.Email, ext.ProviderLabel)
	}
	return nil
}

func (tx *Tx) userByID(ctx context.Context, id int64) (*copse.User, error) {
	u, err := scanUser(tx.queryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("That account no longer exists.")
	}
	return u, err
}

// userIDByEmail finds the account with that email (emails are stored lower-cased).
func (tx *Tx) userIDByEmail(ctx context.Context, email string) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, "SELECT id FROM users WHERE email = ?", email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

func (tx *Tx) insertIdentity(ctx context.Context, userID int64, ext copse.ExternalIdentity) (*copse.Identity, error) {
	id, err := tx.insert(ctx, `INSERT INTO identities (user_id, provider, subject, email, email_verified, username, created_at, last_used_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, userID, ext.Provider, ext.Subject, ext.Email, ext.EmailVerified, ext.Username, tx.now, tx.now)
	if isUnique(err) {
		return nil, copse.Errorf(copse.ECONFLICT, "This %s account is already connected to a copse account.", ext.ProviderLabel)
	}
	if err != nil {
		return nil, err
	}
	return &copse.Identity{ID: id, UserID: userID, Provider: ext.Provider, Subject: ext.Subject, Email: ext.Email,
		EmailVerified: ext.EmailVerified, Username: ext.Username, CreatedAt: tx.now, LastUsedAt: tx.now}, nil
}

// createExternalUser makes an account, without a password, for a person the
// provider vouched for. The handle comes from their username, made unique.
func (tx *Tx) createExternalUser(ctx context.Context, ext copse.ExternalIdentity) (*copse.User, error) {
	base := copse.HandleFrom(ext.Username, ext.Email)
	name := []rune(ext.Name)
	if len(name) > 100 {
		name = name[:100]
	}
	n := copse.NewUser{Handle: base, Email: ext.Email, Name: string(name)}
	n.Normalize()
	for i := 2; ; i++ {
		var taken int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM users WHERE handle = ?", n.Handle).Scan(&taken); err != nil {
			return nil, err
		}
		if taken == 0 {
			break
		}
		if i > 50 {
			return nil, copse.Errorf(copse.ECONFLICT, "Too many people have handles like %q; ask an admin to make your account.", base)
		}
		suffix := strconv.Itoa(i)
		n.Handle = base[:min(len(base), 39-len(suffix))] + suffix
	}
	if err := n.Validate(); err != nil {
		return nil, copse.Errorf(copse.EFORBIDDEN, "copse cannot make an account from what %s shared (%v). Ask an admin to make your account.", ext.ProviderLabel, err)
	}
	return tx.insertUser(ctx, n, nil)
}

// PendingLink is a new identity waiting for proof that an existing account is the
// person's own. BrowserToken goes in a cookie of the browser that signed in.
type PendingLink struct {
	ID            int64
	Handle        string // of the existing account
	Email         string
	Provider      string
	Username      string
	HasPassword   bool     // the person can prove it with their password
	Providers     []string // identities already linked, which prove it too
	MailRequested bool
	BrowserToken  string
	ExpiresAt     time.Time
}

func (tx *Tx) createPendingLink(ctx context.Context, userID int64, ext copse.ExternalIdentity) (*PendingLink, error) {
	token, hash := auth.NewToken("pl_")
	groups, err := json.Marshal(ext.Groups)
	if err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, "DELETE FROM pending_links WHERE expires_at < ? OR (provider = ? AND subject = ?)", tx.now, ext.Provider, ext.Subject); err != nil {
		return nil, err
	}
	id, err := tx.insert(ctx, `INSERT INTO pending_links (user_id, provider, subject, email, email_verified, username, groups_json, browser_hash, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, userID, ext.Provider, ext.Subject, ext.Email, ext.EmailVerified, ext.Username,
		string(groups), hash, tx.now, tx.now.Add(PendingLinkTTL))
	if err != nil {
		return nil, err
	}
	p, err := tx.pendingLink(ctx, "pl.id = ?", id)
	if err != nil {
		return nil, err
	}
	p.BrowserToken = token
	return p, nil
}

// pendingLink loads a live pending link with what its page shows.
func (tx *Tx) pendingLink(ctx context.Context, where string, arg any) (*PendingLink, error) {
	var (
		p    PendingLink
		hash sql.NullString
		mail sql.NullString
	)
	err := tx.queryRow(ctx, `SELECT pl.id, u.handle, pl.email, pl.provider, pl.username, u.password_hash, pl.token_hash, pl.expires_at
		FROM pending_links pl JOIN users u ON u.id = pl.user_id WHERE `+where+` AND pl.expires_at > ?`, arg, tx.now).
		Scan(&p.ID, &p.Handle, &p.Email, &p.Provider, &p.Username, &hash, &mail, dbTime{&p.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, copse.Errorf(copse.ENOTFOUND, "This request to connect an account has expired or was used. Sign in again to start over.")
	}
	if err != nil {
		return nil, err
	}
	p.HasPassword, p.MailRequested = hash.Valid, mail.Valid
	rows, err := tx.query(ctx, `SELECT DISTINCT i.provider FROM identities i JOIN pending_links pl ON pl.user_id = i.user_id
		WHERE pl.id = ? ORDER BY i.provider`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		p.Providers = append(p.Providers, name)
	}
	return &p, rows.Err()
}
