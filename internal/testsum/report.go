package main

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// databases are the names of the test passes that run once per database.
// A test counts for one when a segment of its name is exactly that word, as in
// TestCommunities/sqlite/create or TestAPI/postgres.
var databases = []string{"sqlite", "postgres"}

// report keeps the state of a run between events and writes as it learns.
type report struct {
	out      io.Writer
	packages map[string]*pkg
	started  []string // package names in the order they started

	// builds holds the output of each build (by ImportPath) until a package
	// that failed because of it is reported; printed says which were shown.
	builds     map[string][]string
	buildOrder []string
	printed    map[string]bool

	passed, failed, skipped int
	byDB                    map[string]*counts
	skips                   []skip
	failures                []string // one line each, for the recap
}

type counts struct{ passed, failed, skipped int }

type skip struct{ pkg, test, reason string }

// pkg is a test package that has started.
type pkg struct {
	name   string
	tests  map[string]*test
	order  []string // test names in the order they first appeared
	output []string // output not attributed to a test
	done   bool
}

type test struct {
	name   string
	result string // "pass", "fail", "skip", or "" while it runs
	output []string
}

func newReport(out io.Writer) *report {
	r := &report{
		out:      out,
		packages: map[string]*pkg{},
		builds:   map[string][]string{},
		printed:  map[string]bool{},
		byDB:     map[string]*counts{},
	}
	for _, db := range databases {
		r.byDB[db] = &counts{}
	}
	return r
}

func (r *report) event(ev event) {
	switch ev.Action {
	case "build-output":
		if _, ok := r.builds[ev.ImportPath]; !ok {
			r.buildOrder = append(r.buildOrder, ev.ImportPath)
		}
		r.builds[ev.ImportPath] = append(r.builds[ev.ImportPath], ev.Output)
		return
	case "build-fail":
		if _, ok := r.builds[ev.ImportPath]; !ok {
			r.buildOrder = append(r.buildOrder, ev.ImportPath)
			r.builds[ev.ImportPath] = nil
		}
		return
	}
	if ev.Package == "" {
		return // no other action means anything without a package
	}
	p := r.pkg(ev.Package)
	if ev.Test == "" {
		switch ev.Action {
		case "output":
			p.output = append(p.output, ev.Output)
		case "pass", "fail", "skip":
			r.finish(p, ev.Action, ev.Elapsed, ev.FailedBuild)
		}
		return
	}
	t := p.test(ev.Test)
	switch ev.Action {
	case "output":
		t.output = append(t.output, ev.Output)
	case "pass", "fail", "skip":
		t.result = ev.Action
	}
}

func (r *report) pkg(name string) *pkg {
	p, ok := r.packages[name]
	if !ok {
		p = &pkg{name: name, tests: map[string]*test{}}
		r.packages[name] = p
		r.started = append(r.started, name)
	}
	return p
}

func (p *pkg) test(name string) *test {
	t, ok := p.tests[name]
	if !ok {
		t = &test{name: name}
		p.tests[name] = t
		p.order = append(p.order, name)
	}
	return t
}

// finish reports a package that ended with action after elapsed seconds.
//
// Passed and skipped are counted on leaf tests only: a parent that passes
// because its subtests pass is not one more thing that works. A failed test
// counts unless one of its subtests failed too, so a parent that fails on its
// own (a check after its subtests, a cleanup error) is not lost.
func (r *report) finish(p *pkg, action string, elapsed float64, failedBuild string) {
	if p.done {
		return
	}
	p.done = true

	parents := map[string]bool{}
	failedBelow := map[string]bool{}
	for _, name := range p.order {
		for i, c := range name {
			if c == '/' {
				parents[name[:i]] = true
			}
		}
	}
	for _, name := range p.order {
		t := p.tests[name]
		if t.result == "" {
			// The binary stopped while this test ran: a panic elsewhere, a
			// timeout or os.Exit. It did not pass.
			t.result = "fail"
			if !parents[name] {
				t.output = append(t.output, "    (no result: the test binary stopped while this test ran)\n")
			}
		}
		if t.result == "fail" {
			for i, c := range name {
				if c == '/' {
					failedBelow[name[:i]] = true
				}
			}
		}
	}

	var c counts
	var failedTests []*test
	for _, name := range p.order {
		t := p.tests[name]
		leaf := !parents[name]
		switch {
		case t.result == "fail":
			failedTests = append(failedTests, t)
			if failedBelow[name] {
				continue
			}
			c.failed++
			r.failures = append(r.failures, p.name+" "+name)
		case !leaf:
			continue
		case t.result == "pass":
			c.passed++
		case t.result == "skip":
			c.skipped++
			r.skips = append(r.skips, skip{p.name, name, skipReason(t.output)})
		}
		for _, db := range databases {
			if slices.Contains(strings.Split(name, "/"), db) {
				d := r.byDB[db]
				switch t.result {
				case "pass":
					d.passed++
				case "fail":
					d.failed++
				case "skip":
					d.skipped++
				}
			}
		}
	}

	status := map[string]string{"pass": "ok", "fail": "FAIL", "skip": "?"}[action]
	var detail string
	switch {
	case failedBuild != "":
		detail = "[build failed]"
	case action == "skip" && len(p.order) == 0:
		detail = "no test files"
	default:
		detail = countText(c)
		if len(p.order) == 0 && action == "pass" {
			detail = "no tests to run"
		}
		detail += fmt.Sprintf("  (%.1fs)", elapsed)
	}
	fmt.Fprintf(r.out, "%-4s %s  %s\n", status, p.name, detail)

	if failedBuild != "" {
		r.printBuild(failedBuild)
	}
	for _, t := range failedTests {
		if hasMessage(t.output) {
			r.write(t.output)
		}
	}
	if action == "fail" {
		var own []string
		for _, s := range p.output {
			if !isPackageFraming(s, p.name) {
				own = append(own, s)
			}
		}
		r.write(own)
		if c.failed == 0 {
			// Nothing a test did explains the failure: the build, TestMain,
			// or the binary itself. It still counts, so the totals never say
			// "0 failed" on a failing run.
			c.failed++
			why := "package failed"
			if failedBuild != "" {
				why = "build failed"
			}
			r.failures = append(r.failures, p.name+" ["+why+"]")
		}
	}
	r.passed += c.passed
	r.failed += c.failed
	r.skipped += c.skipped
}

// printBuild prints the output of the build importPath once; a second
// package broken by the same build points back to it.
func (r *report) printBuild(importPath string) {
	if r.printed[importPath] {
		fmt.Fprintf(r.out, "     (build output of %s above)\n", importPath)
		return
	}
	r.printed[importPath] = true
	r.write(r.builds[importPath])
}

// write prints output chunks as they came, ending with a newline.
func (r *report) write(chunks []string) {
	if len(chunks) == 0 {
		return
	}
	s := strings.Join(chunks, "")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	io.WriteString(r.out, s)
}

// end reports what never finished and the summary, and says whether the run
// was good: nothing failed and at least one test passed or failed.
func (r *report) end() bool {
	for _, name := range r.started {
		p := r.packages[name]
		if !p.done {
			p.output = append(p.output, "(no result: the test output ended before this package finished)\n")
			r.finish(p, "fail", 0, "")
		}
	}
	var unreported []string
	for _, ip := range r.buildOrder {
		if !r.printed[ip] && len(r.builds[ip]) > 0 {
			unreported = append(unreported, ip)
		}
	}
	if len(unreported) > 0 {
		fmt.Fprintln(r.out, "\nBuild output:")
		for _, ip := range unreported {
			r.printBuild(ip)
		}
	}

	fmt.Fprintln(r.out, "\nBy database:")
	for _, db := range databases {
		d := r.byDB[db]
		if *d == (counts{}) {
			fmt.Fprintf(r.out, "  %-9s no tests\n", db)
			continue
		}
		fmt.Fprintf(r.out, "  %-9s passed %d, failed %d, skipped %d\n", db, d.passed, d.failed, d.skipped)
	}
	if len(r.skips) > 0 {
		fmt.Fprintln(r.out, "\nSkipped:")
		for _, s := range r.skips {
			fmt.Fprintf(r.out, "  %s %s: %s\n", s.pkg, s.test, s.reason)
		}
	}
	if len(r.failures) > 0 {
		fmt.Fprintln(r.out, "\nFailed:")
		for _, f := range r.failures {
			fmt.Fprintf(r.out, "  %s\n", f)
		}
	}
	ran := r.passed+r.failed > 0
	if !ran {
		fmt.Fprintln(r.out, "\nNo test ran: nothing was checked.")
	}
	// The last line has the plain "N passed, N failed" form that tools read.
	fmt.Fprintf(r.out, "\nTotal: %d passed, %d failed, %d skipped\n", r.passed, r.failed, r.skipped)
	return ran && r.failed == 0
}

func countText(c counts) string {
	s := fmt.Sprintf("%d passed", c.passed)
	if c.failed > 0 {
		s += fmt.Sprintf(", %d failed", c.failed)
	}
	if c.skipped > 0 {
		s += fmt.Sprintf(", %d skipped", c.skipped)
	}
	return s
}

// isFraming reports whether a line of a test's output is the test runner's
// own bookkeeping rather than something the test said.
func isFraming(s string) bool {
	for _, prefix := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS", "--- FAIL", "--- SKIP"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// hasMessage reports whether a test said anything beyond its framing, so
// that a parent failing only because a subtest failed prints no empty block.
func hasMessage(output []string) bool {
	for _, s := range output {
		if !isFraming(s) && strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

// isPackageFraming reports whether a package-level output line is the
// runner's closing status, which the package line already says.
func isPackageFraming(s, pkgName string) bool {
	t := strings.TrimRight(s, "\n")
	switch {
	case t == "PASS", t == "FAIL", t == "testing: warning: no tests to run":
		return true
	case strings.HasPrefix(t, "ok  \t"+pkgName), strings.HasPrefix(t, "FAIL\t"+pkgName), strings.HasPrefix(t, "?   \t"+pkgName):
		return true
	}
	return false
}

// logLine matches the start of a t.Log, t.Error or t.Skip message:
// "    store_test.go:25: text".
var logLine = regexp.MustCompile(`^\s+[^\s:]+\.go:\d+: `)

// skipReason finds the first line of the message a skipped test gave. A test
// can log before it skips, so the last message wins; continuation lines of a
// multi-line message are not the start of one.
func skipReason(output []string) string {
	var reason, plain string
	for _, s := range output {
		if isFraming(s) {
			continue
		}
		line := strings.TrimRight(s, "\n")
		if loc := logLine.FindStringIndex(line); loc != nil {
			reason = strings.TrimSpace(line[loc[1]:])
		} else if plain == "" && strings.TrimSpace(line) != "" {
			plain = strings.TrimSpace(line)
		}
	}
	switch {
	case reason != "":
		return reason
	case plain != "":
		return plain
	}
	return "(no reason given)"
}
