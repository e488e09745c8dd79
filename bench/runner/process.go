package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type process struct {
	cmd *exec.Cmd
	log *os.File
}

func startProcess(name string, args ...string) (*process, error) {
	log, err := os.Create("bench/out/" + strings.TrimPrefix(name, "bench/out/") + ".log")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	return &process{cmd: cmd, log: log}, nil
}

func (p *process) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
	}
	p.log.Close()
}

// memory reads the resident set (now) and its peak from /proc, in bytes.
func (p *process) memory() (rss, peak int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb << 10
		case "VmHWM:":
			peak = kb << 10
		}
	}
	return rss, peak
}

// waitReady polls url until it answers 200, for at most limit.
func waitReady(ctx context.Context, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("%s was not ready within %v", url, limit)
}

// timeToReady starts copse and returns how long it took to answer /readyz.
func timeToReady(ctx context.Context, addr string, args ...string) (*process, time.Duration, error) {
	start := time.Now()
	p, err := startProcess("bench/out/copse", append([]string{"serve", "--addr", addr}, args...)...)
	if err != nil {
		return nil, 0, err
	}
	if err := waitReady(ctx, "http://"+addr+"/readyz", 30*time.Second); err != nil {
		p.stop()
		return nil, 0, err
	}
	return p, time.Since(start), nil
}
