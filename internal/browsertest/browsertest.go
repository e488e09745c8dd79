// Package browsertest drives a real headless Chromium from tests and checks
// every page a test visits with axe-core, so that an accessibility regression
// fails the suite like any other bug.
//
//	b := browsertest.Start(t)   // skips (or fails in CI) without Chromium or axe-core
//	p := b.NewPage(t)           // its own cookies: one page per person
//	p.Visit(srv.URL + "/communities")
//	p.Fill("#name", "Infrastructure as Code")
//	p.Submit("button[type=submit]")
//	if got := p.Text("h1"); got != "Infrastructure as Code" { … }
//
// Chromium comes from COPSE_CHROMIUM or the PATH (chromium, chromium-browser,
// google-chrome); axe-core from node_modules/axe-core/axe.min.js in the module
// (`npm ci`). Without either, Start skips the test and says why, so a machine
// with only Go still runs the rest of the suite; COPSE_REQUIRE_BROWSER=1
// turns that skip into a failure, so that CI cannot pass by skipping.
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// actionTimeout bounds every browser action, so a selector that never
// matches or a page that never loads fails the test with a message instead
// of hanging it until go test's own timeout.
const actionTimeout = 20 * time.Second

// axeRelPath is where `npm ci` puts axe-core, relative to the module root.
var axeRelPath = filepath.Join("node_modules", "axe-core", "axe.min.js")

// Browser is one headless Chromium process for a test (and its subtests).
type Browser struct {
	ctx context.Context // the browser's first tab; every Page is a child
	axe string          // the source of axe.min.js, injected into each page
}

// Start launches headless Chromium for the test and closes it when the test
// ends. It skips the test when Chromium or axe-core is missing, unless
// COPSE_REQUIRE_BROWSER=1, when it fails it instead.
func Start(t testing.TB) *Browser {
	t.Helper()
	exe, axePath, missing := locate()
	if missing != "" {
		if os.Getenv("COPSE_REQUIRE_BROWSER") == "1" {
			t.Fatal("browser tests cannot run: " + missing + " (COPSE_REQUIRE_BROWSER=1 makes this a failure, not a skip)")
		}
		t.Skip("browser tests skipped: " + missing)
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("browsertest: reading axe-core: %v", err)
	}

	// The flags are the ones that work headless as root in a container
	// with no network: no sandbox (root), no GPU, and nothing that phones
	// home (QUIC, component updates, sync, background networking). A
	// fresh profile per test keeps state from leaking between tests.
	var output limitedBuffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(&output),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// Registered after t.TempDir, so it runs before the profile is removed:
	// Cancel closes Chromium gracefully and waits, then the allocator waits
	// for the process, so nothing writes into the directory any more.
	t.Cleanup(func() {
		chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
	})
	// The first action starts the browser. Its context must not have a
	// timeout: the browser lives as long as the context of its first action.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: starting %s: %v\nbrowser output:\n%s", exe, err, output.String())
	}
	return &Browser{ctx: ctx, axe: string(axe)}
}

// locate finds Chromium and axe-core, or says in plain words what is missing
// and how to get it.
func locate() (exe, axePath, missing string) {
	var problems []string
	if env := os.Getenv("COPSE_CHROMIUM"); env != "" {
		path, err := exec.LookPath(env)
		if err != nil {
			problems = append(problems, fmt.Sprintf("COPSE_CHROMIUM=%s is not an executable", env))
		}
		exe = path
	} else {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if path, err := exec.LookPath(name); err == nil {
				exe = path
				break
			}
		}
		if exe == "" {
			problems = append(problems, "Chromium not found; install Debian's chromium or set COPSE_CHROMIUM")
		}
	}
	axePath, err := findAxe()
	if err != nil {
		problems = append(problems, err.Error())
	}
	return exe, axePath, strings.Join(problems, "; ")
}

// findAxe looks for node_modules/axe-core/axe.min.js from the working
// directory (a test runs in its package's directory) up to the directory
// of go.mod, where `npm ci` puts it.
func findAxe() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, axeRelPath)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", fmt.Errorf("axe-core not found (%s); run `npm ci` in %s", axeRelPath, dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("axe-core not found: no go.mod above the working directory; run `npm ci` in the module")
		}
		dir = parent
	}
}

// NewPage opens a tab in a browser context of its own: its own cookies and
// storage, as if another person used another browser. So two pages can be
// signed in as two people at once. The page closes when t ends.
//
// Create a page in the test (or subtest) that uses it: its helpers fail t.
func (b *Browser) NewPage(t testing.TB) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: opening a page: %v", err)
	}
	return &Page{t: t, ctx: ctx, axe: b.axe, timeout: actionTimeout}
}

// limitedBuffer keeps the first 64 KiB the browser prints, for the message
// when it fails to start; Chromium writes from its own goroutine.
type limitedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := 64<<10 - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
