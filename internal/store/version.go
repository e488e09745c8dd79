package store

import (
	"context"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The page cache asks for the content version on every anonymous request, and on
// SQLite the query is most of what such a request costs. SQLite itself knows
// whether anything was committed since it last looked, on any connection of any
// process: in WAL mode every commit rewrites the header of the wal-index, the
// "-shm" file that all of them map (https://www.sqlite.org/walformat.html, 2.1:
// iChange is "incremented with each transaction"). versionCache reads that header
// and runs the query only when the header has changed since the last answer.

// walHeaderSize is one copy of the wal-index header; SQLite keeps two, written one
// after the other, and a reader that finds them different knows it raced a writer.
const walHeaderSize = 48

type versionCache struct {
	once  sync.Once
	probe *walProbe // nil where there is none (PostgreSQL, or it could not be mapped)

	mu   sync.Mutex
	sig  walHeader
	n    int64
	have bool
}

// header returns the wal-index header, or false when it cannot be trusted (a
// writer is rewriting it), in which case the caller asks the database. SQLite
// writes the second copy first and readers read the first copy first; atomic
// loads keep that order on every processor.
func (p *walProbe) header() (h walHeader, ok bool) {
	words := unsafe.Slice((*uint32)(unsafe.Pointer(&p.mem[0])), 2*len(h))
	for i := range h {
		h[i] = atomic.LoadUint32(&words[i])
	}
	for i := range h {
		if atomic.LoadUint32(&words[len(h)+i]) != h[i] {
			return h, false
		}
	}
	return h, true
}

// lastCommit returns the wal-index header, which any commit to the database
// changes, or false where there is none to read (PostgreSQL) or a writer is
// rewriting it. Reading it before a query and finding it unchanged later means the
// query's answer still holds.
func (db *DB) lastCommit(ctx context.Context) (walHeader, bool) {
	vc := &db.version
	vc.once.Do(func() { vc.probe = db.openWALProbe(ctx) })
	if vc.probe == nil {
		return walHeader{}, false
	}
	return vc.probe.header()
}

// walHeader is one copy of the wal-index header, as words.
type walHeader = [walHeaderSize / 4]uint32

// Version is a number that changes with every committed change to what pages
// show, on every instance sharing the database. A cache keyed by it is never stale.
func (db *DB) Version(ctx context.Context) (int64, error) {
	vc := &db.version
	// Read the header before the query: a commit between the two makes the next
	// call see another header and ask again, never the other way round.
	sig, stable := db.lastCommit(ctx)
	if stable {
		vc.mu.Lock()
		if vc.have && vc.sig == sig {
			n := vc.n
			vc.mu.Unlock()
			return n, nil
		}
		vc.mu.Unlock()
	}
	var n int64
	if err := db.read.QueryRowContext(ctx, "SELECT n FROM content_version WHERE id = 1").Scan(&n); err != nil {
		return 0, err
	}
	if stable {
		vc.mu.Lock()
		vc.sig, vc.n, vc.have = sig, n, true
		vc.mu.Unlock()
	}
	return n, nil
}
