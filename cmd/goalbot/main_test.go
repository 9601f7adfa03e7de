package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// TestMain runs the test binary as goalbot itself when a test starts it as a child
// process with a command ("run" for the kill test; the store's compactions, which
// goalbot runs in a child process of itself).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && (os.Args[1] == "run" || os.Args[1] == compactCommand) {
		main()
	}
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer that the program and the test may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTestMain returns a Main on vars and buffers: no real environment, no .env file.
func newTestMain(vars map[string]string) (m *Main, stdout, stderr *syncBuffer) {
	m = NewMain()
	m.LookupEnv = lookup(vars)
	m.EnvFile = ""
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	m.Stdout, m.Stderr = stdout, stderr
	return m, stdout, stderr
}

// startMain runs m in the background until it has started, and returns the channel
// that receives Run's result.
func startMain(t testing.TB, ctx context.Context, m *Main, args ...string) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, args) }()
	select {
	case <-m.Started():
	case err := <-done:
		t.Fatalf("Run returned before starting: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not start within 10s")
	}
	return done
}

func TestMainRun(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.WithTokens(validTokens["SLACK_BOT_TOKEN"], validTokens["SLACK_APP_TOKEN"]))
	m, _, stderr := newTestMain(with(map[string]string{
		"GOALBOT_HTTP_ADDR": "127.0.0.1:0",
		"GOALBOT_DATA_DIR":  t.TempDir(),
		"GOALBOT_API_TOKEN": "SECRETAPI-0123456789",
		"SLACK_API_URL":     fake.APIURL(),
	}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startMain(t, ctx, m) // no arguments: run

	url := m.HTTPServer.URL() + "/healthz"
	if !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(m.HTTPServer.URL(), ":0") {
		t.Fatalf("URL = %q, want the bound port on 127.0.0.1", url)
	}
	assertHealthy(t, url)

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(ShutdownTimeout + 5*time.Second):
		t.Fatal("Run did not return after the context was cancelled")
	}
	if _, err := http.Get(url); err == nil {
		t.Error("the HTTP server still answers after Run returned")
	}
	if err := m.Close(); err != nil {
		t.Errorf("Close after Run: %v", err)
	}
	assertLog(t, stderr.String(), "starting goalbot", "using the embedded store: this mode is for trying goalbot on one machine; set REDIS_URL to run it for a team",
		"http server listening", "stopping", "stopped")
}

func assertHealthy(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != `{"status":"ok"}` {
		t.Fatalf("GET /healthz = %d %s, want 200 {\"status\":\"ok\"}", resp.StatusCode, body)
	}
}

// assertLog checks that the log is JSON lines with these messages, in order, and
// that it shows no secret.
func assertLog(t *testing.T, log string, msgs ...string) {
	t.Helper()
	assertNoSecrets(t, log)
	var got []string
	for _, rec := range logRecords(t, log) {
		msg, _ := rec["msg"].(string)
		got = append(got, msg)
	}
	// The wanted messages appear in this order (others, such as the engine's, may
	// come between them).
	i := 0
	for _, g := range got {
		if i < len(msgs) && g == msgs[i] {
			i++
		}
	}
	if i != len(msgs) {
		t.Errorf("log messages = %q, want %q in this order", got, msgs)
	}
	if !strings.Contains(log, `"SLACK_BOT_TOKEN":"[redacted]"`) {
		t.Errorf("the start line does not show the redacted config:\n%s", log)
	}
}

func TestMainRunInvalidConfig(t *testing.T) {
	m, _, stderr := newTestMain(map[string]string{"GOALBOT_TIMEZONE": "Nowhere/Land"})
	err := m.Run(context.Background(), []string{"run"})
	var cerr *ConfigError
	if !errors.As(err, &cerr) || len(cerr.Problems) != 3 {
		t.Fatalf("Run = %v, want a *ConfigError with 3 problems (two tokens, the zone)", err)
	}
	// The log is not a terminal: one JSON line a problem, nothing else.
	var vars []string
	for _, rec := range logRecords(t, stderr.String()) {
		vars = append(vars, fmt.Sprint(rec["variable"]))
	}
	if strings.Join(vars, " ") != "SLACK_BOT_TOKEN SLACK_APP_TOKEN GOALBOT_TIMEZONE" {
		t.Errorf("log lines name %q, want the three variables:\n%s", vars, stderr)
	}
	if code := exitCode(err, io.Discard); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	select {
	case <-m.Started():
		t.Error("Started is closed although nothing started")
	default:
	}
}

func TestMainRunAddrInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	m, _, _ := newTestMain(with(map[string]string{"GOALBOT_HTTP_ADDR": ln.Addr().String(), "GOALBOT_DATA_DIR": t.TempDir()}))
	err = m.Run(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "start http server") {
		t.Fatalf("Run = %v, want a start http server error", err)
	}
}

func TestMainUsage(t *testing.T) {
	tests := []struct {
		args       []string
		wantErr    error
		wantStdout string
		wantStderr string
	}{
		{[]string{"help"}, nil, "GOALBOT_INGEST_MAX_BYTES", ""},
		{[]string{"-h"}, nil, "Commands:", ""},
		{[]string{"--help"}, nil, "Commands:", ""},
		{[]string{"run", "-h"}, nil, "Commands:", ""},
		{[]string{"export"}, ErrUsage, "", `unknown command "export"`},
		{[]string{"import"}, ErrUsage, "", "import takes one argument, FILE.csv, or - for standard input; got 0"},
		{[]string{"demo", "now"}, ErrUsage, "", `demo takes no arguments, got "now"`},
		{[]string{"import", "-h"}, nil, "import FILE.csv", ""},
		{[]string{"-v"}, ErrUsage, "", `unknown flag "-v"`},
		{[]string{"run", "--demo"}, ErrUsage, "", "flag provided but not defined: -demo"},
		{[]string{"run", "now"}, ErrUsage, "", `run takes no arguments, got "now"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			m, stdout, stderr := newTestMain(nil)
			err := m.Run(context.Background(), tt.args)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Run = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) || (tt.wantStdout == "" && stdout.String() != "") {
				t.Errorf("stdout = %q, want it to contain %q", stdout, tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) || (tt.wantStderr == "" && stderr.String() != "") {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
			}
			if tt.wantErr != nil && !strings.Contains(stderr.String(), "goalbot [command]") {
				t.Errorf("stderr = %q, want the usage", stderr)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		err      error
		want     int
		wantText string
	}{
		{nil, 0, ""},
		{ErrUsage, 2, ""},
		{errors.New("load config: boom"), 1, "goalbot: load config: boom\n"},
		{&reportedError{errors.New("open store: boom")}, 1, ""}, // in the log already
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if got := exitCode(tt.err, &b); got != tt.want || b.String() != tt.wantText {
			t.Errorf("exitCode(%v) = %d, printed %q; want %d, %q", tt.err, got, b.String(), tt.want, tt.wantText)
		}
	}
}

func TestNewLogger(t *testing.T) {
	var b bytes.Buffer
	newLogger(&b).Info("hello", "n", 1)
	if !json.Valid(b.Bytes()) {
		t.Errorf("log to a buffer is %q, want JSON", b.String())
	}
	if isTerminal(&b) {
		t.Error("a buffer is a terminal")
	}
}
