package copse

// Headcount is how many people hold each role in a community.
type Headcount struct {
	Facilitators int
	Core         int
	Members      int
	Contributors int
}

// Counted is the number of people the lifecycle counts: contributors are welcome but
// are not counted (CONTRACT.md).
func (h Headcount) Counted() int { return h.Facilitators + h.Core + h.Members }

// Add counts one more person in role r.
func (h *Headcount) Add(r Role, n int) {
	switch r {
	case RoleFacilitator:
		h.Facilitators += n
	case RoleCore:
		h.Core += n
	case RoleMember:
		h.Members += n
	case RoleContributor:
		h.Contributors += n
	}
}

// DefaultMinMembers is the site setting's default: seed 002, "CoP should consist of
// three or more members to foster a culture of collaboration".
const DefaultMinMembers = 3

// NextStatus is the one place the community lifecycle of CONTRACT.md is decided. It
// takes the current status, the headcount after a change, the site's min_members, and
// whether the change is new activity (a join, a meeting, a post), which wakes a
// dormant community.
//
//   - archived stays archived: only an explicit restore leaves it (see Restore).
//   - suggested stays suggested until someone holds the facilitator role.
//   - otherwise the community is active when it counts at least minMembers people in
//     counted roles and has a facilitator, and forming when not.
//   - dormant (set by the health rules) stays dormant until there is new activity.
func NextStatus(cur Status, h Headcount, minMembers int, activity bool) Status {
	switch cur {
	case StatusArchived:
		return StatusArchived
	case StatusSuggested:
		if h.Facilitators == 0 {
			return StatusSuggested
		}
	case StatusDormant:
		if !activity {
			return StatusDormant
		}
	}
	if minMembers < 1 {
		minMembers = 1
	}
	if h.Facilitators >= 1 && h.Counted() >= minMembers {
		return StatusActive
	}
	return StatusForming
}

// Restore is the status an archived community returns to when it is un-archived:
// whatever its members make it now, as if newly active.
func Restore(h Headcount, minMembers int) Status {
	if h.Facilitators == 0 && h.Counted() == 0 {
		return StatusForming
	}
	return NextStatus(StatusForming, h, minMembers, true)
}
