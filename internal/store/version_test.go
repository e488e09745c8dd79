package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/copse-dev/copse"
)

// The content version keys the page cache, so it must move with every commit that
// changes what pages show, whoever makes it: this process, another handle on the
// same file, or another process (an import run from the command line while copse
// serves). These tests write in each of those ways and read the version at once.

func openFile(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func version(t *testing.T, db *DB) int64 {
	t.Helper()
	n, err := db.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestVersionFollowsEveryWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "copse.db")
	db := openFile(t, path)
	v0 := version(t, db)
	if db.version.probe == nil {
		t.Fatal("on SQLite the version should be read through the wal-index, not queried every time")
	}
	if again := version(t, db); again != v0 {
		t.Fatalf("nothing was written, yet the version moved from %d to %d", v0, again)
	}

	bump := func(tx *Tx) error { return nil } // update itself moves the version on
	if err := db.update(ctx, bump); err != nil {
		t.Fatal(err)
	}
	if v := version(t, db); v != v0+1 {
		t.Fatalf("after a write through this handle the version is %d, want %d", v, v0+1)
	}
	if err := db.updateQuiet(ctx, bump); err != nil {
		t.Fatal(err)
	}
	if v := version(t, db); v != v0+1 {
		t.Fatalf("a quiet write moved the version to %d, want it to stay %d", v, v0+1)
	}

	other := openFile(t, path)
	if err := other.update(ctx, bump); err != nil {
		t.Fatal(err)
	}
	if v := version(t, db); v != v0+2 {
		t.Fatalf("after a write through another handle the version is %d, want %d", v, v0+2)
	}

	for i := range 3 {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "COPSE_VERSION_WRITER="+path)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the writing process: %v\n%s", err, out)
		}
		if v := version(t, db); v != v0+3+int64(i) {
			t.Fatalf("after write %d by another process the version is %d, want %d", i+1, v, v0+3+int64(i))
		}
	}
}

// TestMain lets this test binary be the other process of
// TestVersionFollowsEveryWriter: it writes to the file with the SQLite driver alone,
// as any other program could, and exits.
func TestMain(m *testing.M) {
	if path := os.Getenv("COPSE_VERSION_WRITER"); path != "" {
		os.Exit(writeVersion(path))
	}
	os.Exit(m.Run())
}

func writeVersion(path string) int {
	db, err := sql.Open("sqlite", "file:"+path+"?_busy_timeout=10000")
	if err == nil {
		_, err = db.Exec("UPDATE content_version SET n = n + 1 WHERE id = 1")
		db.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestSettingsFollowEveryWriter: every page shows the settings, which are read
// again only after a commit; a change through another handle shows at once.
func TestSettingsFollowEveryWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "copse.db")
	db, other := openFile(t, path), openFile(t, path)
	admin, err := other.CreateUser(ctx, copse.NewUser{Handle: "root", Email: "root@example.org", Name: "Root", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"First Site", "Second Site"} {
		before, err := db.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before.SiteName = name
		if err := other.UpdateSettings(copse.WithUser(ctx, admin), before); err != nil {
			t.Fatal(err)
		}
		if s, err := db.Settings(ctx); err != nil || s.SiteName != name {
			t.Fatalf("after another handle named the site %q, Settings says %q (err %v)", name, s.SiteName, err)
		}
	}
}
