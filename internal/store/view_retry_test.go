package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"

	"modernc.org/sqlite"
)

// dyingConnector hands out connections whose next query fails as a connection
// that died under it does, as many times as failures says.
type dyingConnector struct {
	driver.Connector
	failures *atomic.Int32
}

func (c dyingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &dyingConn{cachingConn: conn.(*cachingConn), failures: c.failures}, nil
}

type dyingConn struct {
	*cachingConn
	failures *atomic.Int32
}

func (c *dyingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if c.failures.Add(-1) >= 0 {
		return nil, driver.ErrBadConn
	}
	return c.cachingConn.QueryContext(ctx, query, args)
}

// TestViewRunsAgainWhenItsFirstStatementFindsADeadConnection: a read whose first
// statement meets a dead connection runs again on another and succeeds; one that
// had already run a statement reports the error rather than run its work twice.
func TestViewRunsAgainWhenItsFirstStatementFindsADeadConnection(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "copse.db")
	db := openFile(t, path)
	c, err := sqlite.NewConnector("file:" + path + "?_busy_timeout=10000&_query_only=1")
	if err != nil {
		t.Fatal(err)
	}
	var failures atomic.Int32
	db.read = sql.OpenDB(dyingConnector{cachingConnector{c}, &failures})

	runs := 0
	read := func(statements int) error {
		return db.view(ctx, func(tx *Tx) error {
			runs++
			for range statements {
				var n int
				if err := tx.queryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
					return err
				}
			}
			return nil
		})
	}
	failures.Store(1)
	if err := read(1); err != nil || runs != 2 {
		t.Fatalf("a read whose first statement met a dead connection: err %v after %d runs, want success after 2", err, runs)
	}

	runs = 0
	failures.Store(0)
	err = db.view(ctx, func(tx *Tx) error {
		runs++
		var n int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
			return err
		}
		failures.Store(1) // the connection dies after the first statement
		return tx.queryRow(ctx, "SELECT count(*) FROM users").Scan(&n)
	})
	if !errors.Is(err, driver.ErrBadConn) || runs != 1 {
		t.Fatalf("a read that had run a statement: err %v after %d runs, want the dead connection's error after 1", err, runs)
	}
}
