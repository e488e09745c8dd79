package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestSiteHealthReusesFreshAssessments: the site's ranking shows the sweep's
// assessments while they are at most ten minutes old, assesses at once a community
// the sweep has not seen, and never shows a community the reader may not see.
func TestSiteHealthReusesFreshAssessments(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		_, fay := storetest.User(t, db, "fay", false)
		_, otto := storetest.User(t, db, "otto", false)
		for _, n := range []copse.NewCommunity{
			{Name: "Open Practice", Slug: "open", Subject: "Everyone welcome"},
			{Name: "Closed Practice", Slug: "closed", Subject: "Members only", Visibility: copse.VisibilityMembers},
		} {
			if _, err := db.CreateCommunity(fay, n); err != nil {
				t.Fatal(err)
			}
		}
		swept := clock.Now()
		if _, err := db.SweepHealth(context.Background()); err != nil {
			t.Fatal(err)
		}
		ranked := func(ctx context.Context) map[string]time.Time {
			t.Helper()
			page, err := db.SiteHealth(ctx, 50, "")
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]time.Time{}
			for _, h := range page.Items {
				out[h.Community.Slug] = h.ComputedAt
			}
			return out
		}

		clock.Advance(9 * time.Minute)
		if _, _, err := db.Join(otto, "open", copse.RoleMember); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateCommunity(fay, copse.NewCommunity{Name: "New Practice", Slug: "fresh", Subject: "Just started"}); err != nil {
			t.Fatal(err)
		}
		got := ranked(otto)
		if !got["open"].Equal(swept) {
			t.Errorf("nine minutes after the sweep the ranking should show its assessment, made at %v; it shows one made at %v", swept, got["open"])
		}
		if !got["fresh"].Equal(clock.Now()) {
			t.Errorf("a community the sweep has not seen should be assessed at once; got %v", got["fresh"])
		}
		if _, ok := got["closed"]; ok {
			t.Error("an outsider sees a members-only community in the ranking")
		}
		if _, ok := ranked(fay)["closed"]; !ok {
			t.Error("the facilitator of the members-only community does not see it in the ranking")
		}

		clock.Advance(2 * time.Minute)
		if got := ranked(otto); !got["open"].Equal(clock.Now()) {
			t.Errorf("eleven minutes after the sweep the ranking should assess afresh; it shows an assessment made at %v", got["open"])
		}
	})
}

// TestCommunityHealthSharedUntilAChange: a community's page shows one assessment
// to every reader until anything on the site changes, for at most ten minutes.
func TestCommunityHealthSharedUntilAChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		_, fay := storetest.User(t, db, "fay", false)
		_, otto := storetest.User(t, db, "otto", false)
		if _, err := db.CreateCommunity(fay, copse.NewCommunity{Name: "Open Practice", Slug: "open", Subject: "Everyone welcome"}); err != nil {
			t.Fatal(err)
		}
		assessed := func() time.Time {
			t.Helper()
			h, err := db.CommunityHealth(otto, "open")
			if err != nil {
				t.Fatal(err)
			}
			return h.ComputedAt
		}
		first := assessed()
		clock.Advance(time.Minute)
		if got := assessed(); !got.Equal(first) {
			t.Errorf("nothing changed, yet the community was assessed again (%v, then %v)", first, got)
		}
		if _, _, err := db.Join(otto, "open", copse.RoleMember); err != nil {
			t.Fatal(err)
		}
		if got := assessed(); !got.Equal(clock.Now()) {
			t.Errorf("after someone joined, the page should assess again; it shows an assessment made at %v", got)
		}
		joined := clock.Now()
		clock.Advance(11 * time.Minute)
		if got := assessed(); got.Equal(joined) {
			t.Error("eleven minutes on, the page still shows the old assessment")
		}
	})
}
