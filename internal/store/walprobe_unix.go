//go:build unix

package store

import (
	"context"
	"database/sql"
	"os"
	"syscall"
)

// walProbe maps the first page of a SQLite database's "-shm" file read-only. It
// holds a connection open for as long as the DB is open: while any connection is
// open, SQLite neither deletes nor re-creates that file, so the mapping stays the
// one every writer updates.
type walProbe struct {
	mem  []byte
	conn *sql.Conn
}

func (db *DB) openWALProbe(ctx context.Context) *walProbe {
	if db.path == "" {
		return nil
	}
	conn, err := db.read.Conn(context.WithoutCancel(ctx))
	if err != nil {
		return nil
	}
	var mode string
	// A read makes SQLite create and initialise the wal-index if nobody had.
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		conn.Close()
		return nil
	}
	f, err := os.Open(db.path + "-shm")
	if err != nil {
		conn.Close()
		return nil
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() < 2*walHeaderSize {
		conn.Close()
		return nil
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, os.Getpagesize(), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		conn.Close()
		return nil
	}
	return &walProbe{mem: mem, conn: conn}
}

func (p *walProbe) close() {
	syscall.Munmap(p.mem)
	p.conn.Close()
}
