package copse_test

import (
	"testing"

	"github.com/copse-dev/copse"
)

func TestNextStatus(t *testing.T) {
	hc := func(f, c, m, contrib int) copse.Headcount {
		return copse.Headcount{Facilitators: f, Core: c, Members: m, Contributors: contrib}
	}
	tests := []struct {
		name     string
		cur      copse.Status
		h        copse.Headcount
		min      int
		activity bool
		want     copse.Status
	}{
		{"new community with its facilitator alone is forming", copse.StatusForming, hc(1, 0, 0, 0), 3, true, copse.StatusForming},
		{"forming becomes active at min_members", copse.StatusForming, hc(1, 0, 2, 0), 3, true, copse.StatusActive},
		{"core members count", copse.StatusForming, hc(1, 2, 0, 0), 3, true, copse.StatusActive},
		{"several facilitators count", copse.StatusForming, hc(3, 0, 0, 0), 3, true, copse.StatusActive},
		{"contributors are not counted", copse.StatusForming, hc(1, 0, 1, 5), 3, true, copse.StatusForming},
		{"active falls back to forming below min_members", copse.StatusActive, hc(1, 0, 1, 0), 3, true, copse.StatusForming},
		{"active without a facilitator falls back to forming", copse.StatusActive, hc(0, 2, 5, 0), 3, true, copse.StatusForming},
		{"enough people but no facilitator stays forming", copse.StatusForming, hc(0, 1, 4, 0), 3, true, copse.StatusForming},
		{"a higher min_members demotes", copse.StatusActive, hc(1, 0, 3, 0), 5, false, copse.StatusForming},
		{"a lower min_members promotes", copse.StatusForming, hc(1, 0, 0, 0), 1, false, copse.StatusActive},
		{"min_members below one is treated as one", copse.StatusForming, hc(1, 0, 0, 0), 0, false, copse.StatusActive},
		{"suggested without facilitator stays suggested", copse.StatusSuggested, hc(0, 0, 0, 0), 3, true, copse.StatusSuggested},
		{"suggested with a facilitator is forming", copse.StatusSuggested, hc(1, 0, 0, 0), 3, true, copse.StatusForming},
		{"suggested whose facilitator brings enough people is active", copse.StatusSuggested, hc(1, 1, 1, 0), 3, true, copse.StatusActive},
		{"archived is read-only whatever happens", copse.StatusArchived, hc(1, 0, 9, 0), 3, true, copse.StatusArchived},
		{"archived stays archived below min_members", copse.StatusArchived, hc(0, 0, 0, 0), 3, false, copse.StatusArchived},
		{"dormant stays dormant without activity", copse.StatusDormant, hc(1, 0, 5, 0), 3, false, copse.StatusDormant},
		{"activity wakes a dormant community", copse.StatusDormant, hc(1, 0, 5, 0), 3, true, copse.StatusActive},
		{"activity wakes a dormant community too small to be active into forming", copse.StatusDormant, hc(1, 0, 0, 0), 3, true, copse.StatusForming},
		{"active stays active with exactly min_members", copse.StatusActive, hc(1, 1, 1, 0), 3, false, copse.StatusActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := copse.NextStatus(tt.cur, tt.h, tt.min, tt.activity); got != tt.want {
				t.Errorf("NextStatus(%s, %+v, %d, %v) = %s, want %s", tt.cur, tt.h, tt.min, tt.activity, got, tt.want)
			}
		})
	}
}

func TestRestore(t *testing.T) {
	tests := []struct {
		h    copse.Headcount
		want copse.Status
	}{
		{copse.Headcount{Facilitators: 1, Members: 2}, copse.StatusActive},
		{copse.Headcount{Facilitators: 1}, copse.StatusForming},
		{copse.Headcount{}, copse.StatusForming},
		{copse.Headcount{Members: 4}, copse.StatusForming},
	}
	for _, tt := range tests {
		if got := copse.Restore(tt.h, 3); got != tt.want {
			t.Errorf("Restore(%+v) = %s, want %s", tt.h, got, tt.want)
		}
	}
}

func TestAuthorizeMembership(t *testing.T) {
	ada := &copse.User{ID: 1, Handle: "ada"}
	admin := &copse.User{ID: 9, Handle: "root", Admin: true}
	active := &copse.Community{Name: "IaC", Status: copse.StatusActive}
	suggested := &copse.Community{Name: "OpenShift", Status: copse.StatusSuggested}
	archived := &copse.Community{Name: "Old", Status: copse.StatusArchived}
	team := copse.Headcount{Facilitators: 1, Members: 3}
	tests := []struct {
		name   string
		viewer copse.Viewer
		c      *copse.Community
		change copse.MembershipChange
		want   string // error code, "" for allowed
	}{
		{"anonymous cannot join", copse.Viewer{}, active, copse.MembershipChange{Self: true, To: copse.RoleMember}, copse.EUNAUTHORIZED},
		{"anyone joins as member", copse.Viewer{User: ada}, active, copse.MembershipChange{Self: true, To: copse.RoleMember, Headcount: team}, ""},
		{"anyone joins as contributor", copse.Viewer{User: ada}, active, copse.MembershipChange{Self: true, To: copse.RoleContributor, Headcount: team}, ""},
		{"nobody makes themselves core", copse.Viewer{User: ada}, active, copse.MembershipChange{Self: true, To: copse.RoleCore, Headcount: team}, copse.EFORBIDDEN},
		{"nobody takes a facilitated community's facilitator role", copse.Viewer{User: ada}, active, copse.MembershipChange{Self: true, To: copse.RoleFacilitator, Headcount: team}, copse.EFORBIDDEN},
		{"anyone takes the facilitator role of a suggested community", copse.Viewer{User: ada}, suggested, copse.MembershipChange{Self: true, To: copse.RoleFacilitator}, ""},
		{"a suggested community takes interest, not members", copse.Viewer{User: ada}, suggested, copse.MembershipChange{Self: true, To: copse.RoleMember}, copse.ECONFLICT},
		{"a member cannot change someone else", copse.Viewer{User: ada, Role: copse.RoleMember}, active, copse.MembershipChange{To: copse.RoleContributor, From: copse.RoleMember, Headcount: team}, copse.EFORBIDDEN},
		{"a member steps down to contributor", copse.Viewer{User: ada, Role: copse.RoleMember}, active, copse.MembershipChange{Self: true, From: copse.RoleMember, To: copse.RoleContributor, Headcount: team}, ""},
		{"a member leaves", copse.Viewer{User: ada, Role: copse.RoleMember}, active, copse.MembershipChange{Self: true, From: copse.RoleMember, Headcount: team}, ""},
		{"a facilitator promotes someone to core", copse.Viewer{User: ada, Role: copse.RoleFacilitator}, active, copse.MembershipChange{From: copse.RoleMember, To: copse.RoleCore, Headcount: team}, ""},
		{"a facilitator removes someone", copse.Viewer{User: ada, Role: copse.RoleFacilitator}, active, copse.MembershipChange{From: copse.RoleMember, Headcount: team}, ""},
		{"the last facilitator cannot leave people behind", copse.Viewer{User: ada, Role: copse.RoleFacilitator}, active, copse.MembershipChange{Self: true, From: copse.RoleFacilitator, Headcount: team}, copse.ECONFLICT},
		{"the last facilitator cannot step down either", copse.Viewer{User: ada, Role: copse.RoleFacilitator}, active, copse.MembershipChange{Self: true, From: copse.RoleFacilitator, To: copse.RoleMember, Headcount: team}, copse.ECONFLICT},
		{"a lone facilitator may leave", copse.Viewer{User: ada, Role: copse.RoleFacilitator}, active, copse.MembershipChange{Self: true, From: copse.RoleFacilitator, Headcount: copse.Headcount{Facilitators: 1}}, ""},
		{"one of two facilitators may leave", copse.Viewer{User: ada, Role: copse.RoleFacilitator}, active, copse.MembershipChange{Self: true, From: copse.RoleFacilitator, Headcount: copse.Headcount{Facilitators: 2, Members: 3}}, ""},
		{"an admin may remove the last facilitator", copse.Viewer{User: admin}, active, copse.MembershipChange{From: copse.RoleFacilitator, Headcount: team}, ""},
		{"archived communities are read-only", copse.Viewer{User: ada, Role: copse.RoleFacilitator}, archived, copse.MembershipChange{Self: true, To: copse.RoleMember}, copse.ECONFLICT},
		{"archived communities are read-only for admins too", copse.Viewer{User: admin}, archived, copse.MembershipChange{To: copse.RoleMember}, copse.ECONFLICT},
		{"an unknown role is invalid", copse.Viewer{User: ada}, active, copse.MembershipChange{Self: true, To: "owner"}, copse.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.viewer.AuthorizeMembership(tt.c, tt.change)
			if got := copse.ErrorCode(err); got != tt.want {
				t.Errorf("got %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}
