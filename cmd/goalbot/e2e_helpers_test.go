package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/goalbot/goalbot/bot"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// The end-to-end tests start the real program (Main) against the fake Slack of
// internal/slacktest and a real redis-server from internal/redistest (or, where there
// is none, the embedded store: see e2e_store_test.go), with a frozen clock that POST
// /v1/evaluate moves.

const (
	e2eNow         = "2026-03-10T12:00:00Z"
	e2eIngestToken = "ingest-SECRET-0123456789"
	e2eAPIToken    = "api-SECRET-0123456789"
)

// e2e is one test's world: a fake Slack with users and channels, and a Redis.
type e2e struct {
	t     testing.TB
	fake  *slacktest.Server
	redis string // address; "" for the embedded store in dir
	dir   string // the embedded store's data directory
}

// newE2E sets up the fake Slack: the creator U1, the subscriber U2, the public channel
// C1 (the bot is not in it yet), C2 (the bot is in it), the archived C4 and the private
// G3. The test fails at its end if the fake refused any payload for breaking a limit
// of Slack's (slacktest.Rejections).
func newE2E(t testing.TB, redisAddr string) *e2e {
	t.Helper()
	fake := slacktest.NewT(t, slacktest.WithTokens(validTokens["SLACK_BOT_TOKEN"], validTokens["SLACK_APP_TOKEN"]))
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	fake.SetUser(slacktest.User{ID: "U2", Name: "bo", IsAdmin: true})
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "marketing", Members: []string{"U1", "U2"}})
	fake.SetChannel(slacktest.Channel{ID: "C2", Name: "growth", Members: []string{"U1"}, BotMember: true})
	fake.SetChannel(slacktest.Channel{ID: "C4", Name: "old", Archived: true, BotMember: true})
	fake.SetChannel(slacktest.Channel{ID: "G3", Name: "secret", Private: true, Members: []string{"U2"}})
	t.Cleanup(func() { // every payload the bot sent must be one Slack takes
		for _, r := range fake.Rejections() {
			t.Errorf("Slack would refuse this %s: %s %q", r.Where, r.Error, r.Problems)
		}
	})
	return &e2e{t: t, fake: fake, redis: redisAddr, dir: t.TempDir()}
}

// instance is one running goalbot.
type instance struct {
	t      testing.TB
	m      *Main
	url    string
	log    *syncBuffer
	cancel context.CancelFunc
	done   <-chan error
}

// startTwo starts two goalbots on the world's Redis and Slack and waits until both
// sockets are connected.
func (e *e2e) startTwo() (*instance, *instance) {
	e.t.Helper()
	if e.redis == "" {
		e.t.Fatal("two goalbots cannot share the embedded store: give the world e2eRedis")
	}
	a, b := e.start(), e.start()
	if _, err := e.fake.WaitStats(ctxFor(e.t, 10*time.Second), func(st slacktest.SocketStats) bool { return st.Live == 2 }); err != nil {
		e.t.Fatal(err)
	}
	return a, b
}

// wizard opens the create wizard as U1 in C1 and returns its view and a function
// that submits its current step with values, returning the ack.
func (e *e2e) wizard() (slacktest.View, func(values map[string]map[string]slacktest.StateValue) string) {
	e.t.Helper()
	e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "create"})
	v := e.waitView(bot.CallbackCreate, "Step 1 of 4")
	return v, func(values map[string]map[string]slacktest.StateValue) string {
		return e.ack(e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: v.ID, Values: values}))
	}
}

// start runs a goalbot on the world's Redis and Slack, and waits until it serves HTTP
// and its socket is connected.
func (e *e2e) start() *instance {
	e.t.Helper()
	return e.startWith(nil)
}

// startWith is start with extra variables.
func (e *e2e) startWith(extra map[string]string) *instance {
	e.t.Helper()
	in := e.launch(extra, nil)
	in.waitReady(true)
	return in
}

// launch runs a goalbot on the world's Redis and Slack, with extra variables and
// setup (when not nil) applied to its Main first, and returns once it serves HTTP.
func (e *e2e) launch(extra map[string]string, setup func(m *Main)) *instance {
	e.t.Helper()
	vars := map[string]string{
		"SLACK_BOT_TOKEN":      validTokens["SLACK_BOT_TOKEN"],
		"SLACK_APP_TOKEN":      validTokens["SLACK_APP_TOKEN"],
		"SLACK_API_URL":        e.fake.APIURL(),
		"GOALBOT_DATA_DIR":     e.dir,
		"GOALBOT_HTTP_ADDR":    "127.0.0.1:0",
		"GOALBOT_NOW":          e2eNow,
		"GOALBOT_INGEST_TOKEN": e2eIngestToken,
		"GOALBOT_API_TOKEN":    e2eAPIToken,
	}
	if e.redis != "" {
		vars["REDIS_URL"] = "redis://" + e.redis + "/0"
	}
	maps.Copy(vars, extra)
	m, _, stderr := newTestMain(vars)
	if setup != nil {
		setup(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{t: e.t, m: m, log: stderr, cancel: cancel}
	in.done = startMain(e.t, ctx, m)
	in.url = m.HTTPServer.URL()
	e.t.Cleanup(in.stop)
	return in
}

// stop stops the instance as SIGTERM does and checks that it exits in time, cleanly,
// without a secret in its log.
func (in *instance) stop() {
	in.t.Helper()
	if in.cancel == nil {
		return
	}
	in.cancel()
	in.cancel = nil
	select {
	case err := <-in.done:
		if err != nil {
			in.t.Errorf("Run: %v", err)
		}
	case <-time.After(ShutdownTimeout + 2*time.Second):
		in.t.Errorf("Run did not return within %v of the stop", ShutdownTimeout+2*time.Second)
	}
	assertNoSecrets(in.t, in.log.String())
}

// waitReady waits until GET /readyz answers 200 (ready) or 503 (not ready).
func (in *instance) waitReady(ready bool) map[string]any {
	in.t.Helper()
	want := http.StatusServiceUnavailable
	if ready {
		want = http.StatusOK
	}
	var body map[string]any
	deadline := time.Now().Add(15 * time.Second)
	for {
		status, raw := in.do("GET", "/readyz", "", "")
		body = nil
		_ = json.Unmarshal(raw, &body)
		if status == want {
			return body
		}
		if time.Now().After(deadline) {
			in.t.Fatalf("GET /readyz = %d %s, want %d", status, raw, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// do sends a request with a bearer token and returns the status and body.
func (in *instance) do(method, path, token, body string) (int, []byte) {
	in.t.Helper()
	req, err := http.NewRequest(method, in.url+path, strings.NewReader(body))
	if err != nil {
		in.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		in.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		in.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// mustDo is do that fails the test unless the status is want.
func (in *instance) mustDo(method, path, token, body string, want int) []byte {
	in.t.Helper()
	status, b := in.do(method, path, token, body)
	if status != want {
		in.t.Fatalf("%s %s = %d %s, want %d", method, path, status, b, want)
	}
	return b
}

// ingest pushes conversions for campaign cmp-1 on date.
func (in *instance) ingest(date string, conversions int) {
	in.t.Helper()
	row := fmt.Sprintf(`[{"date":%q,"network":"google","account_id":"act-1","account_name":"Acme","campaign_id":"cmp-1",`+
		`"campaign_name":"Spring sale","currency":"USD","spend":10,"conversions":%d}]`, date, conversions)
	in.mustDo("POST", "/v1/metrics", e2eIngestToken, row, http.StatusOK)
}

// createGoal creates a March conversions goal on cmp-1 with target 100 for U1, who
// gets started, threshold and milestone alerts; it returns the goal's id.
func (in *instance) createGoal(name string) string {
	in.t.Helper()
	body, _ := json.Marshal(map[string]any{
		"name": name, "goal_type": "network_conversions", "ad_campaigns": []string{"cmp-1"}, "duration": "monthly",
		"start_date": "2026-03-01", "end_date": "2026-03-31", "target": 100, "creator": "U1",
		"notifications": []string{"started", "threshold", "milestone"},
	})
	var g struct{ ID string }
	if err := json.Unmarshal(in.mustDo("POST", "/v1/goals", e2eAPIToken, string(body), http.StatusCreated), &g); err != nil {
		in.t.Fatal(err)
	}
	return g.ID
}

// evaluation is the answer of POST /v1/evaluate.
type evaluation struct {
	Alerts []struct {
		GoalID    string `json:"goal_id"`
		Event     string `json:"event"`
		Recipient string `json:"recipient"`
		Status    string `json:"status"`
	} `json:"alerts"`
}

// evaluate runs a pass at the frozen instant at.
func (in *instance) evaluate(at string) evaluation {
	in.t.Helper()
	var ev evaluation
	b := in.mustDo("POST", "/v1/evaluate", e2eAPIToken, fmt.Sprintf(`{"at":%q}`, at), http.StatusOK)
	if err := json.Unmarshal(b, &ev); err != nil {
		in.t.Fatal(err)
	}
	return ev
}

// alertEvents are the goal_alert events posted to channel, in order, as
// "event[:threshold]" (for example "started", "threshold:50").
func alertEvents(fake *slacktest.Server, channel string) []string {
	var out []string
	for _, m := range fake.Messages(channel) {
		if m.Metadata == nil || m.Metadata.EventType != "goal_alert" {
			continue
		}
		var p struct {
			Event     string `json:"event"`
			Threshold int    `json:"threshold"`
		}
		_ = json.Unmarshal(m.Metadata.EventPayload, &p)
		if p.Threshold > 0 {
			p.Event += fmt.Sprintf(":%d", p.Threshold)
		}
		out = append(out, p.Event)
	}
	return out
}

// waitEvents waits until channel holds exactly the alerts want, in any order (the
// alerts of one pass to one channel wait for its pacing and may come out of order),
// then checks that no other alert arrives for a while (a repeat would come within it).
func waitEvents(t testing.TB, fake *slacktest.Server, channel string, want ...string) {
	t.Helper()
	got := waitAlerts(fake, channel, len(want))
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Fatalf("alerts in %s = %q, want %q", channel, got, want)
	}
}

// waitAlerts waits until channel holds n alerts (20 s at most) and a while longer
// (an alert too many would come within it), and returns channel's alert events.
func waitAlerts(fake *slacktest.Server, channel string, n int) []string {
	deadline := time.Now().Add(20 * time.Second)
	for len(alertEvents(fake, channel)) < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // longer than the channel pacing and a tick
	return alertEvents(fake, channel)
}

// rateLimitedPosts counts the chat.postMessage calls the fake refused with ratelimited.
func rateLimitedPosts(fake *slacktest.Server) int {
	n := 0
	for _, c := range fake.Calls("chat.postMessage") {
		if c.Error == "ratelimited" {
			n++
		}
	}
	return n
}

// ctxFor is a context for waiting on the fake, ending with the test or after d.
func ctxFor(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// responseTexts are the texts posted to an envelope's response_url.
func responseTexts(fake *slacktest.Server, envelopeID string) []string {
	env, _ := fake.Envelope(envelopeID)
	var out []string
	for _, r := range fake.Responses(env.ResponseURL) {
		out = append(out, r.Text)
	}
	return out
}

// waitResponse waits for the first post to an envelope's response_url.
func waitResponse(t testing.TB, fake *slacktest.Server, envelopeID string) slacktest.Response {
	t.Helper()
	env, _ := fake.Envelope(envelopeID)
	r, err := fake.WaitResponse(ctxFor(t, 10*time.Second), env.ResponseURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// compactJSON re-encodes raw without spaces, for comparisons.
func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	// Show the characters Go's JSON writes as \u escapes as themselves, so that tests
	// see what Slack shows.
	return strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(b.String())
}
