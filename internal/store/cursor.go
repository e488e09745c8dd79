package store

import (
	"encoding/base64"
	"strings"

	"github.com/copse-dev/copse"
)

// Cursors are opaque to clients: the key of the last item, base64url-encoded, so
// pages follow the index and never skip or repeat items when rows are added.
func encodeCursor(parts ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x00")))
}

func decodeCursor(c string) (string, error) {
	parts, err := decodeCursorParts(c, 1)
	if err != nil {
		return "", err
	}
	return parts[0], nil
}

func decodeCursorParts(c string, n int) ([]string, error) {
	if c == "" {
		return make([]string, n), nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	parts := strings.Split(string(b), "\x00")
	if err != nil || len(parts) != n {
		return nil, badCursor()
	}
	return parts, nil
}

func badCursor() error {
	return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
		Fields: map[string]string{"cursor": "is not a cursor this list gave out; start again without it"}}
}
