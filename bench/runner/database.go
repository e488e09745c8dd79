package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// endpoint is one URL bench/run drives; kind decides its budget.
type endpoint struct {
	name   string
	path   string
	signed bool
	kind   string // "page", "api" or "search"
}

// endpoints lists what is measured, from the manifest of the dataset. Each
// capability adds its pages here as it lands.
func endpoints(m manifest) []endpoint {
	slug := m.Communities[0]
	tag := url.QueryEscape(m.Tag)
	resource := strconv.FormatInt(m.Resource, 10)
	question := strconv.FormatInt(m.Question, 10)
	var eps []endpoint
	for _, signed := range []bool{false, true} {
		eps = append(eps,
			endpoint{"home", "/", signed, "page"},
			endpoint{"directory", "/communities", signed, "page"},
			endpoint{"directory, tag filter", "/communities?tag=" + tag, signed, "page"},
			endpoint{"community page", "/communities/" + slug, signed, "page"},
			endpoint{"members page", "/communities/" + slug + "/members", signed, "page"},
			endpoint{"board", "/communities/" + slug + "/board", signed, "page"},
			endpoint{"meeting history", "/communities/" + slug + "/meetings", signed, "page"},
			endpoint{"library", "/library", signed, "page"},
			endpoint{"library, facet filter", "/library?type=Guide&tag=how-to", signed, "page"},
			endpoint{"resource page", "/library/" + resource, signed, "page"},
			endpoint{"questions", "/questions", signed, "page"},
			endpoint{"unanswered queue", "/questions/unanswered", signed, "page"},
			endpoint{"question page", "/questions/" + question, signed, "page"},
			endpoint{"status page", "/status", signed, "page"},
			endpoint{"community health", "/communities/" + slug + "/health", signed, "page"},
			endpoint{"site health", "/health", signed, "page"},
			endpoint{"experts", "/experts?subject=" + tag, signed, "page"},
			endpoint{"calendar.ics", "/communities/" + slug + "/calendar.ics", signed, "page"},
			endpoint{"feed.atom", "/communities/" + slug + "/feed.atom", signed, "page"},
			endpoint{"API communities", "/api/v1/communities", signed, "api"},
			endpoint{"API community", "/api/v1/communities/" + slug, signed, "api"},
			endpoint{"API members", "/api/v1/communities/" + slug + "/members", signed, "api"},
			endpoint{"API topics", "/api/v1/communities/" + slug + "/topics", signed, "api"},
			endpoint{"API meetings", "/api/v1/communities/" + slug + "/meetings", signed, "api"},
			endpoint{"API resources", "/api/v1/resources", signed, "api"},
			endpoint{"API questions", "/api/v1/questions", signed, "api"},
			endpoint{"API question", "/api/v1/questions/" + question, signed, "api"},
			endpoint{"API status", "/api/v1/status", signed, "api"},
			endpoint{"API health", "/api/v1/communities/" + slug + "/health", signed, "api"},
		)
		for _, q := range m.Queries {
			eps = append(eps,
				endpoint{"search “" + q + "”", "/search?q=" + url.QueryEscape(q), signed, "search"},
				endpoint{"API search “" + q + "”", "/api/v1/search?q=" + url.QueryEscape(q), signed, "search"})
		}
	}
	return eps
}

// dbRun is what was measured on one database.
type dbRun struct {
	db            string
	manifest      manifest
	readyEmpty    time.Duration
	readyLoaded   time.Duration
	idleRSS, peak int64
	importTime    time.Duration // copse import resources of 1,000 files
	results       []measured
}

type measured struct {
	endpoint
	result
}

func measureDatabase(ctx context.Context, cfg config, db string, ceiling result) (dbRun, error) {
	run := dbRun{db: db}
	emptyURL, loadedURL, err := databases(ctx, cfg, db)
	if err != nil {
		return run, err
	}
	if run.manifest, err = dataset(cfg, db, loadedURL); err != nil {
		return run, err
	}
	if run.importTime, err = measureImport(ctx, cfg, db); err != nil {
		return run, err
	}
	fmt.Printf("%s: imported %d Markdown resources in %v\n", db, importFiles, run.importTime.Round(time.Millisecond))
	addr := "127.0.0.1:18091"
	p, d, err := timeToReady(ctx, addr, "--db", emptyURL)
	if err != nil {
		return run, err
	}
	p.stop()
	run.readyEmpty = d
	p, run.readyLoaded, err = timeToReady(ctx, addr, "--db", loadedURL)
	if err != nil {
		return run, err
	}
	defer p.stop()
	time.Sleep(time.Second)
	run.idleRSS, _ = p.memory()
	fmt.Printf("%s: ready in %v (empty) and %v (%s), idle RSS %.1f MiB\n", db, run.readyEmpty, run.readyLoaded, cfg.size, mib(run.idleRSS))
	cookie := "Cookie: copse_session=" + run.manifest.Session
	for _, ep := range endpoints(run.manifest) {
		if cfg.only != "" && !strings.Contains(ep.name, cfg.only) {
			continue
		}
		var hdr []string
		if ep.signed {
			hdr = []string{cookie}
		}
		cold, coldErr := first(ctx, "http://"+addr+ep.path, hdr...)
		if coldErr != nil { // counted as an error of the endpoint, and the run goes on
			fmt.Printf("  %s (%s): the first request failed: %v\n", ep.name, who(ep.signed), coldErr)
		}
		r, err := runWrk(ctx, ep.name, "http://"+addr+ep.path, cfg, hdr...)
		if err != nil {
			return run, err
		}
		r.First = cold
		if coldErr != nil {
			r.Errors++
		}
		run.results = append(run.results, measured{ep, r})
		fmt.Printf("  %-32s %-10s %8.0f req/s  %5.1f%%  p50 %-9v p99 %-9v errors %d  first %v\n", ep.name, who(ep.signed), r.ReqPerS,
			100*r.ReqPerS/ceiling.ReqPerS, r.P50, r.P99, r.Errors, round(r.First))
	}
	_, run.peak = p.memory()
	return run, nil
}

func who(signed bool) string {
	if signed {
		return "signed in"
	}
	return "anonymous"
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// databases returns an empty database and the one that holds (or will hold) the
// dataset. SQLite files live in bench/out; PostgreSQL databases on cfg.postgres.
func databases(ctx context.Context, cfg config, db string) (empty, loaded string, err error) {
	switch db {
	case "sqlite":
		os.Remove("bench/out/empty.db")
		os.Remove("bench/out/empty.db-wal")
		os.Remove("bench/out/empty.db-shm")
		return "sqlite:" + abs("bench/out/empty.db"), "sqlite:" + abs(filepath.Join("bench/out", cfg.size+".db")), nil
	case "postgres":
		if cfg.postgres == "" {
			return "", "", fmt.Errorf("set COPSE_BENCH_POSTGRES (bench/run starts a server when it is not set)")
		}
		if empty, err = freshDatabase(ctx, cfg, "copse_bench_empty"); err != nil {
			return "", "", err
		}
		admin, err := sql.Open("pgx", cfg.postgres)
		if err != nil {
			return "", "", err
		}
		defer admin.Close()
		name := "copse_bench_" + cfg.size
		var exists bool
		admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
		if cfg.fresh || !exists {
			admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name)
			os.Remove(manifestPath(cfg, db))
			if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
				return "", "", err
			}
		}
		return empty, withDatabase(cfg.postgres, name), nil
	}
	return "", "", fmt.Errorf("unknown database %q: use sqlite or postgres", db)
}

// freshDatabase drops and creates a PostgreSQL database and returns its URL.
func freshDatabase(ctx context.Context, cfg config, name string) (string, error) {
	if cfg.postgres == "" {
		return "", fmt.Errorf("set COPSE_BENCH_POSTGRES (bench/run starts a server when it is not set)")
	}
	admin, err := sql.Open("pgx", cfg.postgres)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return "", err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	return withDatabase(cfg.postgres, name), nil
}

func withDatabase(server, name string) string {
	u, _ := url.Parse(server)
	u.Path = "/" + name
	return u.String()
}

func manifestPath(cfg config, db string) string {
	return filepath.Join("bench/out", cfg.size+"-"+db+".json")
}

// dataset loads the dataset unless a previous run left it (and its manifest) in place.
func dataset(cfg config, db, dbURL string) (manifest, error) {
	var m manifest
	path := manifestPath(cfg, db)
	if cfg.fresh && db == "sqlite" {
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(filepath.Join("bench/out", cfg.size+".db"+s))
		}
		os.Remove(path)
	}
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &m) == nil {
		return m, nil
	}
	fmt.Printf("%s: generating the %s dataset (once; --fresh makes it again)\n", db, cfg.size)
	if err := sh("bench/out/gen", "-size", cfg.size, "-db", dbURL, "-manifest", path, "-testdata", testdata()); err != nil {
		return m, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(b, &m)
}

// testdata finds ../shared/testdata beside the repository, or COPSE_TESTDATA.
func testdata() string {
	if d := os.Getenv("COPSE_TESTDATA"); d != "" {
		return d
	}
	return abs("../shared/testdata")
}
