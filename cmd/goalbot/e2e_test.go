package main

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/goalbot/goalbot/messages"
)

// maxAck is Slack's deadline for an ack.
const maxAck = 3 * time.Second

func TestE2ESocket(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	ctx := ctxFor(t, 60*time.Second)
	if got := in.waitReady(true)["checks"]; compactJSON(mustJSON(got)) != `{"slack":"ok","store":"ok"}` {
		t.Errorf("readyz checks = %v", got)
	}

	// Every kind of envelope is acked within 3 s.
	in.createGoalWithCatalog()
	ids := map[string]string{
		"slash_commands":   e.fake.SlashCommand(slacktest.SlashCommandArgs{Text: "help", UserID: "U1", ChannelID: "C1"}),
		"block_actions":    e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U2", ChannelID: "C1", ActionID: bot.ActionShowGoal, Value: "G1"}),
		"view_submission":  e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "goal_create"}),
		"block_suggestion": e.fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ActionID: "ad_campaigns", Value: "spr"}),
		"events_api":       e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"}),
	}
	for kind, id := range ids {
		ack, err := e.fake.WaitAck(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if ack.At > maxAck {
			t.Errorf("%s acked after %v", kind, ack.At)
		}
	}
	if r := waitResponse(t, e.fake, ids["slash_commands"]); !strings.Contains(string(r.Blocks), "/goal create") {
		t.Errorf("/goal help answered %s", r.Body)
	}
	if r := waitResponse(t, e.fake, ids["block_actions"]); !strings.Contains(string(r.Body), "G1 · Spring") {
		t.Errorf("View goal answered %s", r.Body)
	}
	if _, err := e.fake.WaitCall(ctx, "views.publish", func(c slacktest.Call) bool {
		return c.OK() && strings.Contains(string(c.Body), "G1 · Spring")
	}); err != nil {
		t.Errorf("the Home tab was not published with the user's goal: %v", err)
	}

	// A redelivered envelope is acked again and acted on once.
	if err := e.fake.Redeliver(ids["slash_commands"], "timeout"); err != nil {
		t.Fatal(err)
	}
	waitAcks(t, e.fake, ids["slash_commands"], 2)
	time.Sleep(300 * time.Millisecond)
	if n := len(responseTexts(e.fake, ids["slash_commands"])); n != 1 {
		t.Errorf("the redelivered command was answered %d times, want once", n)
	}

	// Slack refreshes the connection, then the network drops it: goalbot reconnects
	// each time and acks on the new connection.
	for i, recycle := range []func() int{func() int { return e.fake.Disconnect("refresh_requested") }, e.fake.DropConnection} {
		if n := recycle(); n != 1 {
			t.Fatalf("recycled %d connections, want 1", n)
		}
		if _, err := e.fake.WaitStats(ctx, func(st slacktest.SocketStats) bool { return st.Accepted == i+2 && st.Live == 1 }); err != nil {
			t.Fatal(err)
		}
		id := e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
		ack, err := e.fake.WaitAck(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ack.Conn != i+2 || ack.At > maxAck {
			t.Errorf("ack after reconnect %d: %+v", i+1, ack)
		}
		in.waitReady(true)
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// waitAcks waits until envelope id has been acked n times.
func waitAcks(t *testing.T, fake *slacktest.Server, id string, n int) {
	t.Helper()
	_, err := fake.WaitStats(ctxFor(t, 10*time.Second), func(slacktest.SocketStats) bool {
		got := 0
		for _, a := range fake.Acks() {
			if a.EnvelopeID == id {
				got++
			}
		}
		return got >= n
	})
	if err != nil {
		t.Fatalf("envelope %s not acked %d times: %v", id, n, err)
	}
}

// createGoalWithCatalog pushes a day of metrics for cmp-1 (which adds it to the
// catalog) and creates G1 "Spring <!channel> leads" on it.
func (in *instance) createGoalWithCatalog() string {
	in.t.Helper()
	in.ingest("2026-03-10", 30)
	return in.createGoal("Spring <!channel> leads")
}

// subscribe creates a subscription directly in the store (the /goal subscribe
// command comes later).
func (in *instance) subscribe(channel, creator string, events ...goalbot.Event) string {
	in.t.Helper()
	s := &goalbot.Subscription{Channel: channel, Creator: creator, Events: events, CreatedAt: time.Now()}
	if err := in.m.Store.CreateSubscription(context.Background(), s); err != nil {
		in.t.Fatal(err)
	}
	return s.ID
}

func TestE2EAlertsExactlyOnce(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	in.subscribe("C1", "U2", goalbot.EventStarted, goalbot.EventThreshold) // the bot is not in C1 yet
	g := in.createGoalWithCatalog()                                        // measured at once: started
	dm := e.fake.DMChannel("U1")

	in.evaluate(e2eNow)
	waitEvents(t, e.fake, dm, "started")
	waitEvents(t, e.fake, "C1", "started")
	if joins := e.fake.Calls("conversations.join"); len(joins) != 1 || joins[0].Param("channel") != "C1" {
		t.Errorf("conversations.join calls = %d, want one for C1", len(joins))
	}
	m := e.fake.Messages("C1")[0]
	if !strings.Contains(m.Text, g) || !strings.Contains(m.Text, "started") || strings.Contains(m.Text, "<!channel>") {
		t.Errorf("fallback text = %q, want the goal id, the event and the name escaped", m.Text)
	}
	if want := `{"event":"started","goal_id":"G1","period_end":"2026-03-31","period_start":"2026-03-01","progress":30.0}`; string(m.Metadata.EventPayload) != want {
		t.Errorf("event_payload = %s, want %s", m.Metadata.EventPayload, want)
	}
	if !strings.Contains(string(m.Blocks), "▰▰▰▱▱▱▱▱▱▱ 30%") || !strings.Contains(string(m.Blocks), `"action_id":"goal_show","value":"G1"`) {
		t.Errorf("blocks = %s", m.Blocks)
	}

	// 80 conversions cross 50 % and 75 %; the first post is rate limited and retried
	// after its Retry-After.
	e.fake.FailNext("chat.postMessage", 1, slacktest.RateLimited{RetryAfter: 1})
	in.ingest("2026-03-10", 80)
	in.evaluate("2026-03-10T13:00:00Z")
	for range 3 {
		in.evaluate("2026-03-10T13:00:00Z")
	}
	waitEvents(t, e.fake, dm, "started", "threshold:50", "threshold:75")
	waitEvents(t, e.fake, "C1", "started", "threshold:50", "threshold:75")
	if limited := rateLimitedPosts(e.fake); limited != 1 {
		t.Errorf("%d rate-limited posts, want 1", limited)
	}
	assertPaced(t, e.fake, "C1")

	// A restart on the same Redis posts nothing again.
	in.stop()
	in = e.start()
	in.evaluate("2026-03-10T14:00:00Z")
	in.evaluate("2026-03-10T14:00:00Z")
	waitEvents(t, e.fake, dm, "started", "threshold:50", "threshold:75")
	waitEvents(t, e.fake, "C1", "started", "threshold:50", "threshold:75")
}

// assertPaced checks that posts to channel are at least a second apart (a little less
// on the fake's clock, which receives them over the network).
func assertPaced(t *testing.T, fake *slacktest.Server, channel string) {
	t.Helper()
	ms := fake.Messages(channel)
	for i := 1; i < len(ms); i++ {
		if gap := ms[i].At.Sub(ms[i-1].At); gap < 950*time.Millisecond {
			t.Errorf("posts %d and %d to %s are %v apart, want about a second at least", i, i+1, channel, gap)
		}
	}
}

func TestE2ETwoReplicas(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eRedis(t))
	a, b := e.startTwo()
	a.subscribe("C2", "U2", goalbot.EventStarted, goalbot.EventThreshold)
	a.createGoalWithCatalog()

	// Envelopes spread over both replicas; each is acked and answered once.
	var ids []string
	for range 6 {
		ids = append(ids, e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C2"}))
	}
	conns := map[int]bool{}
	for _, id := range ids {
		ack, err := e.fake.WaitAck(ctxFor(t, 10*time.Second), id)
		if err != nil {
			t.Fatal(err)
		}
		conns[ack.Conn] = true
		waitResponse(t, e.fake, id)
	}
	if len(conns) != 2 {
		t.Errorf("envelopes were acked on connections %v, want both replicas'", conns)
	}

	// Both replicas evaluate, at once and again: every alert is posted once.
	var wg sync.WaitGroup
	for _, in := range []*instance{a, b, a, b} {
		wg.Go(func() { in.evaluate(e2eNow) })
	}
	wg.Wait()
	a.ingest("2026-03-10", 60)
	for _, in := range []*instance{b, a, b} {
		wg.Go(func() { in.evaluate("2026-03-10T13:00:00Z") })
	}
	wg.Wait()
	waitEvents(t, e.fake, e.fake.DMChannel("U1"), "started", "threshold:50")
	waitEvents(t, e.fake, "C2", "started", "threshold:50")
	for _, id := range ids {
		if n := len(responseTexts(e.fake, id)); n != 1 {
			t.Errorf("envelope %s answered %d times", id, n)
		}
	}
}

func TestE2EUndeliverableChannels(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	archived := in.subscribe("C4", "U2", goalbot.EventAtRisk, goalbot.EventThreshold)
	private := in.subscribe("G3", "U2", goalbot.EventAtRisk, goalbot.EventThreshold)
	in.createGoalWithCatalog() // 30 of 100 on March 10

	// On March 20 the goal is at risk: the alerts to both channels fail.
	ev := in.evaluate("2026-03-20T12:00:00Z")
	status := map[string]string{}
	for _, a := range ev.Alerts {
		status[a.Recipient] = a.Status
	}
	if status["C4"] != "failed" || status["G3"] != "failed" || len(status) != 2 {
		t.Errorf("alert statuses = %v, want C4 and G3 failed", status)
	}
	for id, want := range map[string]string{archived: "is_archived", private: "not_in_channel"} {
		s, err := in.m.Store.Subscription(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Failure != want {
			t.Errorf("subscription %s failure = %q, want %q", id, s.Failure, want)
		}
	}
	told := e.fake.Messages(e.fake.DMChannel("U2"))
	var texts []string
	for _, m := range told {
		texts = append(texts, m.Text)
	}
	all := strings.Join(texts, "\n")
	if len(told) != 2 || !strings.Contains(all, "<#C4> is archived") || !strings.Contains(all, "`/invite @goalbot` in <#G3>") {
		t.Errorf("the subscriber was told %q, want the archived channel and an /invite for the private one", texts)
	}
	if n := len(e.fake.Messages("C4")) + len(e.fake.Messages("G3")); n != 0 {
		t.Errorf("%d posts in the failed channels", n)
	}
	// Later events do not go to the failed subscriptions, nor tell the subscriber again.
	in.ingest("2026-03-10", 60)
	in.evaluate("2026-03-21T13:00:00Z")
	time.Sleep(1500 * time.Millisecond)
	if n := len(e.fake.Messages(e.fake.DMChannel("U2"))); n != 2 {
		t.Errorf("the subscriber got %d DMs, want 2", n)
	}
}

func TestE2ERedisOutage(t *testing.T) {
	t.Parallel()
	addr, r := e2eOutage(t)
	e := newE2E(t, addr)
	in := e.start()
	ctx := ctxFor(t, 60*time.Second)
	in.createGoalWithCatalog()

	r.Stop()
	// /readyz names the store in plain words, without its address; the log has it.
	if checks := in.waitReady(false)["checks"].(map[string]any); checks["slack"] != "ok" || checks["store"] != "the store does not answer; the log says why" {
		t.Errorf("readyz checks during the outage = %v", checks)
	}
	if _, body := in.do("GET", "/readyz", "", ""); strings.Contains(string(body), addr) || strings.Contains(string(body), "dial") {
		t.Errorf("GET /readyz shows an internal address: %s", body)
	}
	if log := in.log.String(); !strings.Contains(log, "not ready") || !strings.Contains(log, addr) {
		t.Errorf("the log does not say why the store is not ready:\n%s", log)
	}
	cmd := e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
	click := e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: bot.ActionShowGoal, Value: "G1"})
	home := e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	for _, id := range []string{cmd, click, home} {
		ack, err := e.fake.WaitAck(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ack.At > maxAck {
			t.Errorf("ack during the outage took %v", ack.At)
		}
	}
	for _, id := range []string{cmd, click} {
		if r := waitResponse(t, e.fake, id); r.Text != bot.UnavailableText(messages.English()) {
			t.Errorf("answer during the outage = %q, want %q", r.Text, bot.UnavailableText(messages.English()))
		}
	}
	if _, err := e.fake.WaitCall(ctx, "views.publish", func(c slacktest.Call) bool {
		return strings.Contains(string(c.Body), bot.UnavailableText(messages.English()))
	}); err != nil {
		t.Errorf("the Home tab does not say the store is unavailable: %v", err)
	}

	// Redis comes back: everything recovers by itself.
	r.Start()
	in.waitReady(true)
	cmd = e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "list"})
	if r := waitResponse(t, e.fake, cmd); strings.Contains(string(r.Body), bot.UnavailableText(messages.English())) ||
		!(strings.Contains(string(r.Blocks), "*G1* ·") || strings.Contains(string(r.Blocks), "No goals yet")) {
		t.Errorf("answer after the outage = %s", r.Body)
	}
	in.evaluate(e2eNow)
	waitEvents(t, e.fake, e.fake.DMChannel("U1"), "started")
}

func TestE2EIngestAlertsWithinSeconds(t *testing.T) {
	t.Parallel()
	// The goals an ingest touches are measured within seconds, without an evaluation.
	e := newE2E(t, e2eStore(t))
	in := e.start()
	in.createGoalWithCatalog()
	in.evaluate(e2eNow)
	in.ingest("2026-03-10", 100)
	waitEvents(t, e.fake, e.fake.DMChannel("U1"), "started", "threshold:50", "threshold:75", "threshold:100")
}
