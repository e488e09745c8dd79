package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestCommunityLifecycle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, ada := storetest.User(t, db, "ada", false)
		_, bob := storetest.User(t, db, "bob", false)
		_, cy := storetest.User(t, db, "cy", false)
		_, dee := storetest.User(t, db, "dee", false)

		c, err := db.CreateCommunity(ada, copse.NewCommunity{Name: "Infrastructure as Code", Subject: "Terraform", Tags: []string{"IaC", "terraform"}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != copse.StatusForming || c.MemberCount != 1 || !slices.Equal(c.Facilitators, []string{"ada"}) {
			t.Fatalf("new community: status %s, %d members, facilitators %v; want forming, 1, [ada]", c.Status, c.MemberCount, c.Facilitators)
		}
		status := func(want copse.Status) {
			t.Helper()
			got, _, err := db.FindCommunity(ada, c.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != want {
				t.Fatalf("status = %s, want %s", got.Status, want)
			}
		}
		mustJoin := func(ctx context.Context, role copse.Role) {
			t.Helper()
			if _, _, err := db.Join(ctx, c.Slug, role); err != nil {
				t.Fatal(err)
			}
		}
		mustJoin(bob, copse.RoleMember)
		status(copse.StatusForming)
		mustJoin(dee, copse.RoleContributor)
		status(copse.StatusForming) // contributors are not counted
		mustJoin(cy, copse.RoleMember)
		status(copse.StatusActive)
		if err := db.RemoveMember(cy, c.Slug, "cy"); err != nil {
			t.Fatal(err)
		}
		status(copse.StatusForming)
		if _, err := db.SetRole(ada, c.Slug, "dee", copse.RoleCore); err != nil {
			t.Fatal(err)
		}
		status(copse.StatusActive)
	})
}

func TestSettingsRecomputeStatuses(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, root := storetest.User(t, db, "root", true)
		_, ada := storetest.User(t, db, "ada", false)
		_, bob := storetest.User(t, db, "bob", false)
		c, err := db.CreateCommunity(ada, copse.NewCommunity{Name: "Cloud", Subject: "Cloud things"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Join(bob, c.Slug, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateSettings(ada, copse.Settings{SiteName: "x", MinMembers: 2}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("a non-admin changed the settings: %v", err)
		}
		if err := db.UpdateSettings(root, copse.Settings{SiteName: "Our CoPs", MinMembers: 2}); err != nil {
			t.Fatal(err)
		}
		got, _, _ := db.FindCommunity(ada, c.Slug)
		if got.Status != copse.StatusActive {
			t.Fatalf("after min_members 2, status = %s, want active", got.Status)
		}
		if err := db.UpdateSettings(root, copse.Settings{SiteName: "Our CoPs", MinMembers: 3}); err != nil {
			t.Fatal(err)
		}
		got, _, _ = db.FindCommunity(ada, c.Slug)
		if got.Status != copse.StatusForming {
			t.Fatalf("after min_members 3, status = %s, want forming", got.Status)
		}
		s, _ := db.Settings(ada)
		if s.SiteName != "Our CoPs" || s.MinMembers != 3 {
			t.Fatalf("settings = %+v", s)
		}
	})
}

func TestSuggestedCommunity(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, ada := storetest.User(t, db, "ada", false)
		_, bob := storetest.User(t, db, "bob", false)
		c, err := db.CreateCommunity(ada, copse.NewCommunity{Name: "OpenShift", Subject: "Running apps", Suggested: true})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != copse.StatusSuggested || c.MemberCount != 0 {
			t.Fatalf("suggested community: %s with %d members", c.Status, c.MemberCount)
		}
		for range 2 { // registering twice counts once; ada, who suggested it, counts too
			if n, err := db.RegisterInterest(bob, c.Slug); err != nil || n != 2 {
				t.Fatalf("interest = %d, %v", n, err)
			}
		}
		if _, _, err := db.Join(bob, c.Slug, copse.RoleMember); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("joining a suggested community as a member: %v, want conflict", err)
		}
		if _, _, err := db.Join(bob, c.Slug, copse.RoleFacilitator); err != nil {
			t.Fatal(err)
		}
		got, _, _ := db.FindCommunity(bob, c.Slug)
		if got.Status != copse.StatusForming || !slices.Equal(got.Facilitators, []string{"bob"}) {
			t.Fatalf("after taking the facilitator role: %s, %v", got.Status, got.Facilitators)
		}
		if _, err := db.RegisterInterest(ada, c.Slug); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("interest in a forming community: %v, want conflict", err)
		}
	})
}

func TestArchivedIsReadOnly(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, ada := storetest.User(t, db, "ada", false)
		_, bob := storetest.User(t, db, "bob", false)
		_, root := storetest.User(t, db, "root", true)
		c, _ := db.CreateCommunity(ada, copse.NewCommunity{Name: "Old things", Subject: "Legacy"})
		archived := copse.StatusArchived
		if _, err := db.UpdateCommunity(bob, c.Slug, copse.CommunityUpdate{Status: &archived}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("a non-member archived: %v", err)
		}
		if _, err := db.UpdateCommunity(ada, c.Slug, copse.CommunityUpdate{Status: &archived}); err != nil {
			t.Fatal(err)
		}
		name := "New name"
		if _, err := db.UpdateCommunity(ada, c.Slug, copse.CommunityUpdate{Name: &name}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("edit of an archived community: %v, want conflict", err)
		}
		if _, _, err := db.Join(bob, c.Slug, ""); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("join of an archived community: %v, want conflict", err)
		}
		page, _ := db.ListCommunities(ada, copse.CommunityFilter{})
		if len(page.Items) != 0 {
			t.Fatalf("archived communities are listed by default: %d", len(page.Items))
		}
		page, _ = db.ListCommunities(ada, copse.CommunityFilter{Status: []copse.Status{copse.StatusArchived}})
		if len(page.Items) != 1 {
			t.Fatalf("archived filter lists %d", len(page.Items))
		}
		active := copse.StatusActive
		got, err := db.UpdateCommunity(root, c.Slug, copse.CommunityUpdate{Status: &active})
		if err != nil || got.Status != copse.StatusForming {
			t.Fatalf("restore: %v, status %v; want forming (one member)", err, got)
		}
	})
}

func TestCommunityVisibility(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, ada := storetest.User(t, db, "ada", false)
		_, bob := storetest.User(t, db, "bob", false)
		_, root := storetest.User(t, db, "root", true)
		anon := context.Background()
		for _, v := range []copse.Visibility{copse.VisibilityPublic, copse.VisibilitySignedIn, copse.VisibilityMembers} {
			if _, err := db.CreateCommunity(ada, copse.NewCommunity{Name: "Vis " + string(v), Subject: "Visibility", Visibility: v}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			name string
			ctx  context.Context
			want []string
		}{
			{"anonymous", anon, []string{"vis-public"}},
			{"signed in", bob, []string{"vis-public", "vis-signed-in"}},
			{"member", ada, []string{"vis-members", "vis-public", "vis-signed-in"}},
			{"admin", root, []string{"vis-members", "vis-public", "vis-signed-in"}},
		} {
			page, err := db.ListCommunities(tt.ctx, copse.CommunityFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range page.Items {
				got = append(got, c.Slug)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s sees %v, want %v", tt.name, got, tt.want)
			}
			for _, slug := range []string{"vis-public", "vis-signed-in", "vis-members"} {
				_, _, err := db.FindCommunity(tt.ctx, slug)
				if visible := slices.Contains(tt.want, slug); visible != (err == nil) {
					t.Errorf("%s finds %s: %v (visible in list: %v)", tt.name, slug, err, visible)
				}
			}
		}
	})
}

func TestListCommunitiesPaginatesAndFilters(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, ada := storetest.User(t, db, "ada", false)
		names := []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo"}
		for i, n := range names {
			tags := []string{"all"}
			if i%2 == 0 {
				tags = append(tags, "even")
			}
			if _, err := db.CreateCommunity(ada, copse.NewCommunity{Name: n, Subject: "About " + n + " 100%", Tags: tags}); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		cursor := ""
		for pages := 0; pages < 10; pages++ {
			page, err := db.ListCommunities(ada, copse.CommunityFilter{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page.Items {
				got = append(got, c.Slug)
				if len(c.Tags) == 0 || len(c.Facilitators) != 1 {
					t.Errorf("%s: tags %v facilitators %v", c.Slug, c.Tags, c.Facilitators)
				}
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if !slices.Equal(got, []string{"alpha", "bravo", "charlie", "delta", "echo"}) {
			t.Fatalf("paged through %v", got)
		}
		page, _ := db.ListCommunities(ada, copse.CommunityFilter{Tag: "even"})
		if len(page.Items) != 3 {
			t.Errorf("tag filter: %d, want 3", len(page.Items))
		}
		page, _ = db.ListCommunities(ada, copse.CommunityFilter{Q: "CHARL"})
		if len(page.Items) != 1 || page.Items[0].Slug != "charlie" {
			t.Errorf("q filter: %v", page.Items)
		}
		page, _ = db.ListCommunities(ada, copse.CommunityFilter{Q: "100%"})
		if len(page.Items) != 5 {
			t.Errorf("a %% in q is matched literally: %d", len(page.Items))
		}
		page, _ = db.ListCommunities(ada, copse.CommunityFilter{Q: "_"})
		if len(page.Items) != 0 {
			t.Errorf("an _ in q is matched literally: %d", len(page.Items))
		}
		if _, err := db.ListCommunities(ada, copse.CommunityFilter{Cursor: "%%%"}); copse.ErrorCode(err) != copse.EINVALID {
			t.Errorf("a bad cursor: %v", err)
		}
	})
}

func TestCreateCommunityConflictsAndRollsBack(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, ada := storetest.User(t, db, "ada", false)
		n := copse.NewCommunity{Name: "Cloud", Subject: "Cloud things", Tags: []string{"a"}}
		if _, err := db.CreateCommunity(ada, n); err != nil {
			t.Fatal(err)
		}
		_, err := db.CreateCommunity(ada, copse.NewCommunity{Name: "Cloud", Subject: "Other cloud", Tags: []string{"b"}})
		if copse.ErrorCode(err) != copse.ECONFLICT || copse.ErrorFields(err)["slug"] == "" {
			t.Fatalf("duplicate slug: %v", err)
		}
		page, _ := db.ListCommunities(ada, copse.CommunityFilter{Tag: "b"})
		if len(page.Items) != 0 {
			t.Fatal("a failed create left tags behind")
		}
		if _, err := db.CreateCommunity(context.Background(), n); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Fatalf("anonymous create: %v", err)
		}
	})
}
