package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// BenchmarkPages serves the main pages in-process, without the network, on the demo
// data: the cost of the handlers, queries and templates alone. bench/run measures
// the whole server over HTTP.
func BenchmarkPages(b *testing.B) {
	db, _ := storetest.SQLite(b)
	if _, err := demo.Load(context.Background(), db); err != nil {
		b.Fatal(err)
	}
	h, err := server.New(db, server.Config{})
	if err != nil {
		b.Fatal(err)
	}
	session := signIn(b, db, "david.heath")
	for _, path := range []string{"/", "/communities", "/communities/uk-public-sector-cloud", "/communities/uk-public-sector-cloud/members",
		"/communities/uk-public-sector-cloud/board", "/communities/xgov-lean-coffee/meetings", "/library", "/search?q=cloud",
		"/communities/xgov-lean-coffee/feed.atom", "/communities/xgov-lean-coffee/calendar.ics",
		"/api/v1/communities", "/api/v1/communities/uk-public-sector-cloud", "/api/v1/search?q=cloud"} {
		for _, signed := range []bool{false, true} {
			name := strings.NewReplacer("/", "_", "?", "_").Replace(strings.Trim(path, "/")) + "/anonymous"
			if signed {
				name = strings.ReplaceAll(name, "/anonymous", "/signed-in")
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					req := httptest.NewRequest("GET", path, nil)
					if signed {
						req.AddCookie(&http.Cookie{Name: "copse_session", Value: session})
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", path, rec.Code)
					}
				}
			})
		}
	}
}

func signIn(b testing.TB, db *store.DB, handle string) string {
	u, err := db.FindUser(context.Background(), handle)
	if err != nil {
		b.Fatal(err)
	}
	token, err := db.CreateSession(context.Background(), u.ID, "bench", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	return token
}
