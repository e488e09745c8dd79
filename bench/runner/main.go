// Command runner is bench/run: it builds copse, loads a dataset, starts copse and a
// hello-world ceiling on 127.0.0.1, drives both with wrk, checks the budgets and
// writes bench/RESULTS.md. See bench/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

type config struct {
	size        string
	dbs         []string
	duration    time.Duration
	connections int
	threads     int
	postgres    string // a server URL without a database name's meaning: gen makes its own database
	fresh       bool
	out         string
	only        string // run only endpoints whose name contains this
}

func main() {
	var cfg config
	var dbs string
	flag.StringVar(&cfg.size, "size", "medium", "dataset size: small, medium or large")
	flag.StringVar(&dbs, "db", "sqlite,postgres", "databases to measure: sqlite, postgres or both")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Second, "how long wrk drives each endpoint")
	flag.IntVar(&cfg.connections, "connections", 64, "wrk connections")
	flag.IntVar(&cfg.threads, "threads", 2, "wrk threads")
	flag.StringVar(&cfg.postgres, "postgres", os.Getenv("COPSE_BENCH_POSTGRES"), "PostgreSQL server URL (postgres://USER@HOST:PORT/postgres)")
	flag.BoolVar(&cfg.fresh, "fresh", false, "regenerate the dataset even if one exists")
	flag.StringVar(&cfg.out, "out", "bench/RESULTS.md", "where to write the results table")
	flag.StringVar(&cfg.only, "only", "", "measure only endpoints whose name contains this")
	flag.Parse()
	cfg.dbs = strings.Split(dbs, ",")
	if err := run(context.Background(), cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config) error {
	if err := os.MkdirAll("bench/out", 0o755); err != nil {
		return err
	}
	for _, b := range [][2]string{{"copse", "./cmd/copse"}, {"hello", "./bench/hello"}, {"gen", "./bench/gen"}} {
		if err := sh("go", "build", "-o", "bench/out/"+b[0], b[1]); err != nil {
			return err
		}
	}
	rep := report{cfg: cfg, machine: describeMachine()}
	ceiling, err := measureCeiling(ctx, cfg)
	if err != nil {
		return err
	}
	rep.ceiling = ceiling
	fmt.Printf("ceiling: hello world %.0f req/s, p99 %v\n", ceiling.ReqPerS, ceiling.P99)
	for _, db := range cfg.dbs {
		r, err := measureDatabase(ctx, cfg, db, ceiling)
		if err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
		rep.runs = append(rep.runs, r)
	}
	md := rep.markdown()
	if err := os.WriteFile(cfg.out, []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Print(md)
	if failed := rep.failures(); len(failed) > 0 {
		return fmt.Errorf("budgets not met:\n  %s", strings.Join(failed, "\n  "))
	}
	return nil
}

func sh(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

// measureCeiling drives the hello-world server with the same wrk settings.
func measureCeiling(ctx context.Context, cfg config) (result, error) {
	addr := "127.0.0.1:18090"
	p, err := startProcess("bench/out/hello", "--addr", addr)
	if err != nil {
		return result{}, err
	}
	defer p.stop()
	if err := waitReady(ctx, "http://"+addr+"/", 5*time.Second); err != nil {
		return result{}, err
	}
	return runWrk(ctx, "hello world", "http://"+addr+"/", cfg)
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
