package server_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestQueriesPerPage proves that no page runs a query per item it shows (N+1): each
// page runs the same number of statements on the demo site as on one with many more
// communities, members, topics, meetings and resources.
func TestQueriesPerPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		h, err := server.New(db, server.Config{})
		if err != nil {
			t.Fatal(err)
		}
		session := signIn(t, db, "david.heath")
		resource := firstResource(t, db)
		pages := []string{"/", "/communities", "/communities/uk-public-sector-cloud", "/communities/uk-public-sector-cloud/members",
			"/communities/uk-public-sector-cloud/board", "/communities/xgov-lean-coffee/meetings", "/library", "/library/" + resource,
			"/search?q=cloud", "/communities/xgov-lean-coffee/feed.atom", "/communities/xgov-lean-coffee/calendar.ics",
			"/api/v1/communities", "/api/v1/communities/uk-public-sector-cloud/members", "/api/v1/communities/uk-public-sector-cloud/topics",
			"/api/v1/communities/xgov-lean-coffee/meetings", "/api/v1/resources", "/api/v1/search?q=cloud"}
		small, _ := storetest.PageQueries(t, h, session, pages)
		grow(t, db)
		large, ran := storetest.PageQueries(t, h, session, pages)
		// settings and content_version are one row each; boards one per community.
		storetest.NoFullScans(t, db, ran, "settings", "content_version", "boards", "schema_migrations")
		for _, p := range pages {
			t.Logf("%-55s %2d queries", p, small[p])
		}
		storetest.SameQueries(t, pages, small, large)
	})
}

// grow adds to the demo what the measured pages list: communities, members, topics,
// meetings and resources.
func grow(t *testing.T, db *store.DB) {
	t.Helper()
	fac := as(t, db, "david.heath")
	lean := as(t, db, "andy.poole")
	for i := range 30 {
		h := fmt.Sprintf("reader%02d", i)
		_, me := storetest.User(t, db, h, false)
		if _, _, err := db.Join(me, "uk-public-sector-cloud", copse.RoleMember); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateCommunity(me, copse.NewCommunity{Name: "Extra community " + strconv.Itoa(i), Subject: "More to list",
			Tags: []string{"cloud", "extra"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateTopic(me, "uk-public-sector-cloud", copse.NewTopic{Title: "Another cloud topic " + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CreateResource(fac, copse.NewResource{Title: "Cloud guide " + strconv.Itoa(i), ResourceType: "Guide",
			Tags: []string{"cloud"}, Body: fmt.Sprintf("Cloud guide number %d about landing zones and budgets %d.", i, i*7919),
			Community: "uk-public-sector-cloud"}); err != nil {
			t.Fatal(err)
		}
	}
	held, notes := copse.MeetingHeld, "We talked about the cloud."
	for i := range 10 {
		at := db.Now().Add(-time.Duration(40+i*3) * 24 * time.Hour).Truncate(time.Hour)
		none := []int64{}
		m, _, err := db.CreateMeeting(lean, "xgov-lean-coffee", copse.NewMeeting{Title: "Extra session", StartsAt: at, DurationMinutes: 60, Agenda: &none})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateMeeting(lean, "xgov-lean-coffee", m.ID, copse.MeetingUpdate{Status: &held, Notes: &notes}); err != nil {
			t.Fatal(err)
		}
	}
}

func as(t *testing.T, db *store.DB, handle string) context.Context {
	t.Helper()
	u, err := db.FindUser(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	return copse.WithUser(context.Background(), u)
}

func firstResource(t *testing.T, db *store.DB) string {
	t.Helper()
	page, err := db.ListResources(context.Background(), copse.ResourceFilter{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no demo resource: %v", err)
	}
	return strconv.FormatInt(page.Items[0].ID, 10)
}
