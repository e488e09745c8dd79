package storetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/store"
)

// The query-count tests of the pages (internal/server, internal/web) serve each
// page on a small site and on a bigger one and check that no page runs a query per
// item and that no statement reads a growing table whole. These are their tools.

// PageQueries serves each path through h to the holder of session (so the page
// cache does not answer) and returns how many statements each ran, and them all.
func PageQueries(t *testing.T, h http.Handler, session string, paths []string) (map[string]int, []store.Statement) {
	t.Helper()
	counts := map[string]int{}
	var ran []store.Statement
	for _, p := range paths {
		req := httptest.NewRequest("GET", p, nil)
		ctx, n := store.CountQueries(req.Context())
		req = req.WithContext(ctx)
		req.AddCookie(&http.Cookie{Name: "copse_session", Value: session})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", p, rec.Code)
		}
		counts[p] = n.N()
		ran = append(ran, n.Statements...)
	}
	return counts, ran
}

// SameQueries fails for each path that ran another number of statements on the
// bigger site than on the small one.
func SameQueries(t *testing.T, paths []string, small, large map[string]int) {
	t.Helper()
	for _, p := range paths {
		if large[p] != small[p] {
			t.Errorf("GET %s runs %d queries on the demo site and %d on a bigger one: a query per item?", p, small[p], large[p])
		}
	}
}

// NoFullScans asks the database how it runs each statement, once each, and fails
// on one that reads a table whole, unless the table is one of smallTables (a
// handful of rows per site) or the statement is a library count, which reads the
// library whole by design (see store.libraryCount).
func NoFullScans(t *testing.T, db *store.DB, statements []store.Statement, smallTables ...string) {
	t.Helper()
	small := map[string]bool{"CONSTANT": true}
	for _, s := range smallTables {
		small[s] = true
	}
	seen := map[string]bool{}
	for _, st := range statements {
		if seen[st.SQL] || strings.HasPrefix(st.SQL, "/* library count */") {
			continue
		}
		seen[st.SQL] = true
		plan, err := db.Explain(context.Background(), st)
		if err != nil {
			t.Fatalf("explain %s: %v", st.SQL, err)
		}
		if bad := fullScan(plan, small, strings.Contains(st.SQL, " LIMIT ")); bad != "" {
			t.Errorf("a full scan (%s) in:\n%s\nplan:\n%s", bad, st.SQL, plan)
		}
	}
}

var (
	// scanLine is a table read whole: SQLite's "SCAN t", also through an index
	// ("SCAN t USING INDEX …"), or PostgreSQL's "Seq Scan on t".
	scanLine = regexp.MustCompile(`^(?:->\s*)?(?:SCAN (\w+)( USING| AS|$)|Seq Scan on (\w+))`)
	// computed names what SQLite builds itself (a subquery or a view): scanning
	// it reads no table.
	computed = regexp.MustCompile(`^(?:CO-ROUTINE|MATERIALIZE) (\w+)`)
)

// fullScan returns the line of the plan that reads a growing table whole, or "".
// A statement with a LIMIT may walk an index in its order: it stops at the page.
func fullScan(plan string, small map[string]bool, limited bool) string {
	lines := strings.Split(plan, "\n")
	derived := map[string]bool{}
	for _, line := range lines {
		if m := computed.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			derived[m[1]] = true
		}
	}
	for _, line := range lines {
		line = strings.TrimSpace(line)
		m := scanLine.FindStringSubmatch(line)
		if m == nil || limited && m[2] == " USING" {
			continue
		}
		if t := m[1] + m[3]; !small[t] && !derived[t] {
			return line
		}
	}
	return ""
}
