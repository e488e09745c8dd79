package store_test

import (
	"context"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestRolesFollowGroups: what a group gives comes at a sign-in and goes at the
// first sign-in without the group; roles given by hand stay; another provider's
// sign-in leaves the first provider's grants alone; archived communities are not
// touched; and a new identity whose email has an account waits for proof.
func TestRolesFollowGroups(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, admin := storetest.User(t, db, "root", true)
		providers := []string{"idir", "github"}
		for _, slug := range []string{"iac", "cloud", "old"} {
			if _, err := db.CreateCommunity(admin, copse.NewCommunity{Name: slug + " community", Slug: slug, Subject: "Things we share"}); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []copse.RoleRule{
			{Group: "/staff", Grant: copse.GrantPlatformStaff},
			{Group: "/admins", Grant: copse.GrantAdmin, Provider: "idir"},
			{Group: "/cop-iac", Grant: copse.GrantCommunity, Community: "iac"},
			{Group: "/cop-iac-leads", Grant: copse.GrantCommunity, Community: "iac", Role: copse.RoleCore},
			{Group: "/cloud", Grant: copse.GrantCommunity, Community: "cloud"},
			{Group: "/old", Grant: copse.GrantCommunity, Community: "old"},
		} {
			if _, err := db.CreateRoleRule(admin, r, providers); err != nil {
				t.Fatalf("rule %+v: %v", r, err)
			}
		}
		ctx := context.Background()
		var linkTo int64 // grace, once her first identity made her account
		signIn := func(provider, sub string, groups ...string) *copse.User {
			t.Helper()
			res, err := db.SignInExternal(ctx, copse.ExternalIdentity{Provider: provider, ProviderLabel: provider, Subject: sub,
				Email: "grace@example.org", EmailVerified: true, Username: "grace", Name: "Grace Hopper", Groups: groups}, linkTo)
			if err != nil {
				t.Fatalf("sign in with %v: %v", groups, err)
			}
			return res.User
		}
		roles := func(u *copse.User) map[string]copse.Role {
			t.Helper()
			out := map[string]copse.Role{}
			for _, slug := range []string{"iac", "cloud", "old"} {
				page, err := db.ListMembers(admin, slug, copse.MemberFilter{})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range page.Items {
					if m.UserID == u.ID {
						out[slug] = m.Role
					}
				}
			}
			return out
		}

		u := signIn("idir", "g1", "/staff", "/admins", "/cop-iac", "/cop-iac-leads", "/old")
		linkTo = u.ID // grace is signed in from now on, and connects GitHub
		if !u.Admin {
			t.Error("the /admins group did not make grace an admin")
		}
		if got := roles(u); got["iac"] != copse.RoleCore || got["old"] != copse.RoleMember || got["cloud"] != "" {
			t.Errorf("after the first sign-in: %v", got)
		}
		// A facilitator makes her a facilitator of cloud by hand; old is archived.
		if _, err := db.AddMember(admin, "cloud", "grace", copse.RoleFacilitator); err != nil {
			t.Fatal(err)
		}
		status := copse.StatusArchived
		if _, err := db.UpdateCommunity(admin, "old", copse.CommunityUpdate{Status: &status}); err != nil {
			t.Fatal(err)
		}

		// GitHub's groups do not undo IDIR's.
		u = signIn("github", "583231", "/cloud")
		if !u.Admin || roles(u)["iac"] != copse.RoleCore {
			t.Errorf("a GitHub sign-in took IDIR's grants: admin %v, roles %v", u.Admin, roles(u))
		}

		// Leaving the groups at IDIR takes what they gave, and only that.
		u = signIn("idir", "g1", "/cop-iac")
		got := roles(u)
		if u.Admin || got["iac"] != copse.RoleMember || got["cloud"] != copse.RoleFacilitator || got["old"] != copse.RoleMember {
			t.Errorf("after leaving groups: admin %v, roles %v (want member of iac, facilitator of cloud by hand, old untouched while archived)", u.Admin, got)
		}
		page, err := db.People(admin, store.PeopleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			if p.Handle == "grace" && p.PlatformStaff {
				t.Error("grace is still platform staff after leaving /staff")
			}
		}
		u = signIn("idir", "g1")
		if roles(u)["iac"] != "" {
			t.Errorf("still in iac with no groups: %v", roles(u))
		}

		// An admin flag set by hand is the admin's, not the rules'.
		if err := db.SetPersonFlag(admin, "grace", store.FlagAdmin, true); err != nil {
			t.Fatal(err)
		}
		if u = signIn("idir", "g1"); !u.Admin {
			t.Error("a sign-in without /admins took away an admin flag set by hand")
		}

		// Someone else at a provider with grace's address, no one signed in: a pending
		// link, no account.
		res, err := db.SignInExternal(ctx, copse.ExternalIdentity{Provider: "idir", ProviderLabel: "IDIR", Subject: "g2",
			Email: "grace@example.org", EmailVerified: true, Groups: []string{"/admins"}}, 0)
		if err != nil || res.Pending == nil || res.User != nil || res.Pending.Handle != "grace" {
			t.Fatalf("a second identity with grace's address: %+v, %v", res, err)
		}
	})
}

// TestRoleRuleValidation names every bad field, and keeps rules to admins.
func TestRoleRuleValidation(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, admin := storetest.User(t, db, "root", true)
		_, member := storetest.User(t, db, "mia", false)
		if _, err := db.CreateRoleRule(member, copse.RoleRule{Group: "/x", Grant: copse.GrantAdmin}, nil); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member made a rule: %v", err)
		}
		if _, err := db.CreateRoleRule(context.Background(), copse.RoleRule{Group: "/x", Grant: copse.GrantAdmin}, nil); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Errorf("anonymous made a rule: %v", err)
		}
		_, err := db.CreateRoleRule(admin, copse.RoleRule{Provider: "okta", Grant: "owner"}, []string{"idir"})
		fields := copse.ErrorFields(err)
		for _, f := range []string{"provider", "group", "grant"} {
			if fields[f] == "" {
				t.Errorf("no message for %s: %v", f, err)
			}
		}
		_, err = db.CreateRoleRule(admin, copse.RoleRule{Group: "/x", Grant: copse.GrantCommunity, Community: "nowhere", Role: "boss"}, nil)
		if f := copse.ErrorFields(err); f["community"] == "" || f["role"] == "" {
			t.Errorf("community and role: %v", err)
		}
		if rules, err := db.RoleRules(admin); err != nil || len(rules) != 0 {
			t.Errorf("refused rules were kept: %v %v", rules, err)
		}
	})
}
