package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The files in testdata are real `go test -json` output (Go 1.26), recorded
// from a throwaway module outside the repository with packages that pass,
// fail, skip, panic, time out (-timeout 2s), race (-race), exit from TestMain,
// fail to build, fail vet, and name a missing directory. To record a new
// case, make such a package in a temporary directory and run
// `go test -count=1 -json ./pkg/ > case.jsonl 2>&1` there.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file  string
		code  int
		want  []string // each must appear in the report
		avoid []string // none may appear
		total string   // the last line
	}{
		{
			file: "pass.jsonl",
			code: 0,
			want: []string{
				"ok   example.com/fix/good  5 passed, 2 skipped  (0.0s)\n",
				"  sqlite    passed 2, failed 0, skipped 0\n",
				"  postgres  passed 0, failed 0, skipped 1\n",
				"Skipped:\n",
				"  example.com/fix/good TestStore/postgres: PostgreSQL pass skipped: set COPSE_TEST_POSTGRES\n",
				// The test logged before it skipped: the skip message wins.
				"  example.com/fix/good TestLoggedThenSkipped: browser tests skipped: Chromium not found; install Debian's chromium or set COPSE_CHROMIUM\n",
			},
			// A passing run prints no test output.
			avoid: []string{"=== RUN", "made one", "Failed:", "looked for Chromium"},
			total: "Total: 5 passed, 0 failed, 2 skipped",
		},
		{
			file: "fail.jsonl",
			code: 1,
			want: []string{
				"FAIL example.com/fix/bad  3 passed, 2 failed, 1 skipped  (0.0s)\n",
				"=== RUN   TestAPI/sqlite/create\n    bad_test.go:10: status = 500, want 201\n        body: oops\n--- FAIL: TestAPI/sqlite/create (0.00s)\n",
				// A parent that fails on its own counts and shows its message.
				"    bad_test.go:18: checked after the subtests\n",
				"  example.com/fix/bad TestSkipNow: (no reason given)\n",
				"  sqlite    passed 1, failed 1, skipped 0\n",
				"Failed:\n  example.com/fix/bad TestAPI/sqlite/create\n  example.com/fix/bad TestParentFailsAlone\n",
			},
			// Parents that failed only through a subtest add no block and no count.
			avoid: []string{"--- FAIL: TestAPI (", "--- FAIL: TestAPI/sqlite (", "=== RUN   TestOK"},
			total: "Total: 3 passed, 2 failed, 1 skipped",
		},
		{
			file: "build.jsonl",
			code: 1,
			want: []string{
				"FAIL example.com/fix/broken  [build failed]\n# example.com/fix/broken [example.com/fix/broken.test]\nbroken/broken.go:3:28: cannot use",
				"FAIL example.com/fix/vetfail  [build failed]\n",
				`vetfail/vetfail_test.go:8:45: fmt.Printf format %d has arg "s" of wrong type string`,
				"ok   example.com/fix/good  5 passed, 2 skipped",
				"  example.com/fix/broken [build failed]\n",
			},
			total: "Total: 5 passed, 2 failed, 2 skipped",
		},
		{
			file: "depbuild.jsonl",
			code: 1,
			want: []string{
				"FAIL example.com/fix/usesbroken  [build failed]\n# example.com/fix/broken\nbroken/broken.go:3:28",
			},
			total: "Total: 0 passed, 2 failed, 0 skipped",
		},
		{
			file: "setup.jsonl",
			code: 1,
			want: []string{
				"found packages a (a.go) and b (b.go)",
				"FAIL ./nosuchdir  [build failed]\n# ./nosuchdir\nstat ",
			},
			total: "Total: 0 passed, 2 failed, 0 skipped",
		},
		{
			file: "panic.jsonl",
			code: 1,
			want: []string{
				"FAIL example.com/fix/panics  1 passed, 1 failed",
				"panic: assignment to entry in nil map",
				"panics_test.go:9",
			},
			total: "Total: 1 passed, 1 failed, 0 skipped",
		},
		{
			file: "timeout.jsonl",
			code: 1,
			want: []string{
				"FAIL example.com/fix/timeout  1 passed, 1 failed  (2.0s)\n=== RUN   TestSlow/hangs\n    timeout_test.go:11: waiting\npanic: test timed out after 2s",
				"(no result: the test binary stopped while this test ran)",
				"Failed:\n  example.com/fix/timeout TestSlow/hangs\n",
			},
			total: "Total: 1 passed, 1 failed, 0 skipped",
		},
		{
			file:  "race.jsonl",
			code:  1,
			want:  []string{"WARNING: DATA RACE", "race detected during execution of test"},
			total: "Total: 0 passed, 1 failed, 0 skipped",
		},
		{
			// Every test passed, yet TestMain made the binary fail.
			file:  "testmain.jsonl",
			code:  1,
			want:  []string{"FAIL example.com/fix/mainexit  1 passed  (0.0s)\nleaked goroutines: 3\n", "  example.com/fix/mainexit [package failed]\n"},
			avoid: []string{"PASS\n"},
			total: "Total: 1 passed, 1 failed, 0 skipped",
		},
		{
			file:  "norun.jsonl",
			code:  1,
			want:  []string{"ok   example.com/fix/good  no tests to run  (0.0s)\n", "No test ran"},
			total: "Total: 0 passed, 0 failed, 0 skipped",
		},
		{
			file:  "notests.jsonl",
			code:  1,
			want:  []string{"?    example.com/fix/notests  no test files\n", "No test ran"},
			total: "Total: 0 passed, 0 failed, 0 skipped",
		},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".jsonl"), func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, code := summarize(t, string(in))
			if code != tt.code {
				t.Errorf("exit status %d, want %d", code, tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(got, a) {
					t.Errorf("report has %q", a)
				}
			}
			if last := lastLine(got); last != tt.total {
				t.Errorf("last line %q, want %q", last, tt.total)
			}
			if t.Failed() {
				t.Logf("report:\n%s", got)
			}
		})
	}
}

// Plain lines (go's own notes on stderr, a crash of the go command) are
// echoed where they came, never swallowed; lines that only look like JSON
// too.
func TestPlainLinesAreEchoed(t *testing.T) {
	pass, err := os.ReadFile(filepath.Join("testdata", "pass.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	in := "go: downloading example.com/dep v1.0.0\n" +
		"{not json at all\n" +
		`{"Some":"other json"}` + "\n" +
		string(pass) +
		"go: some trailing complaint" // no final newline
	got, code := summarize(t, in)
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	for _, w := range []string{
		"go: downloading example.com/dep v1.0.0\n{not json at all\n{\"Some\":\"other json\"}\nok   example.com/fix/good",
		"go: some trailing complaint\n",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("report lacks %q:\n%s", w, got)
		}
	}
}

// A stream cut short (go test killed) must not look like a pass.
func TestTruncatedStream(t *testing.T) {
	pass, err := os.ReadFile(filepath.Join("testdata", "pass.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(pass), "\n")
	got, code := summarize(t, strings.Join(lines[:20], ""))
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	for _, w := range []string{"FAIL example.com/fix/good", "(no result: the test output ended before this package finished)"} {
		if !strings.Contains(got, w) {
			t.Errorf("report lacks %q:\n%s", w, got)
		}
	}
}

func TestEmptyInput(t *testing.T) {
	got, code := summarize(t, "")
	if code != 1 || !strings.Contains(got, "No test ran") {
		t.Errorf("empty input: exit %d, report:\n%s", code, got)
	}
}

func TestSkipReason(t *testing.T) {
	tests := []struct {
		name   string
		output []string
		want   string
	}{
		{"skip message", []string{"=== RUN   TestX\n", "    x_test.go:12: no server\n", "--- SKIP: TestX (0.00s)\n"}, "no server"},
		{"log then skip", []string{"=== RUN   TestX\n", "    x_test.go:11: looking\n", "    x_test.go:12: not found\n", "--- SKIP: TestX (0.00s)\n"}, "not found"},
		{"multi-line skip", []string{"    x_test.go:12: first line\n", "        second line\n", "--- SKIP: TestX (0.00s)\n"}, "first line"},
		{"paused and continued", []string{"=== RUN   TestX\n", "=== PAUSE TestX\n", "=== CONT  TestX\n", "    helper.go:7: skipped here\n", "--- SKIP: TestX (0.00s)\n"}, "skipped here"},
		{"old style after the SKIP line", []string{"--- SKIP: TestX (0.00s)\n", "    x_test.go:3: late reason\n"}, "late reason"},
		{"text without a location", []string{"=== RUN   TestX\n", "custom text\n", "--- SKIP: TestX (0.00s)\n"}, "custom text"},
		{"SkipNow", []string{"=== RUN   TestX\n", "--- SKIP: TestX (0.00s)\n"}, "(no reason given)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := skipReason(tt.output); got != tt.want {
				t.Errorf("skipReason = %q, want %q", got, tt.want)
			}
		})
	}
}

func summarize(t *testing.T, in string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(strings.NewReader(in), &out, &errOut)
	if errOut.Len() > 0 {
		t.Errorf("stderr: %s", errOut.String())
	}
	return out.String(), code
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndex(s, "\n")+1:]
}
