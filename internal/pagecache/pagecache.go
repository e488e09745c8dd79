// Package pagecache keeps rendered responses for anonymous readers, who are most of
// the traffic (people browsing, and every chat bot that unfurls a link), and serves
// them without touching the templates or running the page's queries again.
//
// An entry is valid only for the content version it was rendered at (see
// store.DB.Version): every committed change, on any instance, moves the version on,
// so a cached page is never stale. Entries also expire after a minute, so relative
// dates ("3 minutes ago") stay true on a quiet site.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/copse-dev/copse/internal/httpx"
)

// Version returns the current content version.
type Version func(context.Context) (int64, error)

// Cache is an LRU of rendered responses, bounded in bytes.
type Cache struct {
	version Version
	maxAge  time.Duration
	now     func() time.Time
	skip    func(*http.Request) bool

	mu      sync.Mutex
	max     int
	size    int
	entries map[string]*list.Element
	lru     *list.List            // front: most recently used
	flights map[flightKey]*flight // renders under way
}

// A flight is one render of a page at one content version. Readers who miss the
// cache while it is under way wait for it rather than render the same page again:
// after each change, a busy page is rendered once, not once per reader waiting.
type flightKey struct {
	key     string
	version int64
}

type flight struct {
	done  chan struct{}
	entry *entry // nil when the response could not be shared
}

type entry struct {
	key     string
	version int64
	stored  time.Time
	status  int
	header  http.Header
	body    []byte // as rendered
	gz      []byte // gzip-compressed, or nil when it does not pay
	etag    string
	route   string // the route pattern that rendered it, for metrics and logs
}

func (e *entry) size() int { return len(e.key) + len(e.body) + len(e.gz) + 512 }

// New returns a cache of at most maxBytes. skip reports requests that must never be
// cached (health checks, metrics), beyond the rules in cacheable.
func New(version Version, maxBytes int, skip func(*http.Request) bool) *Cache {
	return &Cache{version: version, maxAge: time.Minute, now: time.Now, skip: skip, max: maxBytes,
		entries: map[string]*list.Element{}, lru: list.New(), flights: map[flightKey]*flight{}}
}

// anonymous reports whether the request carries no credential at all: no cookie
// that could be a session, no Authorization header. Only such requests are served
// from or stored in the cache, so a signed-in page can never reach someone else.
func anonymous(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return false
	}
	for _, c := range r.Cookies() {
		if strings.HasSuffix(c.Name, "copse_session") {
			return false
		}
	}
	return true
}

func (c *Cache) cacheable(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && anonymous(r) && !c.skip(r)
}

// Handler serves anonymous GETs from the cache and fills it from next.
func (c *Cache) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !c.cacheable(r) {
			next.ServeHTTP(w, r)
			return
		}
		v, err := c.version(r.Context())
		if err != nil { // the database is away: let the page say so
			next.ServeHTTP(w, r)
			return
		}
		key := r.URL.RequestURI()
		if e := c.get(key, v); e != nil {
			httpx.NoteRoute(r.Context(), e.route)
			w.Header().Set("X-Cache", "hit")
			e.serve(w, r)
			return
		}
		f, leader := c.board(flightKey{key, v})
		if !leader {
			select {
			case <-f.done:
			case <-r.Context().Done():
				return // the reader left
			}
			if f.entry != nil {
				httpx.NoteRoute(r.Context(), f.entry.route)
				w.Header().Set("X-Cache", "hit")
				f.entry.serve(w, r)
				return
			}
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		e := func() *entry {
			if leader { // even when next panics, the waiting readers are let go
				defer c.land(flightKey{key, v}, f)
			}
			next.ServeHTTP(rec, r)
			e := rec.entry(key, v, c.now())
			e.route = httpx.Route(r.Context())
			if rec.storable() {
				c.put(e)
				f.entry = e
			}
			return e
		}()
		w.Header().Set("X-Cache", "miss")
		e.serve(w, r)
	})
}

// board joins the render of k under way, or starts one: leader is true for the
// reader who renders.
func (c *Cache) board(k flightKey) (f *flight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.flights[k]; f != nil {
		return f, false
	}
	f = &flight{done: make(chan struct{})}
	c.flights[k] = f
	return f, true
}

// land ends a render and lets its waiting readers go.
func (c *Cache) land(k flightKey, f *flight) {
	c.mu.Lock()
	delete(c.flights, k)
	c.mu.Unlock()
	close(f.done)
}

func (c *Cache) get(key string, version int64) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	e := el.Value.(*entry)
	if e.version != version || c.now().Sub(e.stored) > c.maxAge {
		c.remove(el)
		return nil
	}
	c.lru.MoveToFront(el)
	return e
}

func (c *Cache) put(e *entry) {
	if e.size() > c.max/8 { // one huge page must not empty the cache
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[e.key]; ok {
		c.remove(el)
	}
	c.entries[e.key] = c.lru.PushFront(e)
	c.size += e.size()
	for c.size > c.max {
		c.remove(c.lru.Back())
	}
}

func (c *Cache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*entry)
	delete(c.entries, e.key)
	c.size -= e.size()
}

// Len returns how many responses are cached.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// recorder captures a response to store it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(s int) {
	if !r.wrote {
		r.status, r.wrote = s, true
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}

// storable: only successful responses without cookies or "no-store". Pages say
// "private" because a signed-in reader sees another page at the same URL; that does
// not stop this cache, which only ever serves readers without credentials.
func (r *recorder) storable() bool {
	return r.status == http.StatusOK && r.header.Get("Set-Cookie") == "" &&
		!strings.Contains(r.header.Get("Cache-Control"), "no-store")
}

func (r *recorder) entry(key string, version int64, now time.Time) *entry {
	body := r.body.Bytes()
	e := &entry{key: key, version: version, stored: now, status: r.status, header: r.header, body: body}
	if r.status == http.StatusOK && r.header.Get("ETag") == "" {
		sum := sha256.Sum256(body)
		e.etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	}
	if len(body) >= 1024 && httpx.Compressible(r.header.Get("Content-Type")) && r.header.Get("Content-Encoding") == "" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body)*9/10 {
			e.gz = buf.Bytes()
		}
	}
	return e
}

// serve writes the entry, answering a matching If-None-Match with 304 and a client
// that accepts gzip with the compressed body.
func (e *entry) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	if e.etag != "" {
		h.Set("ETag", e.etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, e.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	body := e.body
	if e.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if httpx.AcceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			body = e.gz
		}
	}
	// A known length lets net/http send the body as it is, without chunking.
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
