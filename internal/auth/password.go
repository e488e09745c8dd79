// Package auth holds the secrets of accounts: password hashes (argon2id) and the
// random tokens behind sessions and API access, which are only ever stored hashed.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters. The defaults are OWASP's recommended
// minimum (19 MiB, 2 passes, 1 lane): strong, and affordable on a small machine
// where several people sign in at once.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams is used for every new hash.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

const keyLen = 32

// HashPassword returns a PHC-format argon2id hash of pw with a random salt:
// $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH
func HashPassword(pw string) (string, error) {
	return hashWith(pw, DefaultParams)
}

func hashWith(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: not an argon2id hash")

// CheckPassword reports whether pw matches hash, and whether the hash used weaker
// parameters than today's, so the caller can store a fresh one.
func CheckPassword(hash, pw string) (ok, rehash bool, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, errBadHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	key, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false, false, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	ok = subtle.ConstantTimeCompare(got, key) == 1
	rehash = p.Memory < DefaultParams.Memory || p.Time < DefaultParams.Time
	return ok, rehash, nil
}

// dummyHash is checked against when no account matches, so that "no such person"
// and "wrong password" take the same time and cannot be told apart.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("copse-timing-equaliser")
	return h
})

// CheckNothing spends the time a real password check would.
func CheckNothing(pw string) {
	CheckPassword(dummyHash(), pw) //nolint:errcheck // the answer is thrown away on purpose
}
