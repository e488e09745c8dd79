package copse

import (
	"testing"
)

func TestApplyRules(t *testing.T) {
	rules := []RoleRule{
		{Group: "/platform-team", Grant: GrantPlatformStaff},
		{Group: "/admins", Grant: GrantAdmin, Provider: "idir"},
		{Group: "/cop-iac", Grant: GrantCommunity, Community: "iac", Role: RoleMember},
		{Group: "/cop-iac-leads", Grant: GrantCommunity, Community: "iac", Role: RoleFacilitator},
		{Group: "/gone", Grant: GrantCommunity, Community: "deleted", Role: RoleMember},
	}
	ids := map[string]int64{"iac": 7}
	g := ApplyRules(rules, "idir", []string{"/admins", "/cop-iac", "/cop-iac-leads", "/gone"}, ids)
	if !g.Admin || g.PlatformStaff || g.Communities[7] != RoleFacilitator || len(g.Communities) != 1 {
		t.Errorf("idir: %+v", g)
	}
	g = ApplyRules(rules, "github", []string{"/admins", "/platform-team", "/cop-iac"}, ids)
	if g.Admin || !g.PlatformStaff || g.Communities[7] != RoleMember {
		t.Errorf("github (the admin rule is idir's): %+v", g)
	}
}

func TestRoleRuleValidate(t *testing.T) {
	r := RoleRule{Group: "  /cop-iac ", Grant: GrantCommunity, Community: " IAC "}
	r.Normalize()
	if err := r.Validate([]string{"idir"}); err != nil || r.Role != RoleMember || r.Community != "iac" || r.Group != "/cop-iac" {
		t.Errorf("%+v %v", r, err)
	}
	r = RoleRule{Grant: GrantAdmin, Community: "iac", Role: RoleCore}
	r.Normalize()
	if r.Community != "" || r.Role != "" {
		t.Errorf("a site grant kept a community: %+v", r)
	}
	if f := ErrorFields(r.Validate(nil)); f["group"] == "" {
		t.Errorf("no group: %v", f)
	}
}

func TestHandleFrom(t *testing.T) {
	for _, c := range [][3]string{
		{"Grace.Hopper", "", "grace.hopper"},
		{"grace@idir", "x@example.org", "grace"},
		{"", "Ada+copse@Example.org", "ada-copse"},
		{"--__", "", "person"},
		{"Ünïcode Name", "", "n-code-name"},
	} {
		if got := HandleFrom(c[0], c[1]); got != c[2] {
			t.Errorf("HandleFrom(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
