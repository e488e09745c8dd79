package copse

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Identity is one way a person signs in besides a password: an account at their
// organisation's OpenID Connect provider or at GitHub. A person may hold several.
type Identity struct {
	ID            int64     `json:"id"`
	UserID        int64     `json:"-"`
	Provider      string    `json:"provider"`
	Subject       string    `json:"subject"`
	Email         string    `json:"email"`
	EmailVerified bool      `json:"email_verified"`
	Username      string    `json:"username"`
	CreatedAt     time.Time `json:"created_at"`
	LastUsedAt    time.Time `json:"last_used_at"`
}

// ExternalIdentity is what a provider vouched for at the end of a sign-in: its
// tokens were verified before one of these is made.
type ExternalIdentity struct {
	Provider      string   // the configured name, such as "keycloak"
	ProviderLabel string   // what people call it, such as "IDIR"
	Subject       string   // stable per person at that provider
	Email         string   // lower-cased
	EmailVerified bool     // the provider says the person proved the address
	Username      string   // preferred_username or GitHub login: a hint for a new handle
	Name          string   // the full name, when shared
	Groups        []string // the claim the role rules read (Keycloak groups, GitHub organisations)
	IDToken       string   // kept with the session for RP-initiated logout; "" for GitHub
}

// ProviderNameRE is what a provider's name may look like: it appears in addresses
// (/signin/sso/NAME) and is stored with every identity, so it never changes.
var ProviderNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)

// Grant is what a role rule gives.
type Grant string

const (
	GrantAdmin         Grant = "admin"          // the site admin flag
	GrantPlatformStaff Grant = "platform_staff" // the people who run the platform
	GrantCommunity     Grant = "community"      // a role in one community
)

// Grants lists every kind of grant, as forms offer them.
var Grants = []Grant{GrantAdmin, GrantPlatformStaff, GrantCommunity}

// MaxRoleRules bounds the rules a site keeps, so that every sign-in can read them
// all at once and the admin page can show them on one page.
const MaxRoleRules = 200

// RoleRule maps a group, as a provider names it in its groups claim, to a grant:
// "members of /platform-team are platform staff", "members of /cop-iac join
// infrastructure-as-code". Rules are applied at each sign-in.
type RoleRule struct {
	ID        int64     `json:"id"`
	Provider  string    `json:"provider"` // "" for every provider
	Group     string    `json:"group"`
	Grant     Grant     `json:"grant"`
	Community string    `json:"community,omitempty"` // the slug, for community grants
	Role      Role      `json:"role,omitempty"`      // for community grants
	CreatedAt time.Time `json:"created_at"`
}

// Normalize trims what people type and fills the default role.
func (r *RoleRule) Normalize() {
	r.Provider = strings.TrimSpace(r.Provider)
	r.Group = strings.TrimSpace(r.Group)
	r.Community = strings.ToLower(strings.TrimSpace(r.Community))
	if r.Grant != GrantCommunity {
		r.Community, r.Role = "", ""
	} else if r.Role == "" {
		r.Role = RoleMember
	}
}

// Validate reports every bad field of a rule; providers are the configured names.
func (r *RoleRule) Validate(providers []string) error {
	p := Problems{}
	if r.Provider != "" && !slices.Contains(providers, r.Provider) {
		p.Add("provider", "must be one of the configured providers, or empty for all of them")
	}
	switch {
	case r.Group == "":
		p.Add("group", "is required, such as /platform-team")
	case utf8.RuneCountInString(r.Group) > 200:
		p.Add("group", "must be at most 200 characters")
	}
	if !slices.Contains(Grants, r.Grant) {
		p.Add("grant", `must be "admin", "platform_staff" or "community"`)
	}
	if r.Grant == GrantCommunity {
		if r.Community == "" {
			p.Add("community", "is required for a community role")
		}
		if !r.Role.Valid() {
			p.Add("role", `must be "facilitator", "core", "member" or "contributor"`)
		}
	}
	return p.Err()
}

// Granted is what the rules give a person with some groups.
type Granted struct {
	Admin         bool
	PlatformStaff bool
	Communities   map[int64]Role // by community id: the role with most responsibility wins
}

// ApplyRules works out what the groups a provider sent are worth under the rules.
// communityIDs maps each rule's community slug to its id.
func ApplyRules(rules []RoleRule, provider string, groups []string, communityIDs map[string]int64) Granted {
	g := Granted{Communities: map[int64]Role{}}
	for _, r := range rules {
		if r.Provider != "" && r.Provider != provider || !slices.Contains(groups, r.Group) {
			continue
		}
		switch r.Grant {
		case GrantAdmin:
			g.Admin = true
		case GrantPlatformStaff:
			g.PlatformStaff = true
		case GrantCommunity:
			id, ok := communityIDs[r.Community]
			if !ok {
				continue
			}
			if have, ok := g.Communities[id]; !ok || r.Role.Outranks(have) {
				g.Communities[id] = r.Role
			}
		}
	}
	return g
}

// Outranks reports whether r carries more responsibility than other.
func (r Role) Outranks(other Role) bool {
	return slices.Index(Roles, r) < slices.Index(Roles, other)
}

var handleJunk = regexp.MustCompile(`[^a-z0-9._-]+`)

// HandleFrom suggests a handle for a new person from what a provider shared: their
// username, else the local part of their email. The store makes it unique.
func HandleFrom(username, email string) string {
	s := strings.ToLower(username)
	if at := strings.IndexByte(s, '@'); at > 0 {
		s = s[:at]
	}
	if s == "" {
		s, _, _ = strings.Cut(strings.ToLower(email), "@")
	}
	s = handleJunk.ReplaceAllString(s, "-")
	s = strings.Trim(s, "._-")
	if len(s) > 32 {
		s = strings.Trim(s[:32], "._-")
	}
	if s == "" {
		s = "person"
	}
	return s
}
