// Package server puts copse together: the web pages, the API, health and metrics,
// behind the middleware every request passes through.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/api"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/pagecache"
	"github.com/copse-dev/copse/internal/sso"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/web"
)

// Config is what the server needs to know about where it runs.
type Config struct {
	// BaseURL is the address people use (for links in mail and feeds); https turns
	// on secure cookies and HSTS.
	BaseURL *url.URL
	// SSO are the single sign-on providers (--oidc, --github), in button order.
	SSO sso.Providers
}

// New returns copse's HTTP handler.
func New(db *store.DB, cfg Config) (http.Handler, error) {
	secure := cfg.BaseURL != nil && cfg.BaseURL.Scheme == "https"
	cookies := httpx.Cookies{Secure: secure}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := httpx.NewMetrics(reg)

	pages, err := web.New(db, web.Config{Cookies: cookies, BaseURL: cfg.BaseURL, SSO: cfg.SSO})
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	httpx.Handle(mux, "GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	}))
	httpx.Handle(mux, "GET /readyz", handleReady(db))
	httpx.Handle(mux, "GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/api/v1/", api.Handler(db))
	pages.Routes(mux)

	cache := pagecache.New(db.Version, 16<<20, func(r *http.Request) bool {
		p := r.URL.Path
		return p == "/healthz" || p == "/readyz" || p == "/metrics" || p == "/setup" || strings.HasPrefix(p, "/static/")
	})

	var h http.Handler = mux
	h = authenticate(db, cookies, h)
	h = cache.Handler(h)
	h = httpx.Compress(h)
	h = httpx.CrossOrigin(h)
	h = metrics.Observe(h)
	h = httpx.SecureHeaders(secure, h)
	h = httpx.WithRequestID(h)
	return h, nil
}

// handleReady says whether copse can serve: the database answers, the schema is current.
func handleReady(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := db.Ping(ctx); err != nil {
			slog.WarnContext(ctx, "not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unreachable\n"))
			return
		}
		if have, want, err := db.SchemaVersion(ctx); err != nil || have < want {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("schema not migrated: run copse migrate\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
}

// authenticate puts the signed-in person in the request's context: from an API
// token (Authorization: Bearer) or the session cookie. A bad token is refused
// outright; a stale cookie is cleared and the request goes on anonymously.
func authenticate(db *store.DB, cookies httpx.Cookies, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var u *copse.User
		if token, ok := httpx.BearerToken(r); ok || r.Header.Get("Authorization") != "" {
			var err error
			if u, err = db.UserByToken(ctx, token); err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="copse"`)
				httpx.Error(w, r, err)
				return
			}
		} else if token := cookies.Session(r); token != "" {
			var err error
			u, err = db.UserBySession(ctx, token)
			switch copse.ErrorCode(err) {
			case "":
			case copse.EUNAUTHORIZED:
				cookies.Clear(w)
			default:
				httpx.Error(w, r, err)
				return
			}
		}
		if u != nil {
			httpx.NoteUser(ctx, u.Handle)
			r = r.WithContext(copse.WithUser(ctx, u))
		}
		next.ServeHTTP(w, r)
	})
}
