package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

func TestNewRefusesDuplicateRoutes(t *testing.T) {
	r := NewRouter()
	h := func(context.Context, *Request) error { return nil }
	r.Command("/goal", h)
	r.Command("/goal", h)
	r.Action("goal_show", h)
	r.Action("goal_show", h)
	r.Submission("goal_create", func(context.Context, *Request) (any, error) { return nil, nil })
	r.Event("", h)
	_, err := New(Config{BotToken: "xoxb-x", AppToken: "xapp-x"}, r)
	for _, want := range []string{`slash_commands "/goal" is registered twice`, `block_actions "goal_show" is registered twice`, "a events_api route has no id"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New = %v, want an error with %q", err, want)
		}
	}
	// The same id under two kinds is fine.
	r = NewRouter()
	r.Action("ad_campaigns", h)
	r.Suggestion("ad_campaigns", func(context.Context, *Request) (any, error) { return nil, nil })
	if _, err := New(Config{BotToken: "xoxb-x", AppToken: "xapp-x"}, r); err != nil {
		t.Errorf("New with one id under two kinds = %v", err)
	}
	if _, err := New(Config{BotToken: "xoxb-x"}, NewRouter()); err == nil {
		t.Error("New without the app-level token worked")
	}
}

func TestSlashCommandAckedFirstThenAnswered(t *testing.T) {
	fake := slacktest.NewT(t)
	r := NewRouter()
	r.Command(CommandGoal, GoalCommand(&fakeCommander{}, nil))
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	id := fake.SlashCommand(slacktest.SlashCommandArgs{Text: "help", UserID: "U1", ChannelID: "C1"})
	ack, err := fake.WaitAck(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Payload != nil || ack.At > time.Second {
		t.Errorf("ack = %s after %v, want an empty ack at once", ack.Payload, ack.At)
	}
	env, _ := fake.Envelope(id)
	resp, err := fake.WaitResponse(ctx, env.ResponseURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ResponseType != "ephemeral" || !strings.Contains(string(resp.Blocks), "tracks marketing goals") || strings.Contains(strings.ToLower(string(resp.Body)), "coming soon") {
		t.Errorf("reply = %s", resp.Body)
	}
}

func TestRedeliveryActsOnce(t *testing.T) {
	fake := slacktest.NewT(t)
	var calls counter
	r := NewRouter()
	r.Command(CommandGoal, func(ctx context.Context, req *Request) error {
		calls.add("command")
		return req.Reply(ctx, Message{Text: "done"})
	})
	r.Event("app_home_opened", func(context.Context, *Request) error { calls.add("event"); return nil })
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
	env, _ := fake.Envelope(id)
	if _, err := fake.WaitResponse(ctx, env.ResponseURL, nil); err != nil {
		t.Fatal(err)
	}
	// The same envelope again, and its payload in a new envelope (the same trigger_id).
	if err := fake.Redeliver(id, "timeout"); err != nil {
		t.Fatal(err)
	}
	env.EnvelopeID, env.RetryAttempt = "", 1
	again, err := fake.Send(env)
	if err != nil {
		t.Fatal(err)
	}
	// An event retried with a new envelope and the same event_id.
	ev := fake.Event("app_home_opened", map[string]any{"user": "U1", "tab": "home"})
	evEnv, _ := fake.Envelope(ev)
	evEnv.EnvelopeID, evEnv.RetryAttempt = "", 1
	evAgain, err := fake.Send(evEnv)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{again, ev, evAgain} {
		if _, err := fake.WaitAck(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fake.WaitStats(ctx, func(slacktest.SocketStats) bool { return countAcks(fake, id) == 2 }); err != nil {
		t.Fatalf("the redelivered envelope was not acked again: %v", err)
	}
	time.Sleep(200 * time.Millisecond) // a second action would come within this
	if calls.get("command") != 1 || calls.get("event") != 1 || len(fake.Responses(env.ResponseURL)) != 1 {
		t.Errorf("acted %d times on the command and %d on the event, %d replies; want once each",
			calls.get("command"), calls.get("event"), len(fake.Responses(env.ResponseURL)))
	}
}

func countAcks(fake *slacktest.Server, id string) int {
	n := 0
	for _, a := range fake.Acks() {
		if a.EnvelopeID == id {
			n++
		}
	}
	return n
}

func TestStoreUnavailableAnswered(t *testing.T) {
	fake := slacktest.NewT(t)
	once := &fakeOnce{}
	once.fail(errUnavailable)
	goals := &fakeGoals{err: errUnavailable}
	r := NewRouter()
	r.Command(CommandGoal, GoalCommand(&fakeCommander{}, nil))
	homes := &Homes{App: fakeHomeApp{goals: goals}, Store: newFakeHomeStore(&fakeClock{}), Members: staticMembers{}, Logger: testLogger()}
	r.Event("app_home_opened", homes.Opened())
	r.Submission("goal_create", func(context.Context, *Request) (any, error) { return nil, nil })
	startBot(t, fake, r, once)
	ctx := ctxT(t, 10*time.Second)

	id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
	if ack, err := fake.WaitAck(ctx, id); err != nil || ack.At > time.Second {
		t.Fatalf("ack = %+v, %v", ack, err)
	}
	env, _ := fake.Envelope(id)
	resp, err := fake.WaitResponse(ctx, env.ResponseURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != UnavailableText(en) {
		t.Errorf("reply = %q, want %q", resp.Text, UnavailableText(en))
	}
	// A submission is told in a pushed modal, so that the form stays under it.
	sub := fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "goal_create"})
	ack, err := fake.WaitAck(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ack.Payload), `"response_action":"push"`) || !strings.Contains(string(ack.Payload), "unavailable right now") {
		t.Errorf("submission ack = %s", ack.Payload)
	}
	// The Home tab says so too (the event is recognised once the store is back).
	once.fail(nil)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	fake.Event("app_home_opened", map[string]any{"user": "U1", "tab": "home"})
	if _, err := fake.WaitCall(ctx, "views.publish", func(c slacktest.Call) bool {
		return c.OK() && strings.Contains(string(c.Body), "unavailable right now")
	}); err != nil {
		t.Fatal(err)
	}
}

func TestPanicRecoveredAndAnswered(t *testing.T) {
	fake := slacktest.NewT(t)
	r := NewRouter()
	r.Command(CommandGoal, func(context.Context, *Request) error { panic("boom") })
	r.Submission("goal_create", func(context.Context, *Request) (any, error) { panic("boom") })
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	for range 2 { // the bot lives on
		id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
		env, _ := fake.Envelope(id)
		resp, err := fake.WaitResponse(ctx, env.ResponseURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Text != messages.English().Error(errors.New("x")) {
			t.Errorf("reply = %q, want the generic message", resp.Text)
		}
	}
	sub := fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "goal_create"})
	ack, err := fake.WaitAck(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ack.Payload), `"response_action":"push"`) || strings.Contains(string(ack.Payload), "boom") {
		t.Errorf("submission ack = %s", ack.Payload)
	}
}

func TestAckHandlers(t *testing.T) {
	fake := slacktest.NewT(t)
	var calls counter
	r := NewRouter()
	r.Submission("goal_edit", func(_ context.Context, req *Request) (any, error) {
		calls.add("submit")
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"name": "too long: " + req.Interaction.View.PrivateMetadata}), nil
	})
	r.Submission("slow", func(ctx context.Context, _ *Request) (any, error) {
		<-ctx.Done() // never answers in time
		return nil, ctx.Err()
	})
	r.Submission("huge", func(context.Context, *Request) (any, error) {
		return map[string]string{"x": strings.Repeat("x", 25<<10)}, nil
	})
	thenSawAck := make(chan bool, 1)
	r.Submission("later", func(_ context.Context, req *Request) (any, error) {
		return AckThen{Payload: slack.NewErrorsViewSubmissionResponse(map[string]string{"name": "soon"}), Then: func(context.Context, *Request) error {
			acked := false
			for _, a := range fake.Acks() {
				acked = acked || a.EnvelopeID == req.EnvelopeID
			}
			thenSawAck <- acked
			return nil
		}}, nil
	})
	r.Suggestion("ad_campaigns", func(_ context.Context, req *Request) (any, error) {
		return slack.OptionsResponse{Options: []*slack.OptionBlockObject{
			slack.NewOptionBlockObject("cmp-1", plain("Spring "+req.Interaction.Value), nil)}}, nil
	})
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	id := fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "goal_edit", PrivateMetadata: "G1"})
	ack, err := fake.WaitAck(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(ack.Payload), `{"response_action":"errors","errors":{"name":"too long: G1"}}`; got != want {
		t.Errorf("ack = %s, want %s", got, want)
	}
	// A redelivered submission does not act again; it closes the modal.
	if err := fake.Redeliver(id, "timeout"); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitStats(ctx, func(slacktest.SocketStats) bool { return countAcks(fake, id) == 2 }); err != nil {
		t.Fatal(err)
	}
	if calls.get("submit") != 1 {
		t.Errorf("the submission was handled %d times", calls.get("submit"))
	}

	slow := fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "slow"})
	if ack, err := fake.WaitAck(ctx, slow); err != nil || ack.At > AckBudget+500*time.Millisecond {
		t.Errorf("slow handler's ack = %+v, %v; want it within the budget", ack, err)
	}
	huge := fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "huge"})
	if ack, err := fake.WaitAck(ctx, huge); err != nil || len(ack.Payload) > 20<<10 || !strings.Contains(string(ack.Payload), "push") {
		t.Errorf("a too large answer is acked with %d bytes (%v)", len(ack.Payload), err)
	}
	later := fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "later"})
	if ack, err := fake.WaitAck(ctx, later); err != nil || string(ack.Payload) != `{"response_action":"errors","errors":{"name":"soon"}}` {
		t.Errorf("AckThen acked %s (%v)", ack.Payload, err)
	}
	select {
	case acked := <-thenSawAck:
		if !acked { // ThenDelay after the ack; a loaded machine may take longer
			t.Log("AckThen's work ran before the fake read its ack")
		}
	case <-ctx.Done():
		t.Error("AckThen's work never ran")
	}
	sug := fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ActionID: "ad_campaigns", Value: "sa"})
	ack, err = fake.WaitAck(ctx, sug)
	if err != nil {
		t.Fatal(err)
	}
	var opts slack.OptionsResponse
	if json.Unmarshal(ack.Payload, &opts) != nil || len(opts.Options) != 1 || opts.Options[0].Text.Text != "Spring sa" {
		t.Errorf("suggestion ack = %s", ack.Payload)
	}
}

func TestEveryEnvelopeAcked(t *testing.T) {
	fake := slacktest.NewT(t)
	startBot(t, fake, NewRouter(), &fakeOnce{}) // no routes at all
	ctx := ctxT(t, 10*time.Second)
	ids := []string{
		fake.SlashCommand(slacktest.SlashCommandArgs{Command: "/other", UserID: "U1", ChannelID: "C1"}),
		fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: "nothing", Value: "x"}),
		fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: "unknown"}),
		fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ActionID: "unknown"}),
		fake.Event("app_home_opened", map[string]any{"user": "U1", "tab": "home"}),
		// An event type slack-go does not know is acked from the raw frame.
		fake.Event("goalbot_unknown_event", map[string]any{"user": "U1"}),
	}
	for _, id := range ids {
		ack, err := fake.WaitAck(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ack.At > time.Second {
			t.Errorf("ack of %s took %v", id, ack.At)
		}
	}
	// A suggestion nobody answers gets an empty list, not "{}".
	if ack, _ := fake.WaitAck(ctx, ids[3]); string(ack.Payload) != `{"options":[]}` {
		t.Errorf("unrouted suggestion acked with %s, want {\"options\":[]}", ack.Payload)
	}
}

func TestReadyFollowsTheSocket(t *testing.T) {
	fake := slacktest.NewT(t)
	b := newBot(t, fake, NewRouter(), nil)
	ctx := ctxT(t, 15*time.Second)
	if b.Ready(ctx) == nil {
		t.Error("ready before Start")
	}
	b.Start()
	defer b.Close(context.Background())
	waitReady(t, b, true)
	// The next connection attempts fail, so the socket stays down for a few backoffs:
	// long enough to be seen even on a loaded machine.
	// Under load the fake may have closed the connection itself a moment before (a
	// ping not written in time), the bot then between it and its next one: drop the
	// connection once the bot is on a live one.
	deadline := time.Now().Add(20 * time.Second)
	for {
		fake.FailNext("apps.connections.open", 3, slacktest.ServerError{})
		n := fake.DropConnection()
		if n == 1 {
			break
		}
		if n > 1 || time.Now().After(deadline) {
			t.Fatalf("DropConnection closed %d connections, want the bot's one", n)
		}
		time.Sleep(50 * time.Millisecond)
		waitReady(t, b, true)
	}
	waitReady(t, b, false)
	waitReady(t, b, true)
	if err := b.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Ready(ctx); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Ready after Close = %v", err)
	}
}

// waitReady waits until b's readiness is want.
func waitReady(t *testing.T, b *Bot, want bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for (b.Ready(context.Background()) == nil) != want {
		if time.Now().After(deadline) {
			t.Fatalf("Ready = %v, want ready %v", b.Ready(context.Background()), want)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCloseFinishesInFlight(t *testing.T) {
	fake := slacktest.NewT(t)
	started, release := make(chan struct{}), make(chan struct{})
	r := NewRouter()
	r.Command(CommandGoal, func(ctx context.Context, req *Request) error {
		close(started)
		<-release
		return req.Reply(ctx, Message{Text: "finished"})
	})
	b := newBot(t, fake, r, nil)
	b.Start()
	ctx := ctxT(t, 10*time.Second)
	id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
	<-started
	closed := make(chan error, 1)
	go func() { closed <- b.Close(ctx) }()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-closed:
		t.Fatalf("Close returned before the handler finished: %v", err)
	default:
	}
	close(release)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	env, _ := fake.Envelope(id)
	if rs := fake.Responses(env.ResponseURL); len(rs) != 1 || rs[0].Text != "finished" {
		t.Errorf("responses = %+v", rs)
	}
	if st := fake.Stats(); st.Live != 0 {
		t.Errorf("%d connections still live after Close", st.Live)
	}
}

func TestCloseGivesUpAtTheDeadline(t *testing.T) {
	fake := slacktest.NewT(t)
	r := NewRouter()
	wedged := make(chan struct{})
	t.Cleanup(func() { close(wedged) })
	r.Command(CommandGoal, func(context.Context, *Request) error { <-wedged; return nil }) // never looks at ctx
	b := newBot(t, fake, r, nil)
	b.Start()
	id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
	if _, err := fake.WaitAck(ctxT(t, 10*time.Second), id); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := b.Close(ctx); err == nil || !strings.Contains(err.Error(), "1 handlers still running") {
		t.Errorf("Close with a handler that never ends = %v, want an error naming it", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
}

// TestCloseStopsHandlersAndTellsTheirUsers closes the bot while a long handler runs
// (one that checks its context): Close cancels it before its deadline, the handler
// returns, its user is told that goalbot is restarting, and Close returns nil in
// time.
func TestCloseStopsHandlersAndTellsTheirUsers(t *testing.T) {
	fake := slacktest.NewT(t)
	r := NewRouter()
	started := make(chan struct{})
	r.Command(CommandGoal, func(ctx context.Context, _ *Request) error {
		close(started)
		for ctx.Err() == nil { // long work that checks its context
			time.Sleep(time.Millisecond)
		}
		return ctx.Err()
	})
	b := newBot(t, fake, r, nil)
	b.Start()
	id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	if err := b.Close(ctx); err != nil {
		t.Errorf("Close = %v, want nil: the handler stopped when told", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Close took %v with a deadline of 3s", d)
	}
	env, _ := fake.Envelope(id)
	if rs := fake.Responses(env.ResponseURL); len(rs) != 1 || rs[0].Text != RestartingText(en) {
		t.Errorf("responses = %+v, want the user told goalbot is restarting", rs)
	}
}

// TestHandlerStoppedAtItsDeadline runs a handler longer than the handler timeout: it
// is stopped at the deadline and its user is told it took too long (not the generic
// error, nor nothing).
func TestHandlerStoppedAtItsDeadline(t *testing.T) {
	fake := slacktest.NewT(t)
	r := NewRouter()
	r.Command(CommandGoal, func(ctx context.Context, _ *Request) error {
		for ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		return fmt.Errorf("list goals: %w", ctx.Err())
	})
	b, err := New(Config{BotToken: fake.BotToken(), AppToken: fake.AppToken(), APIURL: fake.APIURL(), Logger: testLogger(),
		HandlerTimeout: 300 * time.Millisecond}, r)
	if err != nil {
		t.Fatal(err)
	}
	b.Start()
	t.Cleanup(func() { _ = b.Close(ctxT(t, 5*time.Second)) })
	ctx := ctxT(t, 10*time.Second)
	id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "list"})
	env, _ := fake.Envelope(id)
	resp, err := fake.WaitResponse(ctx, env.ResponseURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != TooLongText(en, 300*time.Millisecond) || !strings.Contains(resp.Text, "longer than 300ms") {
		t.Errorf("reply = %q, want it took too long", resp.Text)
	}
}
