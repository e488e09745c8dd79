package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// result is what one wrk run measured.
type result struct {
	Name     string
	ReqPerS  float64
	P50, P99 time.Duration
	Errors   int // socket errors plus non-2xx/3xx responses
	Requests int
	First    time.Duration // one request before wrk: a cold render, not yet cached
}

// first times one request to url, before wrk measures the steady state: after a
// change to the site, each page's first reader pays this.
func first(ctx context.Context, url string, headers ...string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	start := time.Now()
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return time.Since(start), nil
}

var (
	reqRE      = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	totalRE    = regexp.MustCompile(`(\d+) requests in`)
	pctRE      = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$`)
	non2xxRE   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	socketErrs = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// runWrk drives url with wrk and parses what it prints.
func runWrk(ctx context.Context, name, url string, cfg config, headers ...string) (result, error) {
	// Every browser and link-unfurling bot asks for gzip; so does wrk here, for
	// copse and for the ceiling alike.
	args := []string{"-t", strconv.Itoa(cfg.threads), "-c", strconv.Itoa(cfg.connections), "-d", cfg.duration.String(), "--latency",
		"-H", "Accept-Encoding: gzip"}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	args = append(args, url)
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "wrk", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("wrk %s: %v\n%s", url, err, out.String())
	}
	return parseWrk(name, out.String())
}

func parseWrk(name, s string) (result, error) {
	r := result{Name: name}
	m := reqRE.FindStringSubmatch(s)
	if m == nil {
		return r, fmt.Errorf("wrk printed no Requests/sec:\n%s", s)
	}
	r.ReqPerS, _ = strconv.ParseFloat(m[1], 64)
	if m := totalRE.FindStringSubmatch(s); m != nil {
		r.Requests, _ = strconv.Atoi(m[1])
	}
	for _, m := range pctRE.FindAllStringSubmatch(s, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[m[3]]
		d := time.Duration(v * float64(unit))
		if m[1] == "50" {
			r.P50 = d
		} else {
			r.P99 = d
		}
	}
	if m := non2xxRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		r.Errors += n
	}
	if m := socketErrs.FindStringSubmatch(s); m != nil {
		for _, x := range m[1:] {
			n, _ := strconv.Atoi(x)
			r.Errors += n
		}
	}
	if strings.Contains(s, "unable to connect") {
		return r, fmt.Errorf("wrk could not connect:\n%s", s)
	}
	return r, nil
}
