package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot/internal/redistest"
)

// The end-to-end tests run on a real redis-server (internal/redistest) when one is
// installed, and must under CI (the environment variable CI set: redistest then fails
// without one). Without one, a world of one goalbot at a time runs on the embedded
// store (no REDIS_URL, a data directory of the world's own), and a world that several
// goalbots share, or whose Redis goes down, on a miniredis server, the engine of the
// embedded store, on a loopback port. scripts/test says which.

// realRedis reports whether the tests run on a real redis-server: it is installed, or
// CI requires it.
func realRedis() bool {
	if os.Getenv("CI") != "" {
		return true
	}
	_, err := exec.LookPath("redis-server")
	return err == nil
}

// e2eStore returns the Redis address of a world whose goalbots run one at a time,
// or "" for the embedded store when there is no redis-server.
func e2eStore(t testing.TB) string {
	t.Helper()
	if realRedis() {
		return redistest.Server(t)
	}
	t.Log("redis-server is not installed: this end-to-end test runs on the embedded store (install redis-server to run it on a real Redis)")
	return ""
}

// e2eRedis returns the address of a Redis that several goalbots share: a real
// redis-server, or without one a miniredis server.
func e2eRedis(t testing.TB) string {
	t.Helper()
	if realRedis() {
		return redistest.Server(t)
	}
	return startMiniredis(t).Addr()
}

// outage is a Redis that a test stops and starts again on the same address.
type outage interface {
	Stop()
	Start()
}

// e2eOutage returns the address of a Redis that the test may stop and start: a real
// redis-server, or without one a miniredis server.
func e2eOutage(t testing.TB) (string, outage) {
	t.Helper()
	if realRedis() {
		r := redistest.NewRestartable(t)
		return r.Addr, r
	}
	m := startMiniredis(t)
	return m.Addr(), miniOutage{t: t, m: m}
}

// startMiniredis starts a miniredis server as the embedded store does (keys expire
// on the wall clock) and closes it when t ends.
func startMiniredis(t testing.TB) *miniredis.Miniredis {
	t.Helper()
	m := miniredis.NewMiniRedis()
	m.ClockTTL(true)
	if err := m.Start(); err != nil {
		t.Fatalf("start miniredis: %v", err)
	}
	t.Cleanup(m.Close)
	return m
}

// miniOutage stops and starts a miniredis server on its address, keeping its data.
type miniOutage struct {
	t testing.TB
	m *miniredis.Miniredis
}

func (o miniOutage) Stop() { o.m.Close() }

func (o miniOutage) Start() {
	if err := o.m.Restart(); err != nil {
		o.t.Fatalf("restart miniredis: %v", err)
	}
}

// TestE2EStoreWithoutRedisServer: without redis-server the end-to-end tests run on the
// embedded store instead of skipping, except under CI, which requires the real one.
func TestE2EStoreWithoutRedisServer(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no redis-server on it
	t.Setenv("CI", "")
	if addr := e2eStore(t); addr != "" {
		t.Fatalf("e2eStore without redis-server = %q, want the embedded store", addr)
	}
	e := newE2E(t, "")
	in := e.start()
	if in.m.Config.RedisURL != "" || !strings.Contains(in.log.String(), "using the embedded store") {
		t.Errorf("the world's goalbot does not run on the embedded store:\n%s", in.log)
	}
	in.createGoalWithCatalog()
	in.mustDo("GET", "/v1/goals/G1", e2eAPIToken, "", http.StatusOK)

	t.Setenv("CI", "true")
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		e2eStore(rec)
	}()
	<-done
	if !strings.Contains(rec.fatal, "redis-server is not installed, and CI is set") {
		t.Errorf("e2eStore under CI without redis-server: fatal %q, want the test failed", rec.fatal)
	}
}

// fatalRecorder is a testing.TB whose Fatalf records its message and ends the
// goroutine, as a test's would.
type fatalRecorder struct {
	testing.TB
	fatal string
}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// TestE2ETestsChooseTheirStoreHere: every end-to-end test gets its Redis from the
// helpers above, so that none skips where there is no redis-server.
func TestE2ETestsChooseTheirStoreHere(t *testing.T) {
	files, err := filepath.Glob("e2e_*_test.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no end-to-end test files (%v)", err)
	}
	for _, f := range files {
		if f == "e2e_store_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "redistest.") {
			t.Errorf("%s uses internal/redistest directly: use e2eStore, e2eRedis or e2eOutage, which run on the embedded store without redis-server", f)
		}
	}
}
