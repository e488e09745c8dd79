// Package store keeps copse's data in SQLite (embedded, the default) or PostgreSQL
// (for several instances), through the same hand-written SQL. The few real
// differences between the two live in dialect.go.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/copse-dev/copse"
)

// DB is copse's store. Every method takes the context first and owns its transaction.
type DB struct {
	// write takes every transaction that changes something. On SQLite it is one
	// connection that begins IMMEDIATE, so writers queue in Go instead of failing
	// with SQLITE_BUSY; on PostgreSQL it is the same pool as read.
	write *sql.DB
	// read serves read-only work; on SQLite a pool of query_only connections that
	// WAL lets run beside the writer.
	read     *sql.DB
	dialect  dialect
	path     string // the SQLite file; "" on PostgreSQL
	version  versionCache
	settings settingsMemo
	// healthMemo keeps the latest assessment of each community for the site's ranking.
	healthMemo healthMemo
	// facets keeps the library's counts of what everyone may see (resources_facets.go).
	facets facetMemo

	// Now is the clock; tests pin it. Every transaction reads it once.
	Now func() time.Time
}

// Open connects to a database URL: "sqlite:PATH" (the folder is created) or
// "postgres://…". It does not migrate; call Migrate.
func Open(ctx context.Context, dbURL string) (*DB, error) {
	db := &DB{Now: time.Now}
	var err error
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		err = db.openSQLite(strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite:"), "//"))
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		err = db.openPostgres(dbURL)
	default:
		return nil, fmt.Errorf("database URL %q: use sqlite:PATH (for example sqlite:data/copse.db) or postgres://USER@HOST/DB", redact(dbURL))
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", redact(dbURL), err)
	}
	return db, nil
}

func (db *DB) openSQLite(path string) error {
	if path == "" {
		return errors.New("database URL sqlite: needs a file path, for example sqlite:data/copse.db")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("create the data folder: %w", err)
		}
	}
	common := "_busy_timeout=10000&_foreign_keys=1&_journal_mode=WAL&_synchronous=NORMAL"
	file := "file:" + (&url.URL{Path: path}).EscapedPath()
	w, err := openSQLiteDB(file + "?" + common + "&_txlock=immediate")
	if err != nil {
		return err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := openSQLiteDB(file + "?" + common + "&_query_only=1")
	if err != nil {
		w.Close()
		return err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db.write, db.read, db.dialect, db.path = w, r, sqliteDialect{}, path
	return nil
}

func (db *DB) openPostgres(dbURL string) error {
	p, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	p.SetMaxOpenConns(25)
	p.SetMaxIdleConns(25)
	p.SetConnMaxIdleTime(5 * time.Minute)
	db.write, db.read, db.dialect = p, p, postgresDialect{}
	return nil
}

// Dialect names the database in use: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name() }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return err
	}
	return db.read.PingContext(ctx)
}

// Close closes the connection pools.
func (db *DB) Close() error {
	if p := db.version.probe; p != nil {
		p.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Tx is a transaction with the time it started: everything written in one
// transaction carries the same "now".
type Tx struct {
	tx         *sql.Tx
	dialect    dialect
	now        time.Time
	statements int // run so far (see view)
}

// begin starts a transaction; write transactions take the writer.
func (db *DB) begin(ctx context.Context, write bool) (*Tx, error) {
	pool, opts := db.read, &sql.TxOptions{ReadOnly: true}
	if write {
		pool, opts = db.write, nil
	}
	if db.dialect.name() == "sqlite" {
		opts = nil // the pool itself is query_only; SQLite refuses BEGIN READ ONLY
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, dialect: db.dialect, now: db.Now().UTC().Truncate(time.Microsecond)}, nil
}

// view runs fn in a read-only transaction, so a page sees one consistent snapshot.
//
// A pooled PostgreSQL connection can die between the start of a transaction and
// its first statement (its previous reader hung up mid-query), and database/sql
// only tries another connection before the transaction starts. So when the first
// statement is what failed that way, fn, which cannot have done anything yet, runs
// once more on a fresh transaction.
func (db *DB) view(ctx context.Context, fn func(*Tx) error) error {
	for attempt := 0; ; attempt++ {
		tx, err := db.begin(ctx, false)
		if err != nil {
			return err
		}
		err = fn(tx)
		tx.tx.Rollback()
		if attempt == 0 && tx.statements <= 1 && ctx.Err() == nil && errors.Is(err, driver.ErrBadConn) {
			continue
		}
		return err
	}
}

// update runs fn in a write transaction and commits when it returns nil. It moves
// the content version on (see Version), in the same transaction, so that no cached
// page outlives the data it shows.
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error {
	return db.commit(ctx, true, fn)
}

// updateQuiet is update for writes no page shows: sessions, sign-in attempts,
// tokens and migrations. They leave cached pages alone.
func (db *DB) updateQuiet(ctx context.Context, fn func(*Tx) error) error {
	return db.commit(ctx, false, fn)
}

func (db *DB) commit(ctx context.Context, content bool, fn func(*Tx) error) error {
	tx, err := db.begin(ctx, true)
	if err != nil {
		return err
	}
	defer tx.tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if content {
		if _, err := tx.exec(ctx, "UPDATE content_version SET n = n + 1 WHERE id = 1"); err != nil {
			return err
		}
	}
	return tx.tx.Commit()
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	count(ctx, query, args)
	tx.statements++
	return tx.tx.ExecContext(ctx, tx.dialect.rebind(query), tx.dialect.args(args)...)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	count(ctx, query, args)
	tx.statements++
	return tx.tx.QueryContext(ctx, tx.dialect.rebind(query), tx.dialect.args(args)...)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	count(ctx, query, args)
	tx.statements++
	return tx.tx.QueryRowContext(ctx, tx.dialect.rebind(query), tx.dialect.args(args)...)
}

type counterKey struct{}

// Statement is a statement the store ran, as written (before rebinding).
type Statement struct {
	SQL  string
	Args []any
}

// Counter counts the statements the store runs in a context and keeps them, for
// tests: a page must run a fixed number of queries whatever the size of the data
// (no N+1), and each must use an index (EXPLAIN).
type Counter struct {
	mu         sync.Mutex
	Statements []Statement
}

// N returns how many statements ran.
func (c *Counter) N() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.Statements)
}

// CountQueries returns a context in which the store counts its statements.
func CountQueries(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

func count(ctx context.Context, query string, args []any) {
	if c, ok := ctx.Value(counterKey{}).(*Counter); ok {
		c.mu.Lock()
		c.Statements = append(c.Statements, Statement{SQL: query, Args: append([]any(nil), args...)})
		c.mu.Unlock()
	}
}

// Explain returns the database's plan for a statement the store ran: SQLite's
// EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN with sequential scans discouraged, so
// that a plan shows whether an index could serve the query at all, however small
// the test's tables.
func (db *DB) Explain(ctx context.Context, st Statement) (string, error) {
	var lines []string
	err := db.view(ctx, func(tx *Tx) error {
		prefix := "EXPLAIN QUERY PLAN "
		if db.dialect.name() == "postgres" {
			prefix = "EXPLAIN "
			if _, err := tx.tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
		}
		rows, err := tx.tx.QueryContext(ctx, prefix+tx.dialect.rebind(st.SQL), tx.dialect.args(append([]any(nil), st.Args...))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		for rows.Next() {
			if err := rows.Scan(vals...); err != nil {
				return err
			}
			lines = append(lines, fmt.Sprint(*(vals[len(vals)-1].(*any))))
		}
		return rows.Err()
	})
	return strings.Join(lines, "\n"), err
}

// insert runs an INSERT … RETURNING id and returns the new id.
func (tx *Tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// redact hides a password in a database URL before it reaches a message or a log.
func redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || u.User == nil {
		return dbURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// notFound is the error for a missing thing, in words a person understands.
func notFound(format string, args ...any) error {
	return copse.Errorf(copse.ENOTFOUND, format, args...)
}
