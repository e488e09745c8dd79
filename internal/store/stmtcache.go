package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// SQLite spends about a third of a page's time parsing SQL when every query is
// prepared afresh, as database/sql does for a driver that runs queries directly.
// PostgreSQL's driver (pgx) keeps a statement cache per connection; this gives
// SQLite connections the same: each keeps its prepared statements by query text,
// reused once the previous use's rows are closed.

// maxCachedStatements bounds a connection's cache; queries whose text varies (IN
// lists of different lengths, optional filters) stay well under it.
const maxCachedStatements = 256

// openSQLiteDB opens a pool whose connections cache their prepared statements.
func openSQLiteDB(dsn string) (*sql.DB, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(cachingConnector{c}), nil
}

type cachingConnector struct{ driver.Connector }

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: conn, idle: map[string]driver.Stmt{}}, nil
}

// sqliteConn is what the SQLite driver's connections offer beyond driver.Conn.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is used by one goroutine at a time (database/sql's guarantee).
type cachingConn struct {
	driver.Conn
	idle map[string]driver.Stmt // prepared and not in use
}

func (c *cachingConn) inner() sqliteConn { return c.Conn.(sqliteConn) }

// take returns an idle prepared statement for query, or prepares one.
func (c *cachingConn) take(ctx context.Context, query string) (driver.Stmt, error) {
	if s, ok := c.idle[query]; ok {
		delete(c.idle, query)
		return s, nil
	}
	return c.inner().PrepareContext(ctx, query)
}

// give puts a statement back for the next use of its query, or closes it.
func (c *cachingConn) give(query string, s driver.Stmt) {
	if _, taken := c.idle[query]; taken || len(c.idle) >= maxCachedStatements {
		s.Close()
		return
	}
	c.idle[query] = s
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		s.Close() // a failed statement may be in any state: never reuse it
		return nil, err
	}
	return &cachedRows{Rows: rows, done: func() { c.give(query, s) }}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) == 0 { // scripts (migrations) hold several statements: run them as they are
		return c.inner().ExecContext(ctx, query, args)
	}
	s, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	res, err := s.(driver.StmtExecContext).ExecContext(ctx, args)
	if err != nil {
		s.Close()
		return nil, err
	}
	c.give(query, s)
	return res, nil
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner().PrepareContext(ctx, query)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner().BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.inner().Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error { return c.inner().ResetSession(ctx) }

func (c *cachingConn) IsValid() bool { return c.inner().IsValid() }

func (c *cachingConn) Close() error {
	var errs []error
	for q, s := range c.idle {
		errs = append(errs, s.Close())
		delete(c.idle, q)
	}
	return errors.Join(append(errs, c.Conn.Close())...)
}

// cachedRows hands its statement back when the rows are closed.
type cachedRows struct {
	driver.Rows
	done func()
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if r.done != nil {
		r.done()
		r.done = nil
	}
	return err
}
