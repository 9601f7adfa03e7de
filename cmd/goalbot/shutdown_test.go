package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/goalbot/goalbot/messages"
	"github.com/redis/go-redis/v9"
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

// TestE2ESigtermDuringALongHandler stops goalbot (as SIGTERM does) while a handler
// waits on a Slack that does not answer (views.open held for 30 s): Run returns nil
// within the shutdown budget, the user is told that goalbot is restarting, and the
// engine's leader lease is given up. Before, the bot used the whole budget waiting
// for the handler, and the lease's release failed on the spent context: exit 1.
func TestE2ESigtermDuringALongHandler(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eRedis(t))
	in := e.start()
	in.m.shutdownTimeout = 3 * time.Second
	client := redis.NewClient(&redis.Options{Addr: e.redis, DisableIdentity: true})
	t.Cleanup(func() { client.Close() })
	lease := in.m.Store.Key("lease:leader")
	deadline := time.Now().Add(10 * time.Second)
	for client.Exists(context.Background(), lease).Val() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if client.Exists(context.Background(), lease).Val() == 0 {
		t.Fatal("the engine never took the leader lease")
	}

	e.fake.SetLatency("views.open", 30*time.Second)
	id := e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "create"})
	if _, err := e.fake.WaitAck(ctxFor(t, 5*time.Second), id); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the handler waits in views.open

	start := time.Now()
	in.cancel() // SIGTERM
	in.cancel = nil
	select {
	case err := <-in.done:
		if err != nil {
			t.Errorf("Run = %v, want nil (exit 0)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10s of the stop, with a shutdown budget of 3s")
	}
	if took := time.Since(start); took > 3*time.Second+500*time.Millisecond {
		t.Errorf("Run took %v to return, with a shutdown budget of 3s", took)
	}
	if n := client.Exists(context.Background(), lease).Val(); n != 0 {
		t.Error("the leader lease is still held after the stop")
	}
	if texts := responseTexts(e.fake, id); !slices.Contains(texts, bot.RestartingText(messages.English())) {
		t.Errorf("the user was told %q, want that goalbot is restarting", texts)
	}
	if log := in.log.String(); strings.Contains(log, "release") && strings.Contains(log, "deadline exceeded") {
		t.Errorf("the log says the lease's release failed:\n%s", log)
	}
	assertNoSecrets(t, in.log.String())
}
