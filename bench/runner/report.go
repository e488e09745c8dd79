package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// manifest mirrors bench/gen's output.
type manifest struct {
	Size        string         `json:"size"`
	Database    string         `json:"database"`
	Communities []string       `json:"communities"`
	Tag         string         `json:"tag"`
	Person      string         `json:"person"`
	Session     string         `json:"session"`
	Resource    int64          `json:"resource"`
	Question    int64          `json:"question"`
	Queries     []string       `json:"queries"`
	Counts      map[string]int `json:"counts"`
	Seconds     float64        `json:"seconds"`
}

// Budgets (issue 3), on a 2-core machine at the medium size.
const (
	anonShare     = 0.25
	signedShare   = 0.10
	pageP99       = 20 * time.Millisecond
	searchP99     = 30 * time.Millisecond
	idleBudget    = 40 << 20
	peakBudget    = 150 << 20
	readyEmpty    = 300 * time.Millisecond
	readyLargeMax = time.Second
	importBudget  = 5 * time.Second
)

type report struct {
	cfg     config
	machine string
	ceiling result
	runs    []dbRun
}

// verdict says whether one measurement meets its budget, and why not.
func (r report) verdict(m measured) string {
	var why []string
	share := m.ReqPerS / r.ceiling.ReqPerS
	switch {
	case m.signed && share < signedShare:
		why = append(why, fmt.Sprintf("under %.0f%%", 100*signedShare))
	case !m.signed && share < anonShare:
		why = append(why, fmt.Sprintf("under %.0f%%", 100*anonShare))
	}
	limit := pageP99
	if m.kind == "search" {
		limit = searchP99
	}
	if !m.signed && m.P99 > limit || m.kind == "search" && m.P99 > limit {
		why = append(why, "p99 over "+limit.String())
	}
	if m.Errors > 0 {
		why = append(why, "errors")
	}
	if len(why) == 0 {
		return "✓"
	}
	return "✗ " + strings.Join(why, ", ")
}

func (r report) failures() []string {
	if r.cfg.size != "medium" && r.cfg.size != "large" {
		return nil // budgets are set for the medium size
	}
	var out []string
	for _, run := range r.runs {
		for _, m := range run.results {
			if v := r.verdict(m); v != "✓" {
				out = append(out, fmt.Sprintf("%s %s (%s): %s", run.db, m.name, who(m.signed), v))
			}
		}
		if run.idleRSS > idleBudget {
			out = append(out, fmt.Sprintf("%s idle RSS %.1f MiB over 40 MiB", run.db, mib(run.idleRSS)))
		}
		if run.peak > peakBudget {
			out = append(out, fmt.Sprintf("%s peak RSS %.1f MiB over 150 MiB", run.db, mib(run.peak)))
		}
		if run.readyEmpty > readyEmpty {
			out = append(out, fmt.Sprintf("%s ready on an empty database in %v, over 300ms", run.db, run.readyEmpty))
		}
		if run.importTime > importBudget {
			out = append(out, fmt.Sprintf("%s import of %d resources took %v, over 5s", run.db, importFiles, run.importTime))
		}
		if r.cfg.size == "large" && run.readyLoaded > readyLargeMax {
			out = append(out, fmt.Sprintf("%s ready at the large size in %v, over 1s", run.db, run.readyLoaded))
		}
	}
	return out
}

func (r report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmark results\n\nWritten by `bench/run --size %s` on %s.\n\n%s\n", r.cfg.size, time.Now().UTC().Format("2006-01-02 15:04 MST"), r.machine)
	fmt.Fprintf(&b, "wrk: %d threads, %d connections, %v per endpoint, on the same machine as the server, asking for gzip. "+
		"Before wrk, one request to each endpoint is timed alone: \"first request\" is what the first reader after a change pays "+
		"(for anonymous readers, the render the page cache then keeps).\n\n", r.cfg.threads, r.cfg.connections, r.cfg.duration)
	fmt.Fprintf(&b, "Ceiling (a Go net/http hello world): **%.0f req/s**, p50 %v, p99 %v.\n\n", r.ceiling.ReqPerS, round(r.ceiling.P50), round(r.ceiling.P99))
	for _, run := range r.runs {
		c := run.manifest.Counts
		fmt.Fprintf(&b, "## %s, %s dataset\n\n", run.db, r.cfg.size)
		fmt.Fprintf(&b, "%d communities, %d people, %d topics, %d meetings, %d resources, %d questions, %d answers (generated in %.0f s).\n\n",
			c["Communities"], c["People"], c["Topics"], c["Meetings"], c["Resources"], c["Questions"], c["Answers"], run.manifest.Seconds)
		fmt.Fprintf(&b, "Ready in %v on an empty database, %v with the dataset. RSS idle %.1f MiB, peak %.1f MiB. "+
			"`copse import resources` of %d Markdown files into an empty database: %v.\n\n",
			round(run.readyEmpty), round(run.readyLoaded), mib(run.idleRSS), mib(run.peak), importFiles, round(run.importTime))
		b.WriteString("| endpoint | reader | first request | req/s | of ceiling | p50 | p99 | errors | budget |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n")
		for _, m := range run.results {
			fmt.Fprintf(&b, "| %s | %s | %v | %.0f | %.1f%% | %v | %v | %d | %s |\n", m.name, who(m.signed), round(m.First), m.ReqPerS,
				100*m.ReqPerS/r.ceiling.ReqPerS, round(m.P50), round(m.P99), m.Errors, r.verdict(m))
		}
		b.WriteString("\n")
	}
	b.WriteString("Budgets (issue 3, medium size): anonymous reads ≥ 25% of the ceiling with p99 under 20 ms; signed-in reads ≥ 10%; " +
		"search p99 under 30 ms; no errors; idle RSS under 40 MiB, peak under 150 MiB; ready in under 300 ms on an empty database; " +
		"import of 1,000 Markdown resources under 5 s.\n")
	return b.String()
}

func round(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Millisecond:
		return d.Round(time.Millisecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// describeMachine says what the figures were measured on.
func describeMachine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[0], "MemTotal: %d kB", &kb)
		mem = fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
	}
	commit, _ := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	return fmt.Sprintf("Machine: %d cores (%s)%s, %s, %s; copse at commit %s.\n", runtime.NumCPU(), cpu, mem, runtime.GOOS, runtime.Version(), strings.TrimSpace(string(commit)))
}
