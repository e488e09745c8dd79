package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/copse-dev/copse/internal/config"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/server"
	"github.com/copse-dev/copse/internal/sso"
)

// shutdownGrace is how long in-flight requests get to finish after SIGTERM.
const shutdownGrace = 20 * time.Second

func cmdServe(ctx context.Context, args []string, e env) error {
	fs := newFlags(e, "serve", "[--addr HOST:PORT] [--db URL] [--demo] [--base-url URL]",
		"Runs the web app and the API. The schema is migrated at start.")
	var (
		addr, dbURL, baseURL, logFormat string
		profilerAddr                    string
		loadDemo                        bool
	)
	var smtpURL string
	for _, err := range []error{
		config.String(fs, e.getenv, &addr, "addr", "", "127.0.0.1:8080", "address to listen on"),
		dbFlag(fs, e, &dbURL),
		config.Bool(fs, e.getenv, &loadDemo, "demo", "load demo communities when the database is empty"),
		config.String(fs, e.getenv, &baseURL, "base-url", "", "", "the address people use, e.g. https://copse.example.org (default http://ADDR)"),
		config.String(fs, e.getenv, &logFormat, "log-format", "", "text", "log format: text or json"),
		config.String(fs, e.getenv, &profilerAddr, "pprof", "", "", "serve Go's profiler on this loopback address, e.g. 127.0.0.1:6060 (off by default)"),
		config.String(fs, e.getenv, &smtpURL, "smtp", "", "", "SMTP server for mail: smtp://[user:pass@]host:port (STARTTLS) or smtps://…, ?from=ADDRESS (default: keep mail for admins to read)"),
	} {
		if err != nil {
			return err
		}
	}
	var specs sso.Specs
	specs.Define(fs, e.getenv)
	if err := parse(fs, e, args); err != nil {
		return err
	}
	specs.Finish()
	logger, err := newLogger(e, logFormat)
	if err != nil {
		return err
	}
	slog.SetDefault(logger)

	db, err := openMigrated(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if profilerAddr != "" {
		stop, err := startProfiler(profilerAddr, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	if loadDemo {
		loaded, err := demo.Load(ctx, db)
		if err != nil {
			return fmt.Errorf("load the demo: %w", err)
		}
		if loaded {
			logger.Info("loaded the demo communities")
		} else {
			logger.Info("the database has data already, so the demo was not loaded")
		}
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another copse running? choose another port with --addr)", addr, err)
	}
	base, err := publicURL(baseURL, ln.Addr())
	if err != nil {
		ln.Close()
		return err
	}
	providers, err := specs.Build(base)
	if err != nil {
		ln.Close()
		return err
	}
	warnUnreachable(providers, logger)
	h, err := server.New(db, server.Config{BaseURL: base, SSO: providers})
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	if err := announceSetup(ctx, db, base, e); err != nil {
		return err
	}
	logger.Info("copse is listening", "url", base.String(), "database", db.Dialect())
	stopOutbox, err := startOutbox(ctx, db, smtpURL, base, logger)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopOutbox()

	// Parsing the templates, migrating and loading the demo leave garbage that an
	// idle server would hold until its next collection: hand it back now.
	debug.FreeOSMemory()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

func newLogger(e env, format string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	switch format {
	case "text":
		return slog.New(httpx.LogHandler{Handler: slog.NewTextHandler(e.stderr, opts)}), nil
	case "json":
		return slog.New(httpx.LogHandler{Handler: slog.NewJSONHandler(e.stderr, opts)}), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}

// publicURL is the base URL people use: --base-url, else the listening address.
func publicURL(baseURL string, addr net.Addr) (*url.URL, error) {
	if baseURL == "" {
		host := addr.String()
		if strings.HasPrefix(host, "0.0.0.0:") || strings.HasPrefix(host, "[::]:") {
			host = "localhost" + host[strings.LastIndex(host, ":"):]
		}
		baseURL = "http://" + host
	}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--base-url %q: give the full address people use, such as https://copse.example.org", baseURL)
	}
	return u, nil
}

// announceSetup prints a one-time link to create the first admin account while the
// site has none, so a newcomer can sign in without another command. The link's
// token is stored hashed and stops working once an admin exists.
func announceSetup(ctx context.Context, db interface {
	CountAdmins(context.Context) (int, error)
	CreateSetupToken(context.Context) (string, error)
}, base *url.URL, e env) error {
	n, err := db.CountAdmins(ctx)
	if err != nil || n > 0 {
		return err
	}
	token, err := db.CreateSetupToken(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nThis site has no admin yet. Create the first admin account here (the link works once):\n\n    %s/setup?token=%s\n\n", base, token)
	return nil
}

// warnUnreachable checks that each OpenID Connect provider answers, and says so in
// the log when one does not: copse still starts, and tries again at the first sign-in.
func warnUnreachable(providers sso.Providers, logger *slog.Logger) {
	for _, p := range providers {
		if o, ok := p.(*sso.OIDC); ok {
			if err := o.Discover(); err != nil {
				logger.Warn("single sign-on provider unreachable; sign-ins with it fail until it answers", "provider", p.Name(), "err", err)
			}
		}
	}
}
