package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// TestListButtons clicks the list's own buttons: a filter button with its action_id
// suffix routes as goal_filter_remove; Delete selected sends the ids ticked in the
// message's state (none when none); ticking a Select box is acked and answers
// nothing, even while the store is unavailable.
func TestListButtons(t *testing.T) {
	fake := slacktest.NewT(t)
	cmd := &fakeCommander{}
	r := NewRouter()
	for _, id := range ClickActions {
		r.Action(id, GoalClick(cmd, nil))
	}
	r.Action(ActionDeleteSelected, DeleteSelected(cmd))
	r.Ignore(ActionSelect)
	once := &fakeOnce{}
	startBot(t, fake, r, once)
	ctx := ctxT(t, 10*time.Second)

	ticked := map[string]map[string]slacktest.StateValue{
		"row2": {ActionSelect: slacktest.Checkboxes("G10")},
		"row1": {ActionSelect: slacktest.Checkboxes("G2")},
		"row3": {ActionSelect: slacktest.Checkboxes()},
	}
	for _, tt := range []struct {
		action, value string
		state         map[string]map[string]slacktest.StateValue
		want          string
	}{
		{"goal_filter_remove#3", "team:growth", nil, "asked list team:growth from"},
		{ActionDeleteSelected, "", ticked, "asked delete [G2 G10] as U2"},
		{ActionDeleteSelected, "", nil, "Nothing was deleted: tick the *Select* box"},
	} {
		id := fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U2", ChannelID: "C1", ActionID: tt.action, Value: tt.value, Values: tt.state})
		env, _ := fake.Envelope(id)
		resp, err := fake.WaitResponse(ctx, env.ResponseURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(resp.Body), tt.want) || resp.ResponseType != "ephemeral" {
			t.Errorf("reply to %s = %s, want %q", tt.action, resp.Body, tt.want)
		}
	}

	once.fail(errUnavailable) // a tick does not even need the store
	id := fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U2", ChannelID: "C1", ActionID: ActionSelect,
		BlockID: "row1", Type: "checkboxes", SelectedOptions: []string{"G2"}})
	if _, err := fake.WaitAck(ctx, id); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	env, _ := fake.Envelope(id)
	if got := fake.Responses(env.ResponseURL); len(got) != 0 {
		t.Errorf("a tick was answered: %+v", got)
	}
	if calls := fake.Calls("chat.postEphemeral"); len(calls) != 0 {
		t.Errorf("a tick posted: %+v", calls)
	}
}
