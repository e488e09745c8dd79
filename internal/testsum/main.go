// Command testsum reads the event stream of `go test -json` on standard input
// and writes a report a person can read: a line per package as it finishes,
// the whole output of every failed test and of every build failure, and a
// summary at the end with the totals, the count per database (tests with a
// path segment "sqlite" or "postgres" in their name) and the list of skipped
// tests with their reasons.
//
// The summary exists so that a run on a machine without PostgreSQL or Chromium
// says plainly which passes it skipped, instead of hiding them among
// thousands of "--- SKIP" lines.
//
// Lines that are not JSON events (a "go: downloading" note, a compiler crash
// on stderr) are echoed as they come: nothing that go test prints is ever
// swallowed. The exit status is 1 when anything failed or when no test passed
// or failed at all, so that a run that tested nothing cannot look green.
//
//	go test -json ./... 2>&1 | go run ./internal/testsum
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Stdin, os.Stdout, os.Stderr))
}

// run reports the events of stdin to stdout and returns the exit status.
func run(stdin io.Reader, stdout, stderr io.Writer) int {
	out := bufio.NewWriter(stdout)
	r := newReport(out)
	// Package lines must appear while the suite runs, not at the end, so the
	// report flushes after each input line; go test writes a package's
	// events in one burst, so this costs little.
	in := bufio.NewReader(stdin)
	for {
		line, err := in.ReadString('\n')
		if line != "" {
			r.line(strings.TrimRight(line, "\r\n"))
			out.Flush()
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Fprintln(stderr, "testsum: reading the test output:", err)
			r.end()
			out.Flush()
			return 1
		}
	}
	ok := r.end()
	if err := out.Flush(); err != nil {
		fmt.Fprintln(stderr, "testsum:", err)
		return 1
	}
	if !ok {
		return 1
	}
	return 0
}

// event is one line of `go test -json` (see `go doc test2json`). Build
// events (Action "build-output" and "build-fail", Go 1.24 and later) carry
// ImportPath instead of Package; a package whose build failed ends with
// FailedBuild naming the build that broke it.
type event struct {
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	ImportPath  string
	FailedBuild string
}

// line handles one line of input: an event, or anything else, which is
// echoed.
func (r *report) line(s string) {
	var ev event
	if !strings.HasPrefix(s, "{") || json.Unmarshal([]byte(s), &ev) != nil || ev.Action == "" {
		fmt.Fprintln(r.out, s)
		return
	}
	r.event(ev)
}
