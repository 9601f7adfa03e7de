package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// runEmbedded starts goalbot run on the embedded store and the fake Slack.
func runEmbedded(t *testing.T) (*Main, context.CancelFunc, <-chan error) {
	t.Helper()
	fake := slacktest.NewT(t, slacktest.WithTokens(validTokens["SLACK_BOT_TOKEN"], validTokens["SLACK_APP_TOKEN"]))
	m, _, _ := newTestMain(with(map[string]string{
		"GOALBOT_HTTP_ADDR": "127.0.0.1:0",
		"GOALBOT_DATA_DIR":  t.TempDir(),
		"SLACK_API_URL":     fake.APIURL(),
	}))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return m, cancel, startMain(t, ctx, m)
}

// getHealthz returns GET /healthz's status and body.
func getHealthz(t *testing.T, base string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestHealthzFailsWhileTheStoreCannotServe(t *testing.T) {
	m, cancel, done := runEmbedded(t)
	base := m.HTTPServer.URL()
	if code, body := getHealthz(t, base); code != http.StatusOK {
		t.Fatalf("GET /healthz = %d %s at start", code, body)
	}
	if err := m.Store.Close(); err != nil { // the store stops under the running process
		t.Fatal(err)
	}
	code, body := getHealthz(t, base)
	var got struct {
		Status string
		Checks map[string]string
	}
	_ = json.Unmarshal([]byte(body), &got)
	if code != http.StatusServiceUnavailable || got.Status != "stuck" || !strings.Contains(got.Checks["store"], "closed") {
		t.Errorf("GET /healthz with the store closed = %d %s, want 503 naming the store", code, body)
	}
	cancel()
	<-done
}

func TestShutdownEndsInItsBudgetWithAWedgedPart(t *testing.T) {
	m, cancel, done := runEmbedded(t)
	m.shutdownTimeout = 500 * time.Millisecond
	wedged := make(chan struct{})
	defer close(wedged)
	stop := m.stopHomes
	m.stopHomes = func() { <-wedged; stop() } // as a loop stuck in a store call that never returns

	start := time.Now()
	cancel() // SIGTERM
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "Home tab loop") {
			t.Errorf("Run: %v, want an error naming the wedged part", err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("Run took %s to return with a budget of %s", took, m.shutdownTimeout)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10s of the stop, with a shutdown budget of 500ms")
	}
}
