package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrations embed.FS

// migrationLock is the PostgreSQL advisory lock key that keeps several copse
// instances starting at once from migrating the same schema twice.
const migrationLock = 7270736 // "copse" in spirit

type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := path.Join("migrations", db.dialect.name())
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration %s is not named NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate brings the schema up to date and returns the names of the migrations it
// applied. Each migration runs in its own transaction; several instances may call it
// at once.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	all, err := db.migrations()
	if err != nil {
		return nil, err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var applied []string
	for _, m := range all {
		done, err := db.applyMigration(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if done {
			applied = append(applied, m.name)
		}
	}
	return applied, nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) (bool, error) {
	applied := false
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		if db.dialect.name() == "postgres" {
			if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(?)", migrationLock); err != nil {
				return err
			}
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil || n > 0 {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		applied = true
		_, err := tx.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.version, m.name, tx.now.Format("2006-01-02T15:04:05Z"))
		return err
	})
	return applied, err
}

// SchemaVersion returns the newest applied migration and the newest this binary knows.
func (db *DB) SchemaVersion(ctx context.Context) (have, want int, err error) {
	all, err := db.migrations()
	if err != nil {
		return 0, 0, err
	}
	if len(all) > 0 {
		want = all[len(all)-1].version
	}
	err = db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&have)
	})
	return have, want, err
}
