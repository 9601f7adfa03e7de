package slacktest_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func modal(callbackID, title string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           slack.NewTextBlockObject("plain_text", title, false, false),
		Submit:          slack.NewTextBlockObject("plain_text", "Save", false, false),
		CallbackID:      callbackID,
		PrivateMetadata: "meta-" + callbackID,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func nameInput() slack.Block {
	return slack.NewInputBlock("name", slack.NewTextBlockObject("plain_text", "Name", false, false), nil,
		slack.NewPlainTextInputBlockElement(nil, "name"))
}

// TestModalRoundTrip: a slash command's trigger opens a modal, its submission
// reaches the bot with the state values, and the ack's response_action updates it.
func TestModalRoundTrip(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	c := api(fake)
	submitted := make(chan slack.InteractionCallback, 1)
	runBot(t, fake, func(evt socketmode.Event) any {
		switch data := evt.Data.(type) {
		case slack.SlashCommand:
			go func() {
				// The fake records the call before its answer reaches us, so the test
				// may end (and cancel its context) while the answer is on its way.
				if _, err := c.OpenViewContext(t.Context(), data.TriggerID, modal("goal_create", "New goal", nameInput())); err != nil && t.Context().Err() == nil {
					t.Errorf("views.open: %v", err)
				}
			}()
		case slack.InteractionCallback:
			if data.Type == slack.InteractionTypeViewSubmission {
				submitted <- data
				return slack.NewUpdateViewSubmissionResponse(ptr(modal("goal_create_step2", "Step 2", nameInput())))
			}
		}
		return nil
	})
	ctx := ctxT(t, 10*time.Second)

	fake.SlashCommand(slacktest.SlashCommandArgs{Text: "create", UserID: "U1", ChannelID: "C1"})
	call, err := fake.WaitCall(ctx, "views.open", slacktest.Call.OK)
	if err != nil {
		t.Fatal(err)
	}
	if call.Token != fake.BotToken() || call.Param("trigger_id") == "" {
		t.Errorf("views.open call = %+v", call)
	}
	var body struct {
		View slack.ModalViewRequest `json:"view"`
	}
	if err := json.Unmarshal(call.Body, &body); err != nil || body.View.CallbackID != "goal_create" || len(body.View.Blocks.BlockSet) != 1 {
		t.Fatalf("views.open body %s: %v", call.Body, err)
	}
	views := fake.Views()
	if len(views) != 1 || views[0].User != "U1" || views[0].CallbackID != "goal_create" || views[0].PrivateMetadata != "meta-goal_create" {
		t.Fatalf("views = %+v", views)
	}
	v := views[0]

	id := fake.ViewSubmission(slacktest.ViewSubmissionArgs{
		UserID: "U1", ViewID: v.ID,
		Values: map[string]map[string]slacktest.StateValue{
			"name":       {"name": slacktest.PlainText("Spring leads")},
			"goal_type":  {"goal_type": slacktest.StaticSelect("network_conversions")},
			"start_date": {"start_date": slacktest.DatePicker("2026-01-01")},
			"fiscal":     {"fiscal": slacktest.Checkboxes("align")},
		},
	})
	ack, err := fake.WaitAck(ctx, id)
	if err != nil || ack.Error != "" {
		t.Fatalf("ack %+v: %v", ack, err)
	}
	cb := <-submitted
	vals := cb.View.State.Values
	if cb.View.ID != v.ID || cb.View.CallbackID != "goal_create" || cb.View.PrivateMetadata != "meta-goal_create" ||
		cb.View.Hash != v.Hash || cb.User.ID != "U1" || cb.User.Name != "ana" ||
		vals["name"]["name"].Value != "Spring leads" ||
		vals["goal_type"]["goal_type"].SelectedOption.Value != "network_conversions" ||
		vals["start_date"]["start_date"].SelectedDate != "2026-01-01" ||
		len(vals["fiscal"]["fiscal"].SelectedOptions) != 1 {
		t.Errorf("submission = %+v", cb)
	}
	if got, _ := fake.View(v.ID); got.CallbackID != "goal_create_step2" || got.Updates != 1 || got.Hash == v.Hash || got.Closed {
		t.Errorf("after response_action update: %+v", got)
	}

	// The trigger was single-use.
	_, err = c.OpenViewContext(ctx, call.Param("trigger_id"), modal("again", "Again"))
	if got := slackError(err); got != "exchanged_trigger_id" {
		t.Errorf("reused trigger: %q", got)
	}
}

func ptr[T any](v T) *T { return &v }

func TestTriggerRules(t *testing.T) {
	fake := slacktest.NewT(t, slacktest.WithTriggerTTL(100*time.Millisecond))
	c := api(fake)
	ctx := t.Context()
	id := fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"})
	env, _ := fake.Envelope(id)

	for _, tc := range []struct {
		name, trigger string
		view          slack.ModalViewRequest
		want          string
	}{
		{"unknown trigger", "1.2.3", modal("x", "X"), "invalid_trigger_id"},
		{"long title", env.TriggerID, modal("x", strings.Repeat("t", 25)), "invalid_arguments"},
		{"too many blocks", env.TriggerID, modal("x", "X", manyBlocks(101)...), "invalid_arguments"},
	} {
		_, err := c.OpenViewContext(ctx, tc.trigger, tc.view)
		if got := slackError(err); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	time.Sleep(150 * time.Millisecond)
	_, err := c.OpenViewContext(ctx, env.TriggerID, modal("x", "X"))
	if got := slackError(err); got != "expired_trigger_id" {
		t.Errorf("late views.open: %q", got)
	}
}

func manyBlocks(n int) []slack.Block {
	out := make([]slack.Block, n)
	for i := range out {
		out[i] = slack.NewDividerBlock()
	}
	return out
}

func TestPushUpdatePublish(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	c := api(fake)
	ctx := t.Context()

	env := envelope(t, fake, fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1"}))
	root, err := c.OpenViewContext(ctx, env.TriggerID, modal("goal_filter", "Filter"))
	if err != nil {
		t.Fatal(err)
	}
	// A button in the modal gives a trigger that can push onto its stack.
	click := envelope(t, fake, fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: root.ID, ActionID: "goal_filter_clear", BlockID: "b"}))
	pushed, err := c.PushViewContext(ctx, click.TriggerID, modal("confirm", "Sure?"))
	if err != nil {
		t.Fatal(err)
	}
	if pushed.RootViewID != root.ID || pushed.PreviousViewID != root.ID {
		t.Errorf("pushed view = %+v", pushed.View)
	}

	// views.update checks the hash.
	_, err = c.UpdateViewContext(ctx, modal("goal_filter", "Filter 2"), "", "stale", root.ID)
	if got := slackError(err); got != "hash_conflict" {
		t.Errorf("stale hash: %q", got)
	}
	upd, err := c.UpdateViewContext(ctx, modal("goal_filter", "Filter 2"), "", root.Hash, root.ID)
	if err != nil || upd.ID != root.ID || upd.Hash == root.Hash || upd.Title.Text != "Filter 2" {
		t.Fatalf("views.update = %+v, %v", upd, err)
	}

	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: manyBlocks(3)}}
	if _, err := c.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home}); err != nil {
		t.Fatal(err)
	}
	hv, found := fake.HomeView("U1")
	if !found || hv.Type != "home" || hv.Updates != 1 {
		t.Errorf("home view = %+v", hv)
	}
	if _, err := c.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U404", View: home}); slackError(err) != "user_not_found" {
		t.Errorf("publish for unknown user: %v", err)
	}
	// A view over 250 kB is refused, as Slack does.
	big := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("x", 260_000), false, false), nil, nil)}}}
	if _, err := c.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: big}); slackError(err) != "view_too_large" {
		t.Errorf("publish of a view over 250 kB: %v", err)
	}
}

// envelope returns a sent envelope.
func envelope(t *testing.T, fake *slacktest.Server, id string) slacktest.Envelope {
	t.Helper()
	env, found := fake.Envelope(id)
	if !found {
		t.Fatalf("no envelope %s", id)
	}
	return env
}

// TestInteractivePayloads checks that slack-go decodes the block_actions and
// block_suggestion payloads, and that acks of block_suggestion carry options.
func TestInteractivePayloads(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", BotMember: true})
	_, ts, err := api(fake).PostMessageContext(t.Context(), "C1", slack.MsgOptionText("list", false))
	if err != nil {
		t.Fatal(err)
	}
	b := runBot(t, fake, func(evt socketmode.Event) any {
		if cb := evt.Data.(slack.InteractionCallback); cb.Type == slack.InteractionTypeBlockSuggestion {
			return map[string]any{"options": []any{map[string]any{"text": map[string]any{"type": "plain_text", "text": "Spring"}, "value": "cmp-1"}}}
		}
		return nil
	})
	ctx := ctxT(t, 10*time.Second)

	id := fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", MessageTS: ts, ActionID: "goal_show", BlockID: "g1", Value: "G1"})
	cb := b.next(t).Data.(slack.InteractionCallback)
	act := cb.ActionCallback.BlockActions
	env := envelope(t, fake, id)
	if cb.Type != slack.InteractionTypeBlockActions || len(act) != 1 || act[0].ActionID != "goal_show" || act[0].Value != "G1" ||
		cb.Container.Type != "message" || cb.Container.MessageTs != ts || cb.Channel.ID != "C1" || cb.Message.Text != "list" ||
		cb.ResponseURL != env.ResponseURL || cb.TriggerID != env.TriggerID {
		t.Errorf("block_actions = %+v", cb)
	}

	id = fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ViewID: "V1", ActionID: "ad_campaigns", BlockID: "ad_campaigns", Value: "spr"})
	cb = b.next(t).Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeBlockSuggestion || cb.ActionID != "ad_campaigns" || cb.Value != "spr" || cb.Container.ViewID != "V1" {
		t.Errorf("block_suggestion = %+v", cb)
	}
	ack, err := fake.WaitAck(ctx, id)
	if err != nil || !strings.Contains(string(ack.Payload), `"value":"cmp-1"`) {
		t.Errorf("block_suggestion ack %s: %v", ack.Payload, err)
	}
	if env := envelope(t, fake, id); !env.AcceptsResponsePayload {
		t.Error("block_suggestion envelope does not accept a response payload")
	}
}

// TestBlockActionsState checks that a click in a message carries the state of the
// message's stateful elements (state.values), and a tick of checkboxes its ticked
// options, as slack-go decodes them.
func TestBlockActionsState(t *testing.T) {
	fake := slacktest.NewT(t)
	fake.SetUser(slacktest.User{ID: "U1", Name: "ana"})
	fake.SetChannel(slacktest.Channel{ID: "C1", Name: "alerts", BotMember: true})
	b := runBot(t, fake, func(socketmode.Event) any { return nil })

	fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: "goal_select", BlockID: "row_G1",
		Type: "checkboxes", SelectedOptions: []string{"G1"}})
	cb := b.next(t).Data.(slack.InteractionCallback)
	act := cb.ActionCallback.BlockActions
	if len(act) != 1 || act[0].Type != "checkboxes" || len(act[0].SelectedOptions) != 1 || act[0].SelectedOptions[0].Value != "G1" {
		t.Errorf("checkboxes action = %+v", act)
	}
	if cb.BlockActionState == nil || len(cb.BlockActionState.Values) != 0 {
		t.Errorf("state without values = %+v", cb.BlockActionState)
	}

	fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: "goal_delete_selected", Value: "",
		Values: map[string]map[string]slacktest.StateValue{
			"row_G1": {"goal_select": slacktest.Checkboxes("G1")},
			"row_G2": {"goal_select": slacktest.Checkboxes()},
			"row_G3": {"goal_select": slacktest.Checkboxes("G3")},
		}})
	cb = b.next(t).Data.(slack.InteractionCallback)
	if cb.BlockActionState == nil {
		t.Fatal("block_actions without state")
	}
	var ticked []string
	for _, block := range []string{"row_G1", "row_G2", "row_G3"} {
		a, ok := cb.BlockActionState.Values[block]["goal_select"]
		if !ok || a.Type != "checkboxes" {
			t.Errorf("state of %s = %+v", block, cb.BlockActionState.Values[block])
		}
		for _, o := range a.SelectedOptions {
			ticked = append(ticked, o.Value)
		}
	}
	if strings.Join(ticked, " ") != "G1 G3" {
		t.Errorf("ticked = %q, want G1 G3", ticked)
	}
}
