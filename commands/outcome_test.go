package commands

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/goalbot/goalbot"
)

// TestOutcomesSayWhatChanged: each typed command's outcome is of its kind and names
// what it changed: the goal created, edited or deleted, the channel subscribed; a
// read, a form, a delete not confirmed yet and a refusal change nothing.
func TestOutcomesSayWhatChanged(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	for _, c := range []struct {
		user, text, kind string
		goals, channels  []string
	}{
		{"U1", createText, "commands.Created", []string{"G1"}, nil},
		{"U1", "create name:x goal_type:clicks", "commands.Refusal", nil, nil},
		{"U1", "help", "commands.Help", nil, nil},
		{"U1", "list status:in_progress", "commands.GoalPage", nil, nil},
		{"U1", "show G1", "commands.Shown", nil, nil},
		{"U1", "edit G1 target:5", "commands.Updated", []string{"G1"}, nil},
		{"U2", "edit G1 target:5", "commands.Refusal", nil, nil},
		{"U1", "delete G1", "commands.DeleteAsked", nil, nil},
		{"U1", "subscribe <#C1|alerts> team:growth", "commands.Subscribed", nil, []string{"C1"}},
		{"U1", "subscriptions <#C1>", "commands.SubscriptionList", nil, nil},
		{"U1", "unsubscribe <#C1> S1", "commands.Unsubscribed", nil, []string{"C1"}},
		{"U1", "unsubscribe <#C1>", "commands.Unsubscribed", nil, nil}, // none left to remove
		{"U1", "sources", "commands.SourceList", nil, nil},
	} {
		o, err := a.Execute(ctx, Actor{UserID: c.user}, "C1", c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		ch := o.Changes()
		if kind := fmt.Sprintf("%T", o); kind != c.kind || !slices.Equal(ch.Goals, c.goals) || !slices.Equal(ch.Channels, c.channels) {
			t.Errorf("%s: %s changing %v %v, want %s changing %v %v", c.text, kind, ch.Goals, ch.Channels, c.kind, c.goals, c.channels)
		}
	}
	if _, err := a.Store.Goal(ctx, "G1"); err != nil {
		t.Fatalf("delete without its confirmation deleted G1: %v", err)
	}
	d, err := a.ConfirmDelete(ctx, Actor{UserID: "U1"}, []string{"G1"})
	if err != nil || !slices.Equal(d.Changes().Goals, []string{"G1"}) {
		t.Fatalf("confirm: %+v, %v", d, err)
	}
	if _, err := a.Store.Goal(ctx, "G1"); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		t.Errorf("G1 survived its confirmed deletion: %v", err)
	}
}

// TestRefusalSaysWhatWouldBeRight: bad input of a command is a refusal with its
// problems field by field and the command's usage; a refused permission has no usage.
func TestRefusalSaysWhatWouldBeRight(t *testing.T) {
	a := newTestApp(t)
	run(t, a, "U1", createText)
	o, _ := a.Execute(context.Background(), Actor{UserID: "U1"}, "C1", "create name:X goal_type:network_conversions campaigns:cmp-1 duration:custom target:5")
	r := o.(Refusal)
	if r.Code != goalbot.EINVALID || len(r.Problems) != 2 || r.Problems[0].Field != FieldStart || r.UsageOf != VerbCreate {
		t.Errorf("bad create: %+v", r)
	}
	o, _ = a.Execute(context.Background(), Actor{UserID: "U2"}, "C1", "edit G1 target:5")
	if r := o.(Refusal); r.Code != goalbot.EFORBIDDEN || r.UsageOf != "" || r.Message.IsZero() {
		t.Errorf("another user's edit: %+v", r)
	}
}
