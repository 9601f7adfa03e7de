package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

func TestHomeOpenedListsTheUsersGoals(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	goals := &fakeGoals{}
	goals.views = append(goals.views, goalView("G1", "Spring <leads>", "U1", ptr(42.5)), goalView("G2", "Not mine", "U2", nil))
	r := NewRouter()
	r.Event("app_home_opened", HomeOpened(goals))
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	call, err := fake.WaitCall(ctx, "views.publish", nil)
	if err != nil {
		t.Fatal(err)
	}
	body := unescaped(t, call.Body)
	for _, want := range []string{`"user_id":"U1"`, `"type":"home"`, "G1 · Spring &lt;leads&gt;", "▰▰▰▰▱▱▱▱▱▱ 42%", "in progress"} {
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

func TestShowGoal(t *testing.T) {
	fake := slacktest.NewT(t)
	goals := &fakeGoals{}
	goals.views = append(goals.views, goalView("G1", "Spring", "U1", ptr(75.0)))
	r := NewRouter()
	r.Action(ActionShowGoal, ShowGoal(goals))
	startBot(t, fake, r, &fakeOnce{})
	ctx := ctxT(t, 10*time.Second)

	for _, tt := range []struct{ value, want string }{
		{"G1", "▰▰▰▰▰▰▰▱▱▱ 75%"},
		{"G404", "goal G404 not found"},
	} {
		id := fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U2", ChannelID: "C1", ActionID: ActionShowGoal, Value: tt.value})
		env, _ := fake.Envelope(id)
		resp, err := fake.WaitResponse(ctx, env.ResponseURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(resp.Body), tt.want) || resp.ResponseType != "ephemeral" {
			t.Errorf("reply to %s = %s, want %q", tt.value, resp.Body, tt.want)
		}
	}
}
