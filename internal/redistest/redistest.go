// Package redistest starts real Redis servers for tests: one node, or a one-node
// Cluster that owns every slot (to catch cross-slot mistakes). Each server runs
// from redis-server on a free loopback port, keeps nothing on disk, and is killed
// when the test ends. Without redis-server a test is skipped, or fails when the
// environment variable CI is set (a CI run must not pass by skipping).
package redistest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// startTimeout bounds how long a server may take to answer (and a Cluster to be ok).
const startTimeout = 10 * time.Second

// Binary returns the path of redis-server, skipping t (failing it under CI) when
// there is none.
func Binary(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("redis-server is not installed, and CI is set: install it (Debian: apt-get install redis-server)")
		}
		t.Skip("redis-server is not installed; skipping the tests on a real Redis")
	}
	return path
}

// Server starts a redis-server for t and returns its address (127.0.0.1:port).
func Server(t testing.TB) string {
	t.Helper()
	addr := start(t)
	return addr
}

// Cluster starts a one-node Redis Cluster that owns every slot and returns its
// address, once the cluster reports cluster_state:ok.
func Cluster(t testing.TB) string {
	t.Helper()
	addr := start(t, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := c.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", 0, 16383).Err(); err != nil {
		t.Fatalf("redistest: assign the cluster's slots: %v", err)
	}
	for {
		info, err := c.ClusterInfo(ctx).Result()
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			return addr
		}
		select {
		case <-ctx.Done():
			t.Fatalf("redistest: the cluster at %s is not ok after %s: %v\n%s", addr, startTimeout, err, info)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// start runs redis-server with extra arguments on a free port in a temporary
// directory, waits until it answers PING, and kills it when t ends.
func start(t testing.TB, extra ...string) string {
	t.Helper()
	bin := Binary(t)
	for attempt := 0; ; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatalf("redistest: find a free port: %v", err)
		}
		addr, err := run(t, bin, port, extra)
		if err == nil {
			return addr
		}
		if attempt == 2 {
			t.Fatalf("redistest: %v", err)
		}
	}
}

// run starts one server on port and waits for it; an error means it did not come up
// (the port may have been taken meanwhile).
func run(t testing.TB, bin string, port int, extra []string) (string, error) {
	p, err := launch(bin, port, t.TempDir(), extra)
	if err != nil {
		return "", err
	}
	t.Cleanup(p.kill)
	return p.addr, nil
}

// proc is one running redis-server.
type proc struct {
	addr   string
	cmd    *exec.Cmd
	out    *os.File
	exited chan struct{}
}

// launch runs redis-server on port with dir as its directory and waits until it
// answers.
func launch(bin string, port int, dir string, extra []string) (*proc, error) {
	args := append([]string{
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--loglevel", "warning",
	}, extra...)
	cmd := exec.Command(bin, args...)
	out, err := os.OpenFile(dir+"/redis.log", os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &proc{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), cmd: cmd, out: out, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.exited) }()
	if err := waitReady(p.addr, p.exited); err != nil {
		p.kill()
		return nil, fmt.Errorf("redis-server on %s: %w\n%s", p.addr, err, tail(dir+"/redis.log"))
	}
	return p, nil
}

// kill kills the server at once and waits for it to exit.
func (p *proc) kill() {
	_ = p.cmd.Process.Kill()
	<-p.exited
	p.out.Close()
}

// Restartable is a redis-server that a test can stop and start again on the same
// port, as an outage does; its data survives a Stop (saved to its directory).
type Restartable struct {
	// Addr is the server's address, the same after every Start.
	Addr string

	t    testing.TB
	bin  string
	port int
	dir  string
	mu   sync.Mutex
	p    *proc // nil while stopped
}

// NewRestartable starts a redis-server that Stop and Start can take down and bring
// back; it is killed when t ends.
func NewRestartable(t testing.TB) *Restartable {
	t.Helper()
	r := &Restartable{t: t, bin: Binary(t), dir: t.TempDir()}
	for attempt := 0; ; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatalf("redistest: find a free port: %v", err)
		}
		p, err := launch(r.bin, port, r.dir, nil)
		if err == nil {
			r.Addr, r.port, r.p = p.addr, port, p
			break
		}
		if attempt == 2 {
			t.Fatalf("redistest: %v", err)
		}
	}
	t.Cleanup(func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.p != nil {
			r.p.kill()
			r.p = nil
		}
	})
	return r
}

// Stop saves the data and stops the server; clients get connection refused until
// Start.
func (r *Restartable) Stop() {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.p == nil {
		return
	}
	c := redis.NewClient(&redis.Options{Addr: r.Addr, DisableIdentity: true, MaxRetries: -1})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	_ = c.Do(ctx, "SHUTDOWN", "SAVE").Err() // the connection closes as the server exits
	select {
	case <-r.p.exited:
	case <-ctx.Done():
		r.p.kill()
	}
	r.p.out.Close()
	r.p = nil
}

// Start starts the server again on the same port with the data saved by Stop, and
// waits until it answers.
func (r *Restartable) Start() {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.p != nil {
		return
	}
	p, err := launch(r.bin, r.port, r.dir, nil)
	if err != nil {
		r.t.Fatalf("redistest: restart: %v", err)
	}
	r.p = p
}

// waitReady waits until the server at addr answers PING, or exited closes.
func waitReady(addr string, exited <-chan struct{}) error {
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1, DialTimeout: time.Second})
	defer c.Close()
	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("exited before answering")
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer after %s: %w", startTimeout, err)
		}
	}
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last lines of a log file, for error messages.
func tail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var lines []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		lines = append(lines, s.Text())
		if len(lines) > 20 {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}
