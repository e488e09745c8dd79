// Package sso signs people in through their organisation's identity provider
// (OpenID Connect, as Keycloak serves it) or GitHub (OAuth 2.0), and turns what the
// provider vouches for into a copse.ExternalIdentity. It holds no state of its own:
// the web pages keep each sign-in's state, nonce and PKCE verifier in a cookie, and
// the store decides whose account an identity is.
package sso

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/copse-dev/copse"
)

// Provider is one configured way to sign in.
type Provider interface {
	// Name is the configured name, in addresses and stored with identities.
	Name() string
	// Label is what the sign-in button calls it: "IDIR", "GitHub".
	Label() string
	// AuthURL is the provider's sign-in page for this attempt. nonce is ignored by
	// providers that are not OpenID Connect.
	AuthURL(ctx context.Context, state, nonce, verifier string) (string, error)
	// Exchange turns the code the provider sent back into a verified identity. Its
	// errors are *copse.Error with a message for the person signing in.
	Exchange(ctx context.Context, code, verifier, nonce string) (copse.ExternalIdentity, error)
	// LogoutURL is the provider's sign-out (RP-initiated logout) for a session that
	// idToken signed in, coming back to after; "" when the provider offers none.
	LogoutURL(ctx context.Context, idToken, after string) string
}

// Providers are the configured providers in the order their buttons appear.
type Providers []Provider

// Find returns the provider with that name, or nil.
func (ps Providers) Find(name string) Provider {
	for _, p := range ps {
		if p.Name() == name {
			return p
		}
	}
	return nil
}

// Names lists the providers' names.
func (ps Providers) Names() []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name()
	}
	return out
}

// Label returns the label of the provider with that name, or the name itself for a
// provider no longer configured (its identities stay).
func (ps Providers) Label(name string) string {
	if p := ps.Find(name); p != nil {
		return p.Label()
	}
	return name
}

// Random returns a new unguessable value for a state, a nonce or a PKCE verifier:
// 32 random bytes, base64url (43 characters, as RFC 7636 asks of a verifier).
func Random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// httpTimeout bounds every call copse makes to a provider, so that a provider that
// hangs fails a sign-in with a message rather than holding it open.
const httpTimeout = 15 * time.Second

// ClockSkew is how far the clocks of copse and a provider may disagree before a
// token counts as expired.
const ClockSkew = 2 * time.Minute

func newHTTPClient(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: httpTimeout}
}

func refuse(format string, args ...any) error {
	return copse.Errorf(copse.EFORBIDDEN, format, args...)
}

// unreachable is the error for a provider that did not answer as it should: the
// message says so, and the cause goes to the log.
type unreachable struct {
	msg   string
	cause error
}

func (u *unreachable) Error() string { return u.msg + ": " + u.cause.Error() }
func (u *unreachable) Unwrap() error { return u.cause }

// As lets copse.ErrorMessage show the message (the cause stays in the log).
func (u *unreachable) As(target any) bool {
	if e, ok := target.(**copse.Error); ok {
		*e = &copse.Error{Code: copse.EINTERNAL, Message: u.msg}
		return true
	}
	return false
}

func failed(cause error, format string, args ...any) error {
	return &unreachable{msg: copse.Errorf(copse.EINTERNAL, format, args...).Message, cause: cause}
}
