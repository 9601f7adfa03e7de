package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

func TestHomeChannelsAndViewers(t *testing.T) {
	g1 := &goalbot.Goal{ID: "G1", Creator: "U1", Campaigns: []string{"cmp-1"}, Team: "growth"}
	g2 := &goalbot.Goal{ID: "G2", Creator: "U2", Campaigns: []string{"cmp-2"}}
	subs := []*goalbot.Subscription{
		{ID: "S1", Channel: "C1", Filter: goalbot.Filter{Campaigns: []string{"cmp-1"}}},
		// Status and progress bounds are not checked: the change may have moved the
		// goal into or out of them.
		{ID: "S2", Channel: "C2", Filter: goalbot.Filter{Statuses: []goalbot.Status{goalbot.StatusMissed}, ProgressMax: ptr(10.0)}},
		{ID: "S3", Channel: "C3", Filter: goalbot.Filter{Teams: []string{"brand"}}},
		{ID: "S4", Channel: "C1", Filter: goalbot.Filter{Users: []string{"U2"}}},
	}
	if got := HomeChannels([]*goalbot.Goal{g1}, subs); !slices.Equal(got, []string{"C1", "C2"}) {
		t.Errorf("channels of G1 = %v, want [C1 C2]", got)
	}
	if got := HomeChannels([]*goalbot.Goal{g2, nil}, subs); !slices.Equal(got, []string{"C1", "C2"}) {
		t.Errorf("channels of G2 = %v, want [C1 C2]", got)
	}
	if got := HomeChannels([]*goalbot.Goal{g1}, subs[2:3]); len(got) != 0 {
		t.Errorf("a team subscription of another team shows G1 in %v", got)
	}
	members := map[string][]string{"C1": {"U3", "U1", "B1"}, "C2": {"U4"}}
	if got := HomeViewers([]*goalbot.Goal{g1, g2}, members); !slices.Equal(got, []string{"U1", "U2", "U3", "U4"}) {
		t.Errorf("viewers = %v, want [U1 U2 U3 U4]", got)
	}
}

// homeRig is a Homes on a fake Slack and a fake store, paced by a fake clock.
type homeRig struct {
	fake  *slacktest.Server
	clock *fakeClock
	store *fakeHomeStore
	homes *Homes
}

func newHomeRig(t *testing.T, goals *fakeGoals, subs []*goalbot.Subscription, members staticMembers) *homeRig {
	fake := slacktest.NewT(t)
	clock := &fakeClock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
	st := newFakeHomeStore(clock)
	st.subs = subs
	for _, v := range goals.views {
		st.goals[v.Goal.ID] = v.Goal
	}
	h := &Homes{App: fakeHomeApp{goals: goals, subs: subs}, Store: st, Members: members, Logger: testLogger(),
		Slack: NewClient(fake.BotToken(), "", fake.APIURL()), Rate: 30,
		Sleep: func(_ context.Context, d time.Duration) { clock.advance(d) }}
	return &homeRig{fake: fake, clock: clock, store: st, homes: h}
}

// publishes are the users whose Home tab was published, in order.
func (hr *homeRig) publishes() []string {
	var out []string
	for _, c := range hr.fake.Calls("views.publish") {
		if c.OK() {
			out = append(out, c.Param("user_id"))
		}
	}
	return out
}

// TestHomesPacing queues many users and lets two replicas' loops run on a fake clock:
// every user is published once, and never two within the interval of the rate.
func TestHomesPacing(t *testing.T) {
	hr := newHomeRig(t, &fakeGoals{}, nil, staticMembers{})
	var users []string
	for i := range 12 {
		u := "U" + string(rune('A'+i))
		users = append(users, u)
		hr.fake.SetUser(slacktest.User{ID: u, Name: strings.ToLower(u)})
		if err := hr.store.MarkHomeOpened(t.Context(), u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := hr.store.QueueHomes(t.Context(), append(users, users...)); err != nil {
		t.Fatal(err)
	}
	other := &Homes{App: hr.homes.App, Store: hr.store, Members: hr.homes.Members, Logger: testLogger(), Slack: hr.homes.Slack,
		Rate: hr.homes.Rate, Sleep: hr.homes.Sleep}
	interval := hr.homes.Interval()
	if interval != 2*time.Second {
		t.Fatalf("interval at 30 a minute = %v", interval)
	}
	start := hr.clock.now()
	var at []time.Time
	ctx := t.Context()
	for round := 0; round < 200 && len(hr.store.queued()) > 0; round++ {
		for _, h := range []*Homes{hr.homes, other} { // both replicas ask in the same instant
			before := len(hr.publishes())
			wait := h.Step(ctx)
			if len(hr.publishes()) > before {
				at = append(at, hr.clock.now())
			}
			if h == other {
				h.sleep(ctx, wait)
			}
		}
	}
	got := hr.publishes()
	if !slices.Equal(slices.Sorted(slices.Values(got)), users) {
		t.Fatalf("published %v, want each of %v once", got, users)
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < interval {
			t.Errorf("publishes %d and %d only %v apart, want at least %v", i-1, i, gap, interval)
		}
	}
	// N publishes at one per interval take (N-1) intervals of the fake clock.
	if took := at[len(at)-1].Sub(start); took < time.Duration(len(users)-1)*interval {
		t.Errorf("%d publishes within %v: faster than %d a minute", len(users), took, hr.homes.Rate)
	}
}

// TestHomesChangedRepublishesViewers: the engine's hook queues the creator and the
// members of a subscribed channel who have opened the Home tab, each once, and
// nobody else.
func TestHomesChangedRepublishesViewers(t *testing.T) {
	goals := &fakeGoals{views: []commands.GoalView{
		goalView("G1", "Spring", "U1", ptr(42.0)),
		goalView("G2", "Other", "U5", ptr(10.0)),
	}}
	subs := []*goalbot.Subscription{{ID: "S1", Channel: "C1", Filter: goalbot.Filter{Users: []string{"U1"}}}}
	hr := newHomeRig(t, goals, subs, staticMembers{"C1": {"U1", "U2", "U3"}})
	for _, u := range []string{"U1", "U2", "U3", "U4", "U5"} {
		hr.fake.SetUser(slacktest.User{ID: u, Name: strings.ToLower(u)})
	}
	ctx := t.Context()
	for _, u := range []string{"U1", "U2", "U4", "U5"} { // U3 never opened it
		if err := hr.store.MarkHomeOpened(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	g1 := goals.views[0].Goal
	// Two passes before the loop runs: one change burst.
	for range 2 {
		if err := hr.homes.Changed(ctx, []string{g1.ID}); err != nil {
			t.Fatal(err)
		}
	}
	for range 10 {
		hr.homes.sleep(ctx, hr.homes.Step(ctx))
	}
	if got := hr.publishes(); !slices.Equal(got, []string{"U1", "U2"}) {
		t.Fatalf("republished %v, want [U1 U2] (U3 never opened Home, U4 and U5 do not see G1)", got)
	}
	var body string
	for _, c := range hr.fake.Calls("views.publish") {
		if c.Param("user_id") == "U2" {
			body = string(c.Body)
		}
	}
	if !strings.Contains(body, "G1 · Spring") || !strings.Contains(body, "by \\u003c@U1\\u003e") {
		t.Errorf("U2's home does not show G1 from C1's subscription: %s", body)
	}
}

// TestHomesRateLimited: when Slack says to slow down, the user is queued again and no
// replica publishes before Retry-After.
func TestHomesRateLimited(t *testing.T) {
	hr := newHomeRig(t, &fakeGoals{}, nil, staticMembers{})
	hr.fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	ctx := t.Context()
	if err := hr.store.MarkHomeOpened(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	if err := hr.homes.Refresh(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	hr.fake.FailNext("views.publish", 1, slacktest.RateLimited{RetryAfter: 30})
	if wait := hr.homes.Step(ctx); wait != 0 || len(hr.publishes()) != 0 {
		t.Fatalf("first step: wait %v, published %v", wait, hr.publishes())
	}
	if wait := hr.homes.Step(ctx); wait < 29*time.Second {
		t.Fatalf("after a 429 with Retry-After 30s the loop waits %v", wait)
	}
	hr.clock.advance(30 * time.Second)
	hr.homes.Step(ctx)
	if got := hr.publishes(); !slices.Equal(got, []string{"U1"}) {
		t.Fatalf("published %v after the pause, want [U1]", got)
	}
}

// TestHomeButtons: New goal opens the create wizard with the click's trigger_id; Show
// on the Home tab opens a modal with the goal (a Home click has no response_url);
// only changing requests refresh the Home tab.
func TestHomeButtons(t *testing.T) {
	goals := &fakeGoals{views: []commands.GoalView{goalView("G1", "Spring", "U1", ptr(42.0))}}
	hr := newHomeRig(t, goals, nil, staticMembers{})
	hr.fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	r := NewRouter()
	r.Event("app_home_opened", hr.homes.Opened())
	wizard := fakeCreator{created: goals.views[0].Goal}
	r.Action(ActionNewGoal, CreateOpen(wizard))
	r.Action(ActionShow, GoalClick(fakeCommander{}, hr.homes.AfterChange))
	r.Submission(CallbackCreate, CreateSubmit(wizard, hr.homes.AfterChange))
	hr.homes.Slack = startBot(t, hr.fake, r, &fakeOnce{}).API()
	ctx := ctxT(t, 10*time.Second)

	hr.fake.Event("app_home_opened", map[string]any{"user": "U1", "tab": "home"})
	call, err := hr.fake.WaitCall(ctx, "views.publish", nil)
	if err != nil || !strings.Contains(string(call.Body), "G1 · Spring") {
		t.Fatalf("home not published: %v %s", err, call.Body)
	}
	home, _ := hr.fake.HomeView("U1")

	hr.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: home.ID, ActionID: ActionNewGoal, BlockID: "home_actions"})
	if _, err := hr.fake.WaitView(ctx, func(v slacktest.View) bool { return v.CallbackID == CallbackCreate }); err != nil {
		t.Fatalf("New goal did not open the create wizard: %v", err)
	}
	hr.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: home.ID, ActionID: ActionShow, Value: "G1"})
	if _, err := hr.fake.WaitView(ctx, func(v slacktest.View) bool {
		return v.Type == "modal" && strings.Contains(string(v.Source), "asked show G1")
	}); err != nil {
		t.Fatalf("Show on the Home tab did not open a modal: %v", err)
	}
	if q := hr.store.queued(); len(q) != 0 {
		t.Fatalf("opening and clicking queued %v", q)
	}
	// The wizard's last step (a goal created) refreshes the Home tab.
	sub := hr.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", CallbackID: CallbackCreate})
	if _, err := hr.fake.WaitAck(ctx, sub); err != nil {
		t.Fatal(err)
	}
	// It is queued after the ack (bot.AckThen), so wait a little for it.
	q := hr.store.queued()
	for deadline := time.Now().Add(5 * time.Second); len(q) == 0 && time.Now().Before(deadline); q = hr.store.queued() {
		time.Sleep(10 * time.Millisecond)
	}
	if !slices.Equal(q, []string{"U1"}) {
		t.Fatalf("after creating a goal the queue is %v, want [U1]", q)
	}
}

// TestSubmissionTellsChanges: a wizard's step tells changed nothing (its problems, the
// next step); its last step, once acked, tells the goal created; a saved edit, the
// goal edited.
func TestSubmissionTellsChanges(t *testing.T) {
	g := &goalbot.Goal{ID: "G7", Name: "x"}
	var told []string
	changed := func(_ context.Context, user string, c commands.Changes) {
		told = append(told, user+" "+strings.Join(c.Goals, ","))
	}
	req := &Request{UserID: "U1", Interaction: &slack.InteractionCallback{}}
	for _, c := range []struct {
		name   string
		res    commands.CreateResult
		change bool
	}{
		{"problems", commands.CreateResult{Errors: commands.FieldErrors{commands.FieldName: {goalbot.Text("no")}}}, false},
		{"next step", commands.CreateResult{Next: &commands.CreateStep{Meta: commands.CreateMeta{Draft: "d", Step: 2}}}, false},
		{"created", commands.CreateResult{Created: &commands.Created{Goal: g}}, true},
	} {
		told = nil
		payload, err := CreateSubmit(fakeCreator{result: c.res}, changed)(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if then, ok := payload.(AckThen); ok {
			if err := then.Then(context.Background(), req); err != nil {
				t.Fatal(err)
			}
		}
		if want := c.change; (len(told) == 1 && told[0] == "U1 G7") != want || (!want && len(told) != 0) {
			t.Errorf("%s: told %q", c.name, told)
		}
	}
	told = nil
	payload, err := EditSubmit(fakeEditor{commands.EditResult{Updated: &commands.Updated{Goal: g}}}, changed)(context.Background(), req)
	if then, ok := payload.(AckThen); err != nil || !ok || then.Then(context.Background(), req) != nil || !slices.Equal(told, []string{"U1 G7"}) {
		t.Errorf("edit saved: %v %+v, told %q", err, payload, told)
	}
	told = nil
	payload, err = EditSubmit(fakeEditor{commands.EditResult{Errors: commands.FieldErrors{commands.FieldName: {goalbot.Text("no")}}}}, changed)(context.Background(), req)
	if _, ok := payload.(AckThen); err != nil || ok || len(told) != 0 {
		t.Errorf("edit refused: %v %+v, told %q", err, payload, told)
	}
}

// fakeCreator answers the wizard: its start, result, and created goal.
type fakeCreator struct {
	result  commands.CreateResult
	created *goalbot.Goal
}

func (fakeCreator) StartCreate(context.Context, commands.Actor) (commands.CreateStep, error) {
	return commands.CreateStep{Meta: commands.CreateMeta{Draft: "d1", Step: 1}}, nil
}

func (f fakeCreator) SubmitCreate(context.Context, commands.Actor, string, commands.Form) (commands.CreateResult, error) {
	if f.created != nil {
		return commands.CreateResult{Created: &commands.Created{Goal: f.created}}, nil
	}
	return f.result, nil
}

func (fakeCreator) BackCreate(context.Context, string, commands.Form) (commands.CreateStep, error) {
	return commands.CreateStep{}, errorf(goalbot.EINVALID, "no back")
}

func (fakeCreator) ShowCreate(context.Context, string) (commands.CreateStep, error) {
	return commands.CreateStep{}, errorf(goalbot.EINVALID, "no show")
}

// fakeEditor answers an edit modal's submit with its result.
type fakeEditor struct{ result commands.EditResult }

func (f fakeEditor) SubmitEdit(context.Context, commands.Actor, string, commands.Form) (commands.EditResult, error) {
	return f.result, nil
}

// TestRefreshAfterCommand: a command queues the Home tabs of what its outcome says it
// changed: an edit the user's, a subscription those of the channel's members too; a
// read queues nothing.
func TestRefreshAfterCommand(t *testing.T) {
	hr := newHomeRig(t, &fakeGoals{}, nil, staticMembers{"C1": {"U2", "U3"}})
	for _, u := range []string{"U1", "U2", "U4"} { // U3 never opened the tab
		if err := hr.store.MarkHomeOpened(t.Context(), u); err != nil {
			t.Fatal(err)
		}
	}
	r := NewRouter()
	r.Command(CommandGoal, GoalCommand(fakeCommander{}, hr.homes.AfterChange))
	startBot(t, hr.fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)
	for _, c := range []struct {
		user, text string
		want       []string
	}{
		{"U1", "list", nil},
		{"U1", "show G1", nil},
		{"U1", "edit G1 name:x", []string{"U1"}},
		{"U4", "subscribe <#C1|general> campaign:cmp-1", []string{"U1", "U2", "U4"}},
	} {
		id := hr.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: c.user, ChannelID: "C1", Text: c.text})
		env, _ := hr.fake.Envelope(id)
		if _, err := hr.fake.WaitResponse(ctx, env.ResponseURL, nil); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for !slices.Equal(hr.store.queued(), c.want) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if got := hr.store.queued(); !slices.Equal(got, c.want) {
			t.Errorf("after /goal %s the queue is %v, want %v", c.text, got, c.want)
		}
	}
}

// TestChangesAfterCommand: what a command changed is told from its outcome, once the
// command is answered: nothing for a read or a refused create, the goal of an edit,
// the channel of a subscription.
func TestChangesAfterCommand(t *testing.T) {
	fake := slacktest.NewT(t)
	var mu sync.Mutex
	var told []string
	r := NewRouter()
	r.Command(CommandGoal, GoalCommand(fakeCommander{}, func(_ context.Context, user string, c commands.Changes) {
		mu.Lock()
		defer mu.Unlock()
		told = append(told, fmt.Sprintf("%s %v %v", user, c.Goals, c.Channels))
	}))
	b := newBot(t, fake, r, &fakeOnce{})
	b.Start()
	ctx := ctxT(t, 10*time.Second)
	if err := fake.Connected(ctx); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"list", "show G1", "create name:x goal_type:clicks", "edit G1 name:x", "subscribe <#C1|general>"} {
		id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: text})
		env, _ := fake.Envelope(id)
		if _, err := fake.WaitResponse(ctx, env.ResponseURL, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(ctx); err != nil { // waits for every handler
		t.Fatal(err)
	}
	// Each handler tells its changes after its answer, so two commands' may come in
	// either order.
	slices.Sort(told)
	if want := []string{"U1 [G1] []", "U1 [] [C1]"}; !slices.Equal(told, want) {
		t.Errorf("told %q, want %q", told, want)
	}
}

// countingMembers counts the member lists it is asked for and fails on demand.
type countingMembers struct {
	asked int
	err   error
}

func (c *countingMembers) Members(context.Context, string) ([]string, error) {
	c.asked++
	return []string{"U1"}, c.err
}

func TestMembersCache(t *testing.T) {
	src := &countingMembers{}
	m := NewMembers(src, time.Minute)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	m.now = func() time.Time { return now }
	ctx := t.Context()
	for range 3 {
		if list, err := m.Members(ctx, "C1"); err != nil || !slices.Equal(list, []string{"U1"}) {
			t.Fatalf("Members = %v, %v", list, err)
		}
	}
	if src.asked != 1 {
		t.Fatalf("asked Slack %d times within the TTL, want 1", src.asked)
	}
	now = now.Add(2 * time.Minute)
	src.err = errorf(goalbot.EINVALID, "cannot see C1")
	if _, err := m.Members(ctx, "C1"); err == nil {
		t.Fatal("an old list was served although Slack failed")
	}
	src.err = nil
	if _, err := m.Members(ctx, "C1"); err != nil || src.asked != 3 {
		t.Fatalf("after a failure: %v, asked %d times, want 3 (failures are not cached)", err, src.asked)
	}
}

// TestHomesStopQuietly: a round cut short by the stop (its store calls fail with the
// cancelled context) logs nothing at ERROR, since nothing went wrong.
func TestHomesStopQuietly(t *testing.T) {
	hr := newHomeRig(t, &fakeGoals{}, nil, staticMembers{})
	var log bytes.Buffer
	hr.homes.Logger = slog.New(slog.NewJSONHandler(&log, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	hr.store.err = fmt.Errorf("take a home to publish: %w", ctx.Err())
	hr.homes.Step(ctx)
	if log.Len() > 0 {
		t.Errorf("a round cut short by the stop logged:\n%s", log.String())
	}
	hr.homes.Step(t.Context()) // a real failure is still told
	if !strings.Contains(log.String(), `"level":"ERROR"`) {
		t.Errorf("a store failure outside a stop logged nothing")
	}
}
