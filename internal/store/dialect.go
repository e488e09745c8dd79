package store

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds the few places where SQLite and PostgreSQL differ. Queries are
// written once with ? placeholders; everything else is portable SQL.
type dialect interface {
	name() string
	rebind(query string) string // ? → $1, $2, … for PostgreSQL
	args(args []any) []any      // times as the database stores them
	forUpdate() string          // row lock suffix; SQLite already has one writer
	skipLocked() string         // row lock that passes over rows another transaction holds (outbox claims)
}

type sqliteDialect struct{}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return q }
func (sqliteDialect) forUpdate() string      { return "" }
func (sqliteDialect) skipLocked() string     { return "" }

// SQLite keeps times as fixed-width UTC text, so that text order is time order.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

func (sqliteDialect) args(args []any) []any {
	for i, a := range args {
		switch t := a.(type) {
		case time.Time:
			args[i] = t.UTC().Format(sqliteTime)
		case *time.Time:
			if t == nil {
				args[i] = nil
			} else {
				args[i] = t.UTC().Format(sqliteTime)
			}
		}
	}
	return args
}

type postgresDialect struct{}

func (postgresDialect) name() string       { return "postgres" }
func (postgresDialect) forUpdate() string  { return " FOR UPDATE" }
func (postgresDialect) skipLocked() string { return " FOR UPDATE SKIP LOCKED" }
func (postgresDialect) args(a []any) []any { return a }

func (postgresDialect) rebind(q string) string {
	n := strings.Count(q, "?")
	if n == 0 {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 2*n)
	i := 0
	for _, r := range q {
		if r == '?' {
			i++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(i))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isUnique reports a unique-constraint violation, by driver error code.
func isUnique(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// dbTime scans a time from either database: PostgreSQL gives time.Time, SQLite text.
type dbTime struct{ t *time.Time }

func (d dbTime) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d.t = v.UTC()
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	case nil:
		*d.t = time.Time{}
	default:
		return fmt.Errorf("store: cannot scan %T into a time", src)
	}
	return nil
}

func (d dbTime) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("store: bad time %q: %w", s, err)
	}
	*d.t = t.UTC()
	return nil
}

var _ driver.Valuer = (*nullValue)(nil)

// nullValue stores the empty string as NULL, for optional unique columns.
type nullValue string

func (n nullValue) Value() (driver.Value, error) {
	if n == "" {
		return nil, nil
	}
	return string(n), nil
}
