// Package storetest runs tests against every database copse supports: a fresh
// embedded SQLite file always, and a real PostgreSQL server when
// COPSE_TEST_POSTGRES names one (each test gets its own schema there).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// Epoch is the time tests pin the store's clock to, unless they move it.
var Epoch = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// Clock is a settable clock for a test's store, safe to read from a server's
// goroutines while the test moves it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// ForEach runs fn as a subtest named "sqlite" and one named "postgres", each with a
// fresh, migrated database whose clock is pinned to Epoch. Without a PostgreSQL
// server the postgres subtest is skipped and says so; with COPSE_REQUIRE_POSTGRES=1
// (set by CI) a missing server fails instead.
func ForEach(t *testing.T, fn func(t *testing.T, db *store.DB, clock *Clock)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		db, clock := SQLite(t)
		fn(t, db, clock)
	})
	t.Run("postgres", func(t *testing.T) {
		db, clock := Postgres(t)
		fn(t, db, clock)
	})
}

// SQLite returns a fresh migrated SQLite database in a temporary folder.
func SQLite(t testing.TB) (*store.DB, *Clock) {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "copse.db"))
}

// Postgres returns a fresh migrated schema on the server at COPSE_TEST_POSTGRES.
func Postgres(t testing.TB) (*store.DB, *Clock) {
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
		t.Fatalf("open %s: %v", base, err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("PostgreSQL at COPSE_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err == nil {
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
	return open(t, u.String())
}

func open(t testing.TB, dbURL string) (*store.DB, *Clock) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("open %s: %v", dbURL, err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &Clock{t: Epoch}
	db.Now = clock.Now
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db, clock
}

// User creates a person (without a password, which is slow to hash) and returns a
// context in which they are signed in.
func User(t testing.TB, db *store.DB, handle string, admin bool) (*copse.User, context.Context) {
	t.Helper()
	u, err := db.CreateUser(context.Background(), copse.NewUser{Handle: handle, Email: handle + "@example.org", Name: strings.ToUpper(handle[:1]) + handle[1:], Admin: admin})
	if err != nil {
		t.Fatalf("create user %s: %v", handle, err)
	}
	return u, copse.WithUser(context.Background(), u)
}
