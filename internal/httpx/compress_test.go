package httpx_test

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/httpx"
)

func TestCompress(t *testing.T) {
	page := strings.Repeat("<p>Communities of practice share a craft.</p>\n", 100)
	tests := []struct {
		name     string
		accept   string
		ctype    string
		body     string
		status   int
		encoding string // preset by the handler
		gzipped  bool
	}{
		{"a page to a client that takes gzip", "gzip, deflate, br", "text/html; charset=utf-8", page, 200, "", true},
		{"JSON", "gzip", "application/json", page, 200, "", true},
		{"a client that does not ask", "", "text/html", page, 200, "", false},
		{"a client that refuses gzip", "gzip;q=0", "text/html", page, 200, "", false},
		{"a small body", "gzip", "text/html", "<p>hi</p>", 200, "", false},
		{"an image", "gzip", "image/png", page, 200, "", false},
		{"already encoded", "gzip", "text/html", page, 200, "gzip", false},
		{"an error page", "gzip", "text/html", page, 404, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := httpx.Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				if tt.encoding != "" {
					w.Header().Set("Content-Encoding", tt.encoding)
				}
				w.WriteHeader(tt.status)
				for chunk := range strings.SplitSeq(tt.body, "\n") { // many small writes, as templates do
					io.WriteString(w, chunk+"\n")
				}
			}))
			req := httptest.NewRequest("GET", "/", nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			gzipped := rec.Header().Get("Content-Encoding") == "gzip" && tt.encoding == ""
			if gzipped != tt.gzipped {
				t.Fatalf("gzipped = %v, want %v (%v)", gzipped, tt.gzipped, rec.Header())
			}
			if !gzipped {
				if tt.encoding == "" && rec.Body.String() != strings.ReplaceAll(tt.body+"\n", "\n\n", "\n") && !strings.HasPrefix(rec.Body.String(), tt.body) {
					t.Fatalf("body changed: %.60q", rec.Body.String())
				}
				return
			}
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(zr)
			if !strings.HasPrefix(string(got), tt.body) || rec.Body.Len() >= len(tt.body)/3 {
				t.Fatalf("gzip body: %d bytes for %d, starts %.40q", rec.Body.Len(), len(tt.body), got)
			}
		})
	}
}

func TestCompressEmptyResponses(t *testing.T) {
	h := httpx.Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("Content-Encoding") != "" {
		t.Fatalf("304: %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

// TestErrorForAReaderWhoLeft: a failure after the reader hung up is answered 499
// and is not one of ours to log as an error.
func TestErrorForAReaderWhoLeft(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest("GET", "/x", nil).WithContext(ctx)
	w := httptest.NewRecorder()
	httpx.Error(w, r, context.Canceled)
	if w.Code != httpx.StatusClientGone || w.Body.Len() != 0 {
		t.Errorf("status %d, body %q; want 499 and nothing", w.Code, w.Body.String())
	}
	w = httptest.NewRecorder()
	httpx.Error(w, httptest.NewRequest("GET", "/x", nil), errors.New("disk on fire"))
	if w.Code != http.StatusInternalServerError {
		t.Errorf("a failure with the reader still there is %d, want 500", w.Code)
	}
}
