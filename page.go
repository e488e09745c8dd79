package copse

// Page is one page of a list: the items and the cursor of the next page ("" on the
// last page). Cursors are opaque to clients.
type Page[T any] struct {
	Items []T
	Next  string
}

// List limits: a client may ask for up to MaxLimit items; DefaultLimit otherwise.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// ClampLimit applies the default and the maximum to a requested page size.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// CommunityFilter narrows a list of communities.
type CommunityFilter struct {
	Status []Status // any of these; empty means all but archived
	Tag    string
	Q      string // words in the name or subject
	Member string // handle: only communities this person belongs to
	Limit  int
	Cursor string
}

// MemberFilter narrows a community's members.
type MemberFilter struct {
	Role   Role
	Limit  int
	Cursor string
}
