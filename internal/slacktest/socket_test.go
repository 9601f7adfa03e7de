package slacktest_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestSlashCommandAck(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "general", Members: []string{"U1"}})
	b := runBot(t, fake, func(evt socketmode.Event) any {
		return map[string]any{"response_type": "ephemeral", "text": "got " + evt.Data.(slack.SlashCommand).Text}
	})
	ctx := ctxT(t, 10*time.Second)
	if err := fake.Connected(ctx); err != nil {
		t.Fatal(err)
	}

	id := fake.SlashCommand(slacktest.SlashCommandArgs{Text: "list team:web", UserID: "U1", ChannelID: "C1"})
	ack, err := fake.WaitAck(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(ack.Payload), `{"response_type":"ephemeral","text":"got list team:web"}`; got != want {
		t.Errorf("ack payload = %s, want %s", got, want)
	}
	if ack.At <= 0 || ack.At > 2*time.Second || ack.Conn != 1 {
		t.Errorf("ack At = %v, Conn = %d", ack.At, ack.Conn)
	}

	evt := b.next(t)
	cmd := evt.Data.(slack.SlashCommand)
	env, _ := fake.Envelope(id)
	if cmd.Command != "/goal" || cmd.UserID != "U1" || cmd.UserName != "ana" || cmd.ChannelID != "C1" ||
		cmd.ChannelName != "general" || cmd.TeamID != slacktest.TeamID || cmd.APIAppID != slacktest.AppID ||
		cmd.TriggerID != env.TriggerID || cmd.ResponseURL != env.ResponseURL || env.TriggerID == "" {
		t.Errorf("slash command = %+v, envelope = %+v", cmd, env)
	}
	if !evt.Request.AcceptsResponsePayload || evt.Request.Type != "slash_commands" {
		t.Errorf("request = %+v", evt.Request)
	}
}

func TestReconnectAfterRefreshRequested(t *testing.T) {
	fake := slacktest.NewT(t)
	runBot(t, fake, nil)
	ctx := ctxT(t, 10*time.Second)
	if err := fake.Connected(ctx); err != nil {
		t.Fatal(err)
	}
	if n := fake.Disconnect("refresh_requested"); n != 1 {
		t.Fatalf("Disconnect told %d connections, want 1", n)
	}
	st, err := fake.WaitStats(ctx, func(st slacktest.SocketStats) bool { return st.Accepted == 2 && st.Live == 1 })
	if err != nil {
		t.Fatal(err)
	}
	if st.Opens != 2 {
		t.Errorf("stats = %+v, want 2 apps.connections.open calls", st)
	}
	assertNewTickets(t, fake)

	// The new connection carries envelopes.
	id := fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	ack, err := fake.WaitAck(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Conn != 2 || ack.Payload != nil {
		t.Errorf("ack = %+v, want one on connection 2 without payload", ack)
	}
}

func TestReconnectAfterDroppedConnection(t *testing.T) {
	fake := slacktest.NewT(t)
	runBot(t, fake, nil)
	ctx := ctxT(t, 10*time.Second)
	if err := fake.Connected(ctx); err != nil {
		t.Fatal(err)
	}
	if n := fake.DropConnection(); n != 1 {
		t.Fatalf("DropConnection closed %d connections, want 1", n)
	}
	if _, err := fake.WaitStats(ctx, func(st slacktest.SocketStats) bool {
		return st.Opens == 2 && st.Accepted == 2 && st.Live == 1
	}); err != nil {
		t.Fatal(err)
	}
	assertNewTickets(t, fake)
}

// assertNewTickets checks that every apps.connections.open handed out its own ticket.
func assertNewTickets(t *testing.T, fake *slacktest.Server) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range fake.Calls("apps.connections.open") {
		var r struct{ URL string }
		if err := json.Unmarshal(c.Reply, &r); err != nil || !strings.HasPrefix(r.URL, "ws://") {
			t.Fatalf("apps.connections.open reply %s: %v", c.Reply, err)
		}
		if seen[r.URL] {
			t.Errorf("ticket URL %s handed out twice", r.URL)
		}
		seen[r.URL] = true
		if c.Token != fake.AppToken() {
			t.Errorf("apps.connections.open token = %q, want the app token", c.Token)
		}
	}
}

func TestPingsKeepConnection(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.WithPingInterval(200*time.Millisecond))
	runBot(t, fake, nil, socketmode.OptionPingInterval(time.Second))
	ctx := ctxT(t, 10*time.Second)
	if err := fake.Connected(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond) // two and a half client watchdog periods
	if st := fake.Stats(); st.Accepted != 1 || st.Live != 1 {
		t.Errorf("stats = %+v, want the first connection still alone", st)
	}
}

func TestEnvelopesRoundRobinOverReplicas(t *testing.T) {
	fake := slacktest.NewT(t)
	b1 := runBot(t, fake, nil)
	b2 := runBot(t, fake, nil)
	ctx := ctxT(t, 10*time.Second)
	if _, err := fake.WaitStats(ctx, func(st slacktest.SocketStats) bool { return st.Live == 2 }); err != nil {
		t.Fatal(err)
	}
	perConn := map[int]int{}
	for range 6 {
		id := fake.Event("app_home_opened", map[string]any{"user": "U1", "tab": "home"})
		ack, err := fake.WaitAck(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		perConn[ack.Conn]++
	}
	if perConn[1] != 3 || perConn[2] != 3 {
		t.Errorf("acks per connection = %v, want 3 and 3", perConn)
	}
	if n := len(b1.seen) + len(b2.seen); n != 6 {
		t.Errorf("bots received %d envelopes, want 6 (each once)", n)
	}
}

func TestRedeliverSameEnvelope(t *testing.T) {
	fake := slacktest.NewT(t)
	b := runBot(t, fake, nil)
	ctx := ctxT(t, 10*time.Second)
	id := fake.Event("app_home_opened", map[string]any{"user": "U1", "tab": "home"})
	first := b.next(t)
	if err := fake.Redeliver(id, "timeout"); err != nil {
		t.Fatal(err)
	}
	second := b.next(t)
	if first.Request.EnvelopeID != id || second.Request.EnvelopeID != id {
		t.Errorf("envelope ids %q, %q, want %q twice", first.Request.EnvelopeID, second.Request.EnvelopeID, id)
	}
	if first.Request.RetryAttempt != 0 || second.Request.RetryAttempt != 1 || second.Request.RetryReason != "timeout" {
		t.Errorf("retries: first %+v, second %+v", first.Request, second.Request)
	}
	ev := second.Data.(slackevents.EventsAPIEvent)
	env, _ := fake.Envelope(id)
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); !ok || cb.EventID != env.EventID || env.EventID == "" {
		t.Errorf("event data = %#v, want event_id %q", ev.Data, env.EventID)
	}
	if home, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); !ok || home.User != "U1" || home.Tab != "home" {
		t.Errorf("inner event = %#v", ev.InnerEvent.Data)
	}
	if _, err := fake.WaitStats(ctx, func(slacktest.SocketStats) bool { return len(fake.Acks()) == 2 }); err != nil {
		t.Fatal(err)
	}
}

func TestEnvelopesWaitForAConnection(t *testing.T) {
	fake := slacktest.NewT(t)
	id := fake.SlashCommand(slacktest.SlashCommandArgs{Text: "help", UserID: "U1", ChannelID: "C1"})
	runBot(t, fake, nil)
	if _, err := fake.WaitAck(ctxT(t, 10*time.Second), id); err != nil {
		t.Fatal(err)
	}
}

func TestConnectRetriesAfterFailedOpen(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.FailNext("apps.connections.open", 1, slacktest.ServerError{Status: 503})
	runBot(t, fake, nil)
	if err := fake.Connected(ctxT(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls("apps.connections.open")
	if len(calls) != 2 || calls[0].Status != 503 || !calls[1].OK() || fake.Stats().Opens != 1 {
		t.Errorf("apps.connections.open calls = %+v", calls)
	}
}

// TestLiveOnceHelloIsRead: a connection whose client has read hello is live, so a
// test that drops "the" connection right after the client connected finds it.
func TestLiveOnceHelloIsRead(t *testing.T) {
	fake := slacktest.NewT(t)
	for i := range 100 {
		conn, err := dial(t, fake)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := conn.ReadMessage(); err != nil {
			t.Fatalf("read hello: %v", err)
		}
		if n := fake.DropConnection(); n != 1 {
			t.Fatalf("connection %d: DropConnection after hello closed %d connections, want 1", i+1, n)
		}
		conn.Close()
	}
}
