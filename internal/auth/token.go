package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Token prefixes tell people (and secret scanners) what a leaked string is.
const (
	APITokenPrefix = "copse_"
	sessionPrefix  = "cs_"
)

// NewToken returns a random token with 256 bits of entropy and its hash. Only the
// hash is stored: a stolen database holds no usable credential. SHA-256 suffices
// because the token is random, unlike a password that needs a slow hash.
func NewToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: the system's random source failed: " + err.Error())
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// NewSessionToken returns a new session cookie value and its hash.
func NewSessionToken() (token, hash string) { return NewToken(sessionPrefix) }

// NewAPIToken returns a new API token and its hash.
func NewAPIToken() (token, hash string) { return NewToken(APITokenPrefix) }

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return hex.EncodeToString(sum[:])
}
