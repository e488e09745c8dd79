package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
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
		var ran []store.Statement
		count := func() map[string]int64 {
			out := map[string]int64{}
			ran = nil
			for _, p := range pages {
				// Signed in, so that the page cache does not answer.
				req := httptest.NewRequest("GET", p, nil)
				rctx, n := store.CountQueries(req.Context())
				req = req.WithContext(rctx)
				req.AddCookie(&http.Cookie{Name: "copse_session", Value: session})
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Fatalf("GET %s: %d", p, rec.Code)
				}
				out[p] = int64(n.N())
				ran = append(ran, n.Statements...)
			}
			return out
		}
		small := count()
		grow(t, db)
		large := count()
		explainAll(t, db, ran)
		for _, p := range pages {
			t.Logf("%-55s %2d queries", p, small[p])
			if large[p] != small[p] {
				t.Errorf("GET %s runs %d queries on the demo site and %d on a bigger one: a query per item?", p, small[p], large[p])
			}
		}
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

// explainAll asks the database how it runs each statement and fails on a full scan
// of a table that grows with the site.
func explainAll(t *testing.T, db *store.DB, statements []store.Statement) {
	t.Helper()
	seen := map[string]bool{}
	for _, st := range statements {
		if seen[st.SQL] {
			continue
		}
		seen[st.SQL] = true
		if strings.HasPrefix(st.SQL, "/* library count */") {
			continue // counting the library by facet reads it whole, by design (see store.libraryCount)
		}
		plan, err := db.Explain(context.Background(), st)
		if err != nil {
			t.Fatalf("explain %s: %v", st.SQL, err)
		}
		if bad := fullScan(db.Dialect(), plan); bad != "" {
			t.Errorf("a full scan (%s) in:\n%s\nplan:\n%s", bad, st.SQL, plan)
		}
	}
}

// small tables may be scanned: one row, or a handful per site.
var small = map[string]bool{"settings": true, "content_version": true, "boards": true, "schema_migrations": true}

var (
	sqliteScan   = regexp.MustCompile(`SCAN (\w+)( AS \w+)?$`)
	postgresScan = regexp.MustCompile(`Seq Scan on (\w+)`)
)

// subquery names what SQLite computes itself (a subquery or a view), whose scan
// reads no table.
var subquery = regexp.MustCompile(`^(?:CO-ROUTINE|MATERIALIZE) (\w+)`)

// fullScan returns the table a plan reads whole, or "".
func fullScan(dialect, plan string) string {
	lines := strings.Split(plan, "\n")
	computed := map[string]bool{}
	for _, line := range lines {
		if m := subquery.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			computed[m[1]] = true
		}
	}
	re := sqliteScan
	if dialect == "postgres" {
		re = postgresScan
	}
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if m := re.FindStringSubmatch(line); m != nil && !small[m[1]] && !computed[m[1]] {
			return line
		}
	}
	return ""
}
