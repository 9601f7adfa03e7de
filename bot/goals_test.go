package bot

import (
	"context"
	"fmt"
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
		r.Action(id, GoalClick(cmd, nil))
	}
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	for _, tt := range []struct{ action, value, want string }{
		{ActionShowGoal, "G1", "asked show G1"},
		{ActionDeleteConfirm, "G1 G2", "asked confirm [G1 G2] as U2"},
		{ActionShow, "G404", "goal G404 not found"},
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

// fakeCommander answers typed commands with an outcome of what was typed (create
// with arguments is refused), and the buttons' use cases with a refusal that says
// what was asked.
type fakeCommander struct{}

func (fakeCommander) Execute(_ context.Context, actor commands.Actor, _, text string) (commands.Outcome, error) {
	verb, rest, _ := strings.Cut(text, " ")
	switch verb {
	case "create":
		if rest != "" {
			return commands.Refuse(errorf(goalbot.EINVALID, "refused create %s", rest)), nil
		}
		return commands.CreateStep{Meta: commands.CreateMeta{Draft: "d", Step: 1}}, nil
	case "edit":
		return commands.Updated{Goal: &goalbot.Goal{ID: "G1", Name: "edited by " + actor.UserID}}, nil
	case "subscribe":
		ch, _ := goalbot.ChannelID(strings.Fields(rest)[0])
		return commands.Subscribed{Subscription: &goalbot.Subscription{ID: "S1", Channel: ch}}, nil
	case "list":
		return commands.GoalPage{}, nil
	}
	return commands.Help{}, nil
}

// asked is the refusal a fakeCommander answers a button with.
func asked(what string, args ...any) error {
	return errorf(goalbot.EINVALID, "asked %s %s", what, strings.TrimSpace(fmt.Sprintln(args...)))
}

func (fakeCommander) Show(_ context.Context, id string) (commands.Shown, error) {
	if id == "G404" {
		return commands.Shown{}, errorf(goalbot.ENOTFOUND, "goal G404 not found")
	}
	return commands.Shown{}, asked("show", id)
}

func (fakeCommander) Chart(_ context.Context, actor commands.Actor, id, channel string) (commands.Charted, error) {
	return commands.Charted{}, asked("chart", id, channel, "as", actor.UserID)
}

func (fakeCommander) OpenEdit(_ context.Context, actor commands.Actor, id string) (commands.EditForm, error) {
	return commands.EditForm{}, asked("edit", id, "as", actor.UserID)
}

func (fakeCommander) AskDelete(_ context.Context, actor commands.Actor, ids []string) (commands.DeleteAsked, error) {
	return commands.DeleteAsked{}, asked("delete", ids, "as", actor.UserID)
}

func (fakeCommander) ConfirmDelete(_ context.Context, actor commands.Actor, ids []string) (commands.Deleted, error) {
	return commands.Deleted{}, asked("confirm", ids, "as", actor.UserID)
}

func (fakeCommander) List(_ context.Context, f goalbot.Filter, cursor string) (commands.GoalPage, error) {
	return commands.GoalPage{}, asked("list", f.String(), "from", cursor)
}
