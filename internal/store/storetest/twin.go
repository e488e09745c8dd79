package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/copse-dev/copse/internal/store"
)

// Twins runs fn with two store handles on one fresh database — two copse instances
// sharing it — on SQLite and, when COPSE_TEST_POSTGRES is set, on PostgreSQL. Both
// read the same pinned clock. URL returns the database's address, for a third.
func Twins(t *testing.T, fn func(t *testing.T, a, b *store.DB, clock *Clock, dbURL string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		u := "sqlite:" + filepath.Join(t.TempDir(), "copse.db")
		a, clock := open(t, u)
		b := reopen(t, u, clock)
		fn(t, a, b, clock, u)
	})
	t.Run("postgres", func(t *testing.T) {
		u := postgresSchema(t)
		a, clock := open(t, u)
		b := reopen(t, u, clock)
		fn(t, a, b, clock, u)
	})
}

// Reopen opens another handle on a database a test made, with the test's clock.
func Reopen(t testing.TB, dbURL string, clock *Clock) *store.DB { return reopen(t, dbURL, clock) }

func reopen(t testing.TB, dbURL string, clock *Clock) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("open %s: %v", dbURL, err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = clock.Now
	return db
}

// postgresSchema makes a fresh schema on COPSE_TEST_POSTGRES and returns an address
// that uses it, or skips as Postgres does.
func postgresSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("COPSE_TEST_POSTGRES")
	if base == "" {
		msg := "PostgreSQL pass skipped: set COPSE_TEST_POSTGRES=postgres://USER@HOST:PORT/DB?sslmode=disable to run it (.ci/run starts a server)"
		if os.Getenv("COPSE_REQUIRE_POSTGRES") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("PostgreSQL at COPSE_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open("pgx", base); err == nil {
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
