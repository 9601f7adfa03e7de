package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/slacktest"
)

func TestHomeOpenedListsTheUsersGoals(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	goals := &fakeGoals{}
	goals.views = append(goals.views, goalView("G1", "Spring <leads>", "U1", ptr(42.5)), goalView("G2", "Not mine", "U2", nil))
	homes := &Homes{App: fakeHomeApp{goals: goals}, Store: newFakeHomeStore(&fakeClock{}), Members: staticMembers{}, Logger: testLogger()}
	r := NewRouter()
	r.Event("app_home_opened", homes.Opened())
	homes.Slack = startBot(t, fake, r, &fakeOnce{}).API()
	ctx := ctxT(t, 10*time.Second)

	fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	call, err := fake.WaitCall(ctx, "views.publish", nil)
	if err != nil {
		t.Fatal(err)
	}
	body := unescaped(t, call.Body)
	for _, want := range []string{`"user_id":"U1"`, `"type":"home"`, "G1 · Spring &lt;leads&gt;", "▰▰▰▰▱▱▱▱▱▱ 42%", "In progress (1)", `"action_id":"goal_new"`} {
		if !strings.Contains(body, want) {
			t.Errorf("home view lacks %q: %s", want, body)
		}
	}
	if strings.Contains(body, "G2") {
		t.Errorf("home view lists another user's goal: %s", body)
	}
	if !call.OK() {
		t.Errorf("views.publish failed: %s", call.Error)
	}
}

func TestGoalClick(t *testing.T) {
	fake := slacktest.NewT(t)
	cmd := &fakeCommander{}
	r := NewRouter()
	for _, id := range ClickActions {
		r.Action(id, GoalClick(cmd))
	}
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	for _, tt := range []struct{ action, value, want string }{
		{ActionShowGoal, "G1", "clicked goal_show G1 as U2"},
		{commands.ActionDeleteConfirm, "G1 G2", "clicked goal_delete_confirm G1 G2 as U2"},
		{commands.ActionShow, "G404", "goal G404 not found"},
	} {
		id := fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U2", ChannelID: "C1", ActionID: tt.action, Value: tt.value})
		env, _ := fake.Envelope(id)
		resp, err := fake.WaitResponse(ctx, env.ResponseURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(resp.Body), tt.want) || resp.ResponseType != "ephemeral" {
			t.Errorf("reply to %s %s = %s, want %q", tt.action, tt.value, resp.Body, tt.want)
		}
	}
}

// fakeCommander answers commands and clicks with what it was asked.
type fakeCommander struct{}

func (fakeCommander) Execute(_ context.Context, actor commands.Actor, _, text string) (commands.Outcome, error) {
	if text == "create" {
		return commands.CreateSyntaxReply(), nil
	}
	return commands.HelpReply(), nil
}

func (fakeCommander) Click(_ context.Context, actor commands.Actor, action, value string) (commands.Outcome, error) {
	if value == "G404" {
		return commands.Refuse(goalbot.Errorf(goalbot.ENOTFOUND, "goal G404 not found")), nil
	}
	return commands.Reply{Text: "clicked " + action + " " + value + " as " + actor.UserID}, nil
}
