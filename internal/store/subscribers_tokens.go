package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// The links in mail — unsubscribe, preferences, confirm a subscription — carry a
// token signed with a key kept in the database (so every instance shares it), not a
// row per mail: a list of ten thousand people costs nothing to store, and a link
// keeps working for as long as the subscription does.

// Token kinds.
const (
	tokenMember     = "u" // a member's mail from one community: u.USER.COMMUNITY
	tokenSubscriber = "s" // an outside subscriber: s.SUBSCRIBER
	tokenConfirm    = "c" // confirms an outside subscription: c.SUBSCRIBER
)

type listToken struct {
	Kind      string
	ID        int64 // the user or the subscriber
	Community int64 // for members
}

func (t listToken) String() string {
	s := t.Kind + "." + strconv.FormatInt(t.ID, 10)
	if t.Kind == tokenMember {
		s += "." + strconv.FormatInt(t.Community, 10)
	}
	return s
}

func parseListToken(s string) (listToken, bool) {
	parts := strings.Split(s, ".")
	var t listToken
	if len(parts) < 2 {
		return t, false
	}
	t.Kind = parts[0]
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return t, false
	}
	t.ID = id
	switch {
	case t.Kind == tokenMember && len(parts) == 3:
		t.Community, err = strconv.ParseInt(parts[2], 10, 64)
		return t, err == nil
	case (t.Kind == tokenSubscriber || t.Kind == tokenConfirm) && len(parts) == 2:
		return t, true
	}
	return t, false
}

// signToken returns payload.mac, both base64url.
func signToken(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
}

// verifyToken returns the token's payload when its signature holds.
func verifyToken(key []byte, token string) (listToken, bool) {
	p, m, ok := strings.Cut(token, ".")
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	sum, err2 := base64.RawURLEncoding.DecodeString(m)
	if !ok || err1 != nil || err2 != nil || len(key) == 0 {
		return listToken{}, false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(payload)
	if !hmac.Equal(sum, mac.Sum(nil)[:18]) {
		return listToken{}, false
	}
	return parseListToken(string(payload))
}

// notifyKey returns the signing key; create makes it on first use (in a write
// transaction). Two instances making it at once agree on the first one stored.
func (tx *Tx) notifyKey(ctx context.Context, create bool) ([]byte, error) {
	var s string
	err := tx.queryRow(ctx, "SELECT secret FROM notify_keys WHERE id = 1").Scan(&s)
	if errors.Is(err, sql.ErrNoRows) && create {
		b := make([]byte, 32)
		rand.Read(b)
		if _, err := tx.exec(ctx, "INSERT INTO notify_keys (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
			base64.RawStdEncoding.EncodeToString(b)); err != nil {
			return nil, err
		}
		err = tx.queryRow(ctx, "SELECT secret FROM notify_keys WHERE id = 1").Scan(&s)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// readToken checks a token from a link, of one of the kinds.
func (tx *Tx) readToken(ctx context.Context, token string, kinds ...string) (listToken, error) {
	key, err := tx.notifyKey(ctx, false)
	if err != nil {
		return listToken{}, err
	}
	t, ok := verifyToken(key, token)
	if !ok || !strings.Contains(strings.Join(kinds, ""), t.Kind) {
		return t, notFound("This link is not valid: it may have been cut short. Copy the whole link from the mail, or sign in to change what you receive.")
	}
	return t, nil
}
