package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// TestE2EWrongSlackToken: a token Slack refuses is named once in the log (never
// shown), tried again with backoff, shown by /readyz, and once Slack takes it again
// goalbot is ready without a restart.
func TestE2EWrongSlackToken(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		variable, code, method string
	}{
		{"SLACK_BOT_TOKEN", "invalid_auth", "auth.test"},
		{"SLACK_APP_TOKEN", "token_revoked", "apps.connections.open"},
	} {
		t.Run(c.variable, func(t *testing.T) {
			t.Parallel()
			e := newE2E(t, e2eStore(t))
			token := validTokens[c.variable]
			e.fake.RefuseToken(token, c.code)
			in := e.launch(nil, func(m *Main) { m.slackRetry = 100 * time.Millisecond })
			in.waitSlackCheck(c.variable + " was refused by Slack (" + c.code + "): ")
			// It keeps trying, backing off (0.1 s, 0.2 s, 0.4 s…), and says so once.
			deadline := time.Now().Add(10 * time.Second)
			for len(e.fake.Calls(c.method)) < 4 {
				if time.Now().After(deadline) {
					t.Fatalf("%s was tried %d times in 10 s, want it tried again and again", c.method, len(e.fake.Calls(c.method)))
				}
				time.Sleep(20 * time.Millisecond)
			}
			if n := strings.Count(in.log.String(), `"token":"`+c.variable+`"`); n != 1 {
				t.Errorf("the log names %s %d times, want once:\n%s", c.variable, n, in.log)
			}
			if strings.Contains(in.log.String(), "slack socket mode stopped") {
				t.Errorf("the log repeats the refusal as a socket failure:\n%s", in.log)
			}
			e.fake.AcceptToken(token)
			in.waitReady(true)
			assertLog(t, in.log.String(), "slack refused a token", "slack accepts the token now")
		})
	}
}

// TestE2EBotTokenRevokedWhileRunning: an alert that Slack refuses for the bot token
// makes goalbot say so (/readyz, one log line) and check the token again until
// Slack takes it; the alert stays queued, not lost.
func TestE2EBotTokenRevokedWhileRunning(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.launch(nil, func(m *Main) { m.slackRetry = 100 * time.Millisecond })
	in.waitReady(true)
	token := validTokens["SLACK_BOT_TOKEN"]
	e.fake.RefuseToken(token, "token_revoked")
	in.ingest("2026-03-01", 3)
	in.createGoal("Spring conversions") // its started alert is due at once
	in.evaluate(e2eNow)
	if _, err := e.fake.WaitCall(ctxFor(t, 10*time.Second), "conversations.open", func(c slacktest.Call) bool { return c.Error == "token_revoked" }); err != nil {
		t.Fatalf("the alert was not tried with the revoked token: %v", err)
	}
	in.waitSlackCheck("SLACK_BOT_TOKEN was refused by Slack (token_revoked): ")
	e.fake.AcceptToken(token)
	in.waitReady(true)
	if n := strings.Count(in.log.String(), `"msg":"slack refused a token"`); n != 1 {
		t.Errorf("the refusal was logged %d times, want once:\n%s", n, in.log)
	}
}

// waitSlackCheck waits until GET /readyz answers 503 with a slack check that starts
// with want (before it, the socket may be merely connecting).
func (in *instance) waitSlackCheck(want string) {
	in.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, raw := in.do("GET", "/readyz", "", "")
		var body struct{ Checks map[string]string }
		_ = json.Unmarshal(raw, &body)
		if status == http.StatusServiceUnavailable && strings.HasPrefix(body.Checks["slack"], want) {
			return
		}
		if time.Now().After(deadline) {
			in.t.Fatalf("GET /readyz = %d %s, want 503 with a slack check starting %q", status, raw, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
