// Package ssotest gives tests real providers to sign in with: the zitadel/oidc
// example OpenID Provider run as a process on 127.0.0.1 (with its own login page), an
// in-process issuer whose tokens a test shapes (tampered, for another audience,
// expired, with an unverified email), and a fake of GitHub's documented OAuth and
// REST endpoints, since GitHub itself is out of reach.
package ssotest

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Person is an account at the example provider.
type Person struct {
	ID            string   `json:"id"`
	Username      string   `json:"username"`
	Password      string   `json:"password"`
	FirstName     string   `json:"first_name"`
	LastName      string   `json:"last_name"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Groups        []string `json:"groups"`
}

// Client is the client copse is registered as at the example provider.
const (
	ClientID     = "copse"
	ClientSecret = "copse-test-secret"
)

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// providerBinary builds testdata/provider (its own module, pinned to
// zitadel/oidc v3.51.17), so the suite needs only the Go module proxy, not a
// provider installed beforehand. The binary is kept in the temporary folder under
// a hash of its source, so later runs (and test binaries running at once) reuse it.
func providerBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		src := filepath.Join(filepath.Dir(file), "..", "testdata", "provider")
		h := sha256.New()
		for _, name := range []string{"main.go", "go.mod", "go.sum"} {
			b, err := os.ReadFile(filepath.Join(src, name))
			if err != nil {
				buildErr = err
				return
			}
			h.Write(b)
		}
		buildPath = filepath.Join(os.TempDir(), fmt.Sprintf("copse-provider-%x", h.Sum(nil)[:8]))
		if _, err := os.Stat(buildPath); err == nil {
			return
		}
		tmp := fmt.Sprintf("%s.%d", buildPath, os.Getpid())
		goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goBin); err != nil {
			goBin = "go"
		}
		cmd := exec.Command(goBin, "build", "-o", tmp, ".")
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -buildvcs=false", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{err: err, out: string(out)}
			return
		}
		buildErr = os.Rename(tmp, buildPath) // atomic: a parallel build's binary is the same
	})
	if buildErr != nil {
		t.Fatalf("ssotest: building the example provider: %v", buildErr)
	}
	return buildPath
}

type buildError struct {
	err error
	out string
}

func (b *buildError) Error() string { return b.err.Error() + "\n" + b.out }

// StartProvider runs the example provider with these people and returns its
// issuer URL (http://127.0.0.1:PORT/). It stops when the test ends.
func StartProvider(t testing.TB, people []Person) string {
	t.Helper()
	bin := providerBinary(t)
	users := filepath.Join(t.TempDir(), "users.json")
	b, err := json.Marshal(people)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(users, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-users", users, "-client", ClientID, "-secret", ClientSecret)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("ssotest: starting the provider: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case issuer, ok := <-lines:
		if !ok || !strings.HasPrefix(issuer, "http://127.0.0.1:") {
			t.Fatalf("ssotest: the provider did not start: %q\n%s", issuer, stderr.String())
		}
		return issuer
	case <-time.After(20 * time.Second):
		t.Fatalf("ssotest: the provider did not start in 20s\n%s", stderr.String())
	}
	return ""
}
