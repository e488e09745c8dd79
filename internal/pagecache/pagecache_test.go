package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/copse-dev/copse/internal/pagecache"
)

// site is a page whose body shows how often it was rendered, behind a cache whose
// version the test moves.
type site struct {
	version  atomic.Int64
	renders  atomic.Int64
	handler  http.Handler
	override func(http.ResponseWriter)
}

func newSite() *site {
	s := &site{}
	c := pagecache.New(func(context.Context) (int64, error) { return s.version.Load(), nil }, 1<<20,
		func(r *http.Request) bool { return r.URL.Path == "/metrics" })
	s.handler = c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.renders.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if s.override != nil {
			s.override(w)
		}
		fmt.Fprintf(w, "<p>render %d of %s</p>%s", n, r.URL.Path, strings.Repeat("<p>words words words</p>", 100))
	}))
	return s
}

func (s *site) get(t *testing.T, path string, hdr ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, _ := io.ReadAll(r)
	return string(b)
}

func TestAnonymousPagesAreCachedUntilTheContentChanges(t *testing.T) {
	s := newSite()
	first := body(t, s.get(t, "/communities"))
	if !strings.Contains(first, "render 1 ") {
		t.Fatalf("first: %.40s", first)
	}
	res := s.get(t, "/communities")
	if got := body(t, res); got != first || res.Header.Get("X-Cache") != "hit" {
		t.Fatalf("second request was rendered again: %.40s", got)
	}
	s.version.Add(1) // a write, on this instance or another
	if got := body(t, s.get(t, "/communities")); !strings.Contains(got, "render 2 ") {
		t.Fatalf("after a write the cache served the old page: %.40s", got)
	}
	if got := body(t, s.get(t, "/communities?tag=cloud")); !strings.Contains(got, "render 3 ") {
		t.Fatalf("a different query is a different page: %.40s", got)
	}
}

func TestCredentialsBypassTheCache(t *testing.T) {
	s := newSite()
	s.get(t, "/") // cached for anonymous readers
	for _, hdr := range [][]string{
		{"Cookie", "copse_session=cs_abc"},
		{"Cookie", "__Host-copse_session=cs_abc"},
		{"Authorization", "Bearer copse_x"},
	} {
		before := s.renders.Load()
		res := s.get(t, "/", hdr...)
		if s.renders.Load() != before+1 || res.Header.Get("X-Cache") != "" {
			t.Errorf("%s: served from the cache", hdr[0])
		}
	}
	s.get(t, "/metrics")
	s.get(t, "/metrics")
	if s.renders.Load() != 6 {
		t.Errorf("a skipped path was cached: %d renders", s.renders.Load())
	}
}

func TestConditionalAndCompressed(t *testing.T) {
	s := newSite()
	res := s.get(t, "/")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if res := s.get(t, "/", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
	res = s.get(t, "/", "Accept-Encoding", "br, gzip")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip not served: %v", res.Header)
	}
	if got := body(t, res); !strings.Contains(got, "render 1 ") {
		t.Errorf("gzip body: %.40s", got)
	}
	if res := s.get(t, "/", "Accept-Encoding", "gzip;q=0"); res.Header.Get("Content-Encoding") != "" {
		t.Error("gzip served to a client that refused it")
	}
}

func TestPrivatePagesAreSharedAmongAnonymousReaders(t *testing.T) {
	s := newSite()
	s.override = func(w http.ResponseWriter) { w.Header().Set("Cache-Control", "private, no-cache") }
	s.get(t, "/x")
	if res := s.get(t, "/x"); res.Header.Get("X-Cache") != "hit" || res.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("a private page for anonymous readers: %v", res.Header)
	}
}

func TestWhatIsNeverStored(t *testing.T) {
	for name, override := range map[string]func(http.ResponseWriter){
		"no-store":   func(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") },
		"set-cookie": func(w http.ResponseWriter) { w.Header().Set("Set-Cookie", "a=b") },
		"not found":  func(w http.ResponseWriter) { w.WriteHeader(http.StatusNotFound) },
	} {
		t.Run(name, func(t *testing.T) {
			s := newSite()
			s.override = override
			s.get(t, "/x")
			s.get(t, "/x")
			if s.renders.Load() != 2 {
				t.Errorf("stored: %d renders for two requests", s.renders.Load())
			}
		})
	}
}

func TestBoundedInBytes(t *testing.T) {
	s := newSite()
	for i := range 200 { // each page is about 2.5 KB: 500 KB in all, in a 1 MiB cache
		s.get(t, fmt.Sprintf("/p/%d", i))
	}
	for i := range 400 {
		s.get(t, fmt.Sprintf("/q/%d", i))
	}
	res := s.get(t, "/p/0")
	if res.Header.Get("X-Cache") != "miss" {
		t.Error("the oldest page survived past the byte budget")
	}
	if !bytes.Contains([]byte(body(t, s.get(t, "/q/399"))), []byte("render 600 ")) {
		t.Error("the newest page is not cached")
	}
}

// TestOneRenderForReadersWhoMissTogether: readers who miss the cache while a page
// is being rendered wait for that render instead of rendering it again, unless
// the response cannot be shared.
func TestOneRenderForReadersWhoMissTogether(t *testing.T) {
	for _, shared := range []bool{true, false} {
		s := newSite()
		release := make(chan struct{})
		s.override = func(w http.ResponseWriter) {
			if !shared {
				w.Header().Set("Set-Cookie", "flash=1")
			}
			<-release
		}
		const readers = 20
		bodies := make(chan string, readers)
		for range readers {
			go func() {
				res := s.get(t, "/busy")
				b, _ := io.ReadAll(res.Body)
				bodies <- string(b)
			}()
		}
		// Give every reader the time to arrive; a cache without flights would
		// have them all rendering by now.
		for deadline := time.Now().Add(200 * time.Millisecond); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if s.renders.Load() > 1 && shared {
				break
			}
		}
		close(release)
		first := <-bodies
		for range readers - 1 {
			if b := <-bodies; shared && b != first {
				t.Fatalf("readers got different renders:\n%.40s\n%.40s", first, b)
			}
		}
		want := int64(1)
		if !shared {
			want = readers
		}
		if got := s.renders.Load(); got != want {
			t.Errorf("shared=%v: %d readers missing together caused %d renders, want %d", shared, readers, got, want)
		}
	}
}
