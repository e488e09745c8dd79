package copse

import (
	"slices"
	"time"
)

// Role is what a person does in a community (seed 002's roles, plus seed 003's core team).
type Role string

const (
	RoleFacilitator Role = "facilitator" // assembles the group, runs the meeting, maintains the project
	RoleCore        Role = "core"        // plans and evaluates with the facilitators
	RoleMember      Role = "member"      // a subject matter expert who takes part
	RoleContributor Role = "contributor" // engages now and then and gives back; not counted
)

// Roles lists every role, most responsibility first.
var Roles = []Role{RoleFacilitator, RoleCore, RoleMember, RoleContributor}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Member is a person's membership of a community.
type Member struct {
	Handle   string    `json:"handle"`
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	JoinedAt time.Time `json:"joined_at"`
	UserID   int64     `json:"-"`
}

// Viewer is who is looking at a community: the person (nil when anonymous) and their
// role in it ("" when they are not a member).
type Viewer struct {
	User *User
	Role Role
}

func (v Viewer) admin() bool       { return v.User != nil && v.User.Admin }
func (v Viewer) facilitator() bool { return v.Role == RoleFacilitator || v.admin() }

// CanSee reports whether the viewer may read the community at all.
func (v Viewer) CanSee(c *Community) bool {
	switch c.Visibility {
	case VisibilitySignedIn:
		return v.User != nil
	case VisibilityMembers:
		return v.Role != "" || v.admin()
	default:
		return true
	}
}

// CanSeeMembers reports whether the viewer may list the community's members; a
// members-only community shows its roster to members alone.
func (v Viewer) CanSeeMembers(c *Community) bool { return v.CanSee(c) }

// CanEdit reports whether the viewer may change the community's charter and settings.
func (v Viewer) CanEdit() bool { return v.facilitator() }

// denied is the error for a refused action: 401 for anonymous people (sign in and
// try again), 403 for signed-in people who lack the role.
func (v Viewer) denied(format string, args ...any) error {
	if v.User == nil {
		return Errorf(EUNAUTHORIZED, "Sign in to do this.")
	}
	return Errorf(EFORBIDDEN, format, args...)
}

// Writable refuses every change to an archived community.
func Writable(c *Community) error {
	if c.Status == StatusArchived {
		return Errorf(ECONFLICT, "%s is archived and read-only; a facilitator or an admin can restore it.", c.Name)
	}
	return nil
}

// AuthorizeEdit checks that the viewer may change the community.
func (v Viewer) AuthorizeEdit(c *Community, u *CommunityUpdate) error {
	if !v.CanEdit() {
		return v.denied("Only a facilitator of %s or an admin can change it.", c.Name)
	}
	restoring := u.Status != nil && *u.Status == StatusActive
	if c.Status == StatusArchived && !restoring {
		return Writable(c)
	}
	if restoring && c.Status != StatusArchived {
		return &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: map[string]string{
			"status": `only "archived" can be set; active and forming follow from the members`}}
	}
	return nil
}

// MembershipChange is a join, an addition, a role change or a removal, checked by
// AuthorizeMembership against the rules below.
type MembershipChange struct {
	Self      bool // the viewer acts on their own membership
	From      Role // "" when the person is not a member yet
	To        Role // "" when the person leaves or is removed
	Headcount Headcount
}

// AuthorizeMembership is the one place that decides who may change whose role:
//   - anyone signed in joins as member or contributor; core and facilitator roles are
//     given by a facilitator (or an admin), except that anyone may take the facilitator
//     role of a community that has none — that is how a suggested community starts;
//   - a person may step down to member or contributor, or leave;
//   - a facilitator or an admin adds, changes and removes anyone;
//   - the last facilitator of a community with other counted people hands the role on
//     before stepping down, so a community is never left without one by accident;
//   - suggested communities take interest, not members, until they have a facilitator;
//   - archived communities are read-only.
func (v Viewer) AuthorizeMembership(c *Community, m MembershipChange) error {
	if v.User == nil {
		return v.denied("")
	}
	if err := Writable(c); err != nil {
		return err
	}
	if m.To != "" && !m.To.Valid() {
		return &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: map[string]string{
			"role": `must be "facilitator", "core", "member" or "contributor"`}}
	}
	taking := m.To == RoleFacilitator && m.Headcount.Facilitators == 0
	if c.Status == StatusSuggested && m.To != "" && !taking && !v.admin() {
		return Errorf(ECONFLICT, "%s is a suggested community: register your interest, or take the facilitator role to start it.", c.Name)
	}
	if !v.facilitator() {
		switch {
		case !m.Self:
			return v.denied("Only a facilitator of %s can change other people's roles.", c.Name)
		case m.To == RoleCore || m.To == RoleFacilitator && !taking:
			return v.denied("A facilitator of %s gives the %s role; ask one of them.", c.Name, m.To)
		}
	}
	lastFacilitator := m.From == RoleFacilitator && m.To != RoleFacilitator && m.Headcount.Facilitators == 1
	if lastFacilitator && m.Headcount.Counted() > 1 && !v.admin() {
		return Errorf(ECONFLICT, "You are the last facilitator of %s: give the facilitator role to someone else first.", c.Name)
	}
	return nil
}

// AuthorizeInterest checks that the viewer may register interest in c.
func (v Viewer) AuthorizeInterest(c *Community) error {
	if v.User == nil {
		return v.denied("")
	}
	if c.Status != StatusSuggested {
		return Errorf(ECONFLICT, "%s is not a suggested community any more: join it instead.", c.Name)
	}
	return nil
}
