package httpx

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"sync"
)

// Compress gzips text responses for clients that accept it: pages, JSON, feeds and
// calendars shrink five- to tenfold, which matters on a slow government laptop's
// connection. Responses that are already encoded (the page cache serves its own
// gzip) or small pass through untouched.
func Compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead || !AcceptsGzip(r) {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressor{ResponseWriter: w}
		defer cw.close()
		next.ServeHTTP(cw, r)
	})
}

// AcceptsGzip reports whether the client said it takes gzip (and did not refuse it
// with q=0).
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

const compressMin = 1024

var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// compressor decides at the first write, when the headers are known.
type compressor struct {
	http.ResponseWriter
	status  int
	decided bool
	zw      *gzip.Writer
	buf     []byte // the start of the body, until it is long enough to decide
}

func (c *compressor) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *compressor) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	if !c.decided {
		c.buf = append(c.buf, b...)
		if len(c.buf) < compressMin {
			return len(b), nil
		}
		if err := c.decide(); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if c.zw != nil {
		return c.zw.Write(b)
	}
	return c.ResponseWriter.Write(b)
}

// decide starts the response, compressed or not, and writes what was held back.
func (c *compressor) decide() error {
	c.decided = true
	h := c.Header()
	big := len(c.buf) >= compressMin
	if big && c.status == http.StatusOK && h.Get("Content-Encoding") == "" && Compressible(h.Get("Content-Type")) {
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		h.Del("Content-Length")
		c.zw = gzipPool.Get().(*gzip.Writer)
		c.zw.Reset(c.ResponseWriter)
	}
	c.ResponseWriter.WriteHeader(c.status)
	var err error
	if c.zw != nil {
		_, err = c.zw.Write(c.buf)
	} else if len(c.buf) > 0 {
		_, err = c.ResponseWriter.Write(c.buf)
	}
	c.buf = nil
	return err
}

func (c *compressor) close() {
	if !c.decided {
		if c.status == 0 {
			return // the handler wrote nothing; net/http answers 200 with no body
		}
		c.decide()
	}
	if c.zw != nil {
		c.zw.Close()
		gzipPool.Put(c.zw)
		c.zw = nil
	}
}

func (c *compressor) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// Compressible reports whether a content type is text that gzip shrinks.
func Compressible(ct string) bool {
	for _, t := range []string{"text/", "application/json", "application/problem+json", "application/atom+xml", "application/xml", "image/svg+xml"} {
		if strings.HasPrefix(ct, t) {
			return true
		}
	}
	return false
}
