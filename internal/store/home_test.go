package store_test

import (
	"fmt"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestHomeCommunities: the home page's first helping of each kind, in its order
// (busiest, nearest to active, most wanted; then by slug), the totals, and
// nothing the reader may not see.
func TestHomeCommunities(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, fay := storetest.User(t, db, "fay", false)
		_, otto := storetest.User(t, db, "otto", false)
		for i, n := range []copse.NewCommunity{
			{Name: "Alpha", Subject: "Quiet"}, {Name: "Bravo", Subject: "Busy"}, {Name: "Charlie", Subject: "Busier"},
			{Name: "Delta", Subject: "Hidden", Visibility: copse.VisibilityMembers},
			{Name: "Echo", Subject: "Wanted", Suggested: true}, {Name: "Foxtrot", Subject: "Wanted more", Suggested: true},
		} {
			if _, err := db.CreateCommunity(fay, n); err != nil {
				t.Fatalf("community %d: %v", i, err)
			}
		}
		join := func(slug string, people int, role copse.Role) {
			for i := range people {
				_, ctx := storetest.User(t, db, fmt.Sprintf("%s%d%s", slug, i, role), false)
				if _, _, err := db.Join(ctx, slug, role); err != nil {
					t.Fatal(err)
				}
			}
		}
		join("bravo", 1, copse.RoleMember)
		join("charlie", 2, copse.RoleMember)
		join("alpha", 3, copse.RoleContributor) // contributors do not count
		for i := range 2 {
			_, ctx := storetest.User(t, db, fmt.Sprintf("fan%d", i), false)
			if _, err := db.RegisterInterest(ctx, "foxtrot"); err != nil {
				t.Fatal(err)
			}
		}
		shown, totals, err := db.HomeCommunities(otto, 2)
		if err != nil {
			t.Fatal(err)
		}
		slugs := func(cs []*copse.Community) string {
			s := ""
			for _, c := range cs {
				s += c.Slug + " "
				if c.Name == "" || c.Status != copse.StatusSuggested && len(c.Facilitators) == 0 {
					t.Errorf("%s is not read whole: %+v", c.Slug, c)
				}
			}
			return s
		}
		// Charlie counts 3 (its facilitator and two members) and is active; Bravo
		// counts 2 and Alpha 1, its contributors aside.
		if got := slugs(shown[copse.StatusActive]); got != "charlie " {
			t.Errorf("active: %q", got)
		}
		if got := slugs(shown[copse.StatusForming]); got != "bravo alpha " {
			t.Errorf("forming, nearest to active first: %q", got)
		}
		if got := slugs(shown[copse.StatusSuggested]); got != "foxtrot echo " {
			t.Errorf("suggested, most wanted first: %q", got)
		}
		if totals[copse.StatusActive] != 1 || totals[copse.StatusForming] != 2 || totals[copse.StatusSuggested] != 2 {
			t.Errorf("totals for an outsider: %v (the members-only community must not count)", totals)
		}
		shown, totals, err = db.HomeCommunities(fay, 1)
		if err != nil || totals[copse.StatusForming] != 3 || slugs(shown[copse.StatusForming]) != "bravo " {
			t.Errorf("the facilitator of the members-only community, one of each: %v %v (err %v)", slugs(shown[copse.StatusForming]), totals, err)
		}
	})
}
