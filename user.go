package copse

import (
	"context"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person with an account. A person may later hold several identities (a
// local password, single sign-on); the password lives with the store, never here.
type User struct {
	ID           int64     `json:"-"`
	Handle       string    `json:"handle"`
	Email        string    `json:"-"`
	Name         string    `json:"name"`
	Organisation string    `json:"organisation,omitempty"`
	Admin        bool      `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// DisplayName is the name people see: the full name when given, else the handle.
func (u *User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Handle
}

var handleRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9._-]{0,37}[a-z0-9])?$`)

// NormalizeHandle lower-cases a handle and drops a leading @, as people type "@Ada".
func NormalizeHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// NewUser is what creating an account takes.
type NewUser struct {
	Handle   string
	Email    string
	Name     string
	Admin    bool
	Password string // empty: the account can only sign in through another identity
}

// Normalize trims and lower-cases what is case-insensitive.
func (n *NewUser) Normalize() {
	n.Handle = NormalizeHandle(n.Handle)
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(n.Name)
}

// Validate reports every bad field of a new account.
func (n *NewUser) Validate() error {
	p := Problems{}
	validateHandle(p, "handle", n.Handle)
	validateEmail(p, "email", n.Email)
	if utf8.RuneCountInString(n.Name) > 100 {
		p.Add("name", "must be at most 100 characters")
	}
	if n.Password != "" {
		validatePassword(p, "password", n.Password)
	}
	return p.Err()
}

func validateHandle(p Problems, field, h string) {
	switch {
	case h == "":
		p.Add(field, "is required")
	case !handleRE.MatchString(h):
		p.Add(field, "must be 1 to 39 lower-case letters, digits, dots, dashes or underscores, starting and ending with a letter or digit")
	}
}

func validateEmail(p Problems, field, e string) {
	if e == "" {
		p.Add(field, "is required")
		return
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], ".") && !strings.HasSuffix(e, "@localhost") {
		p.Add(field, "must be an email address such as ada@example.org")
	}
}

// Passwords follow NIST SP 800-63B: length matters, composition rules do not.
func validatePassword(p Problems, field, pw string) {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < 10:
		p.Add(field, "must be at least 10 characters; a few unrelated words make a strong one")
	case len(pw) > 512:
		p.Add(field, "must be at most 512 bytes")
	}
}

// ValidatePassword checks a new password on its own (for password changes).
func ValidatePassword(pw string) error {
	p := Problems{}
	validatePassword(p, "password", pw)
	return p.Err()
}

// ProfileUpdate is what a person may change about themselves.
type ProfileUpdate struct {
	Name         *string
	Email        *string
	Organisation *string
}

// Validate normalises and checks the fields being changed.
func (u *ProfileUpdate) Validate() error {
	p := Problems{}
	if u.Name != nil {
		*u.Name = strings.TrimSpace(*u.Name)
		if utf8.RuneCountInString(*u.Name) > 100 {
			p.Add("name", "must be at most 100 characters")
		}
	}
	if u.Email != nil {
		*u.Email = strings.ToLower(strings.TrimSpace(*u.Email))
		validateEmail(p, "email", *u.Email)
	}
	if u.Organisation != nil {
		*u.Organisation = strings.TrimSpace(*u.Organisation)
		if utf8.RuneCountInString(*u.Organisation) > 100 {
			p.Add("organisation", "must be at most 100 characters")
		}
	}
	return p.Err()
}

type userKey struct{}

// WithUser returns a context carrying the signed-in person.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the signed-in person, or nil for an anonymous reader.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}
