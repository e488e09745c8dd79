package store

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/auth"
)

// EventLinkRequested is the event behind the mail that confirms a new identity
// belongs to an existing account. Like a subscription's double opt-in it goes to
// the one address in its payload ("email"), never to a list, a feed or a webhook.
const EventLinkRequested = "identity.link_requested"

// PendingLinkFor returns the pending link whose cookie value this browser holds.
func (db *DB) PendingLinkFor(ctx context.Context, browserToken string) (*PendingLink, error) {
	var p *PendingLink
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.pendingLink(ctx, "pl.browser_hash = ?", auth.HashToken(browserToken))
		return err
	})
	return p, err
}

// CompletePendingLink links the pending identity to the signed-in person: signing in
// to the account (with its password or an identity it already has) is the proof
// that it is theirs. The browser must be the one that started the link.
func (db *DB) CompletePendingLink(ctx context.Context, browserToken string) (SignInResult, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return SignInResult{}, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to the account to connect it.")
	}
	return db.completeLink(ctx, "browser_hash = ?", auth.HashToken(browserToken), me.ID)
}

// ConfirmLinkByMail links the pending identity once its confirmation mail was
// opened, in the browser that started the link: the mail proves the mailbox, the
// browser proves that the person confirming is the one who signed in with the new
// identity (else anyone could send someone a link that connects their identity to
// that person's account).
func (db *DB) ConfirmLinkByMail(ctx context.Context, mailToken, browserToken string) (SignInResult, error) {
	res, err := db.completeLink(ctx, "token_hash = ? AND browser_hash = ?", []any{auth.HashToken(mailToken), auth.HashToken(browserToken)}, 0)
	if copse.ErrorCode(err) == copse.ENOTFOUND {
		return res, copse.Errorf(copse.ENOTFOUND, "This confirmation link has expired, was used, or was opened in another browser. Open it in the browser you signed in with, or sign in again to start over.")
	}
	return res, err
}

// completeLink consumes a pending link matched by where, links its identity and
// applies its groups. userID, when not 0, must own the link.
func (db *DB) completeLink(ctx context.Context, where string, arg any, userID int64) (SignInResult, error) {
	args, ok := arg.([]any)
	if !ok {
		args = []any{arg}
	}
	var res SignInResult
	err := db.update(ctx, func(tx *Tx) error {
		var (
			owner      int64
			ext        copse.ExternalIdentity
			groupsJSON string
		)
		err := tx.queryRow(ctx, `SELECT user_id, provider, subject, email, email_verified, username, groups_json
			FROM pending_links WHERE `+where+` AND expires_at > ?`, append(args, tx.now)...).
			Scan(&owner, &ext.Provider, &ext.Subject, &ext.Email, &ext.EmailVerified, &ext.Username, &groupsJSON)
		if err != nil {
			return copse.Errorf(copse.ENOTFOUND, "This request to connect an account has expired or was used. Sign in again to start over.")
		}
		if userID != 0 && owner != userID {
			return copse.Errorf(copse.EFORBIDDEN, "You are signed in to another account than the one with the address %s. Sign out, then sign in to that account to connect it.", ext.Email)
		}
		if err := json.Unmarshal([]byte(groupsJSON), &ext.Groups); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM pending_links WHERE user_id = ? AND provider = ? AND subject = ?", owner, ext.Provider, ext.Subject); err != nil {
			return err
		}
		if res.User, err = tx.userByID(ctx, owner); err != nil {
			return err
		}
		ext.ProviderLabel = ext.Provider
		if res.Identity, err = tx.insertIdentity(ctx, owner, ext); err != nil {
			return err
		}
		res.Linked = true
		return tx.applyGrants(ctx, res.User, ext.Provider, ext.Groups)
	})
	if err != nil {
		return SignInResult{}, fmt.Errorf("store: connect identity: %w", err)
	}
	return res, nil
}

// RequestLinkMail creates the confirmation token of a pending link and records the
// mail that carries it, in one transaction. label names the provider in the mail;
// base is the site's address, for the link.
func (db *DB) RequestLinkMail(ctx context.Context, browserToken, label string, base *url.URL) (*PendingLink, error) {
	var p *PendingLink
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.pendingLink(ctx, "pl.browser_hash = ?", auth.HashToken(browserToken)); err != nil {
			return err
		}
		token, hash := auth.NewToken("plm_")
		if _, err := tx.exec(ctx, "UPDATE pending_links SET token_hash = ? WHERE id = ?", hash, p.ID); err != nil {
			return err
		}
		link := "/signin/link/confirm?token=" + url.QueryEscape(token)
		if base != nil {
			link = base.String() + link
		}
		var userID int64
		if err := tx.queryRow(ctx, "SELECT user_id FROM pending_links WHERE id = ?", p.ID).Scan(&userID); err != nil {
			return err
		}
		p.MailRequested = true
		payload, err := json.Marshal(map[string]string{
			"email": p.Email,
			"title": "Connect your " + label + " account to copse",
			"path":  link,
			"text": fmt.Sprintf("Someone, probably you, signed in to copse with the %s account %q, which has this address. "+
				"To connect it to your copse account @%s, open this link in the same browser within 30 minutes:\n\n%s\n\n"+
				"If it was not you, ignore this mail: nothing changes without it.", label, p.Username, p.Handle, link),
		})
		if err != nil {
			return err
		}
		// Not tx.recordEvent: this event belongs to no community (community_id NULL).
		_, err = tx.exec(ctx, `INSERT INTO events (kind, community_id, subject_type, subject_id, payload, created_at)
			VALUES (?, NULL, 'user', ?, ?, ?)`, EventLinkRequested, userID, string(payload), tx.now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: link mail: %w", err)
	}
	return p, nil
}
