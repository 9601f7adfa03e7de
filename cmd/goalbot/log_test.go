package main

import (
	"bufio"
	"context"
	"encoding/json"
	"log"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// logRecords parses a log that must be JSON lines only, failing t at any other line.
func logRecords(t *testing.T, log string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Errorf("log line %q is not JSON: %v", sc.Text(), err)
			continue
		}
		out = append(out, rec)
	}
	if len(out) == 0 {
		t.Errorf("no log lines")
	}
	return out
}

func TestRunLogsJSONAndStopsWithoutError(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.WithTokens(validTokens["SLACK_BOT_TOKEN"], validTokens["SLACK_APP_TOKEN"]))
	m, _, stderr := newTestMain(with(map[string]string{
		"GOALBOT_HTTP_ADDR": "127.0.0.1:0",
		"GOALBOT_DATA_DIR":  t.TempDir(),
		"GOALBOT_API_TOKEN": e2eAPIToken,
		"GOALBOT_NOW":       e2eNow,
		"SLACK_API_URL":     fake.APIURL(),
	}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := &instance{t: t, m: m, log: stderr, cancel: cancel}
	in.done = startMain(t, ctx, m)
	in.url = m.HTTPServer.URL()
	in.waitReady(true)
	in.mustDo("POST", "/v1/evaluate", e2eAPIToken, "", http.StatusOK)
	in.mustDo("GET", "/v1/goals/G9", e2eAPIToken, "", http.StatusNotFound)
	log.Print("a line of the standard log package") // as a library would write one
	in.stop()
	for _, rec := range logRecords(t, stderr.String()) {
		if rec["level"] == "ERROR" {
			t.Errorf("a clean start and stop logged an ERROR: %v", rec)
		}
	}
	assertLog(t, stderr.String(), "starting goalbot", "slack socket connected", "a line of the standard log package", "stopping", "stopped")
}

func TestRedisClientLogsAreJSON(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close() // nothing listens there now: every dial fails
	m, _, stderr := newTestMain(with(map[string]string{
		"GOALBOT_HTTP_ADDR": "127.0.0.1:0",
		"REDIS_URL":         "redis://" + closed + "/0?dial_timeout=200ms",
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.Run(ctx, nil); err == nil {
		t.Fatal("Run started on a Redis that is not there")
	}
	var fromRedis []map[string]any
	for _, rec := range logRecords(t, stderr.String()) {
		if rec["component"] == "go-redis" {
			fromRedis = append(fromRedis, rec)
		}
	}
	if len(fromRedis) == 0 || !strings.Contains(fromRedis[0]["msg"].(string), "failed to dial") {
		t.Errorf("go-redis's own lines = %v, want its dial failure as JSON with component go-redis:\n%s", fromRedis, stderr)
	}
}
