package main

import (
	"encoding/json"
	"github.com/goalbot/goalbot/bot"
	"strings"
	"testing"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

// listButtons decodes a reply's blocks as slack-go reads them and returns its
// buttons by their text.
func listButtons(t *testing.T, r slacktest.Response) map[string]*slack.ButtonBlockElement {
	t.Helper()
	var msg struct {
		Blocks slack.Blocks `json:"blocks"`
	}
	if err := json.Unmarshal(r.Body, &msg); err != nil {
		t.Fatalf("decode reply %s: %v", r.Body, err)
	}
	out := map[string]*slack.ButtonBlockElement{}
	for _, b := range msg.Blocks.BlockSet {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, e := range ab.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					out[btn.Text.Text] = btn
				}
			}
		}
	}
	return out
}

// press clicks a button of a list message as user, with the message's state, and
// returns the first post to the click's response_url.
func (e *e2e) press(user string, b *slack.ButtonBlockElement, state map[string]map[string]slacktest.StateValue) slacktest.Response {
	e.t.Helper()
	if b == nil {
		e.t.Fatal("no such button")
	}
	id := e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: user, ChannelID: "C1", ActionID: b.ActionID, Value: b.Value, Values: state})
	return waitResponse(e.t, e.fake, id)
}

// slashResponse types /goal text as user in C1 and returns the reply.
func (e *e2e) slashResponse(user, text string) slacktest.Response {
	e.t.Helper()
	id := e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: user, ChannelID: "C1", Text: text})
	return waitResponse(e.t, e.fake, id)
}

// TestE2EListFilterButtons filters a list, then widens it with the buttons of its
// filter terms: each click replaces the list message with the list without that
// term.
func TestE2EListFilterButtons(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	in.ingest("2026-03-09", 5) // cmp-1 in the catalog
	for _, team := range []string{"growth", "growth", "brand"} {
		e.slash("U1", "C1", `create name:"`+team+` leads" goal_type:network_conversions campaigns:cmp-1 duration:monthly start:2026-03-01 end:2026-03-31 target:100 team:`+team)
	}

	list := e.slashResponse("U1", "list team:growth status:pending")
	expectIn(t, "filtered list", compactJSON(list.Body), "No goals match `team:growth status:pending`", `"action_id":"goal_filter_remove#1"`)
	buttons := listButtons(t, list)
	if buttons["Clear filters"] == nil {
		t.Errorf("no Clear filters: %s", list.Body)
	}

	wider := e.press("U2", buttons["✕ status:pending"], nil)
	js := compactJSON(wider.Body)
	if !wider.ReplaceOriginal {
		t.Errorf("the list was not replaced: %s", js)
	}
	expectIn(t, "without status", js, "Goals matching team:growth", "*G1* · growth leads", "*G2* · growth leads", `"action_id":"goal_select"`)
	if strings.Contains(js, "G3") || strings.Contains(js, "Clear filters") {
		t.Errorf("team:growth list: %s", js)
	}

	all := e.press("U2", listButtons(t, wider)["✕ team:growth"], nil)
	js = compactJSON(all.Body)
	if !all.ReplaceOriginal || strings.Contains(js, "goal_filter_remove") {
		t.Errorf("the unfiltered list: %s", js)
	}
	expectIn(t, "unfiltered", js, `"text":"Goals"`, "*G1*", "*G2*", "*G3* · brand leads")
}

// TestE2EDeleteSelected ticks two rows of a list and presses Delete selected: the
// same confirmation as /goal delete, and confirming deletes both. A tick alone
// answers nothing; Delete selected with nothing ticked says to tick goals first; a
// goal of someone else's is refused.
func TestE2EDeleteSelected(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetUser(slacktest.User{ID: "U3", Name: "cy"})
	in := e.start()
	in.ingest("2026-03-09", 5)
	for _, name := range []string{"One", "Two", "Three"} {
		in.createGoal(name)
	}
	list := e.slashResponse("U1", "list")
	expectIn(t, "list", compactJSON(list.Body), `"accessory":{"type":"checkboxes","action_id":"goal_select","options":[{"text":{"type":"plain_text","text":"Select","emoji":false},"value":"G1"}]}`)
	del := listButtons(t, list)["Delete selected"]

	// New goal on a list opens the create wizard with the click's trigger_id.
	newGoal := listButtons(t, list)["New goal"]
	if newGoal == nil || newGoal.ActionID != bot.ActionNewGoal {
		t.Fatalf("no New goal button on a list: %+v", newGoal)
	}
	e.ack(e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: newGoal.ActionID, Value: newGoal.Value}))
	e.waitView(bot.CallbackCreate, "Step 1 of 4")

	tick := e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: bot.ActionSelect,
		Type: "checkboxes", SelectedOptions: []string{"G1"}})
	e.ack(tick)
	nothing := e.press("U1", del, map[string]map[string]slacktest.StateValue{
		"r1": {bot.ActionSelect: slacktest.Checkboxes()},
	})
	expectIn(t, "nothing ticked", nothing.Text, "tick the *Select* box")
	if env, _ := e.fake.Envelope(tick); len(e.fake.Responses(env.ResponseURL)) != 0 {
		t.Errorf("a tick was answered: %+v", e.fake.Responses(env.ResponseURL))
	}

	refused := e.press("U3", del, map[string]map[string]slacktest.StateValue{
		"r2": {bot.ActionSelect: slacktest.Checkboxes("G2")},
	})
	expectIn(t, "someone else's goal", refused.Text, "only the creator of G2", "Nothing was deleted")

	confirm := e.press("U1", del, map[string]map[string]slacktest.StateValue{
		"r1": {bot.ActionSelect: slacktest.Checkboxes("G1")},
		"r2": {bot.ActionSelect: slacktest.Checkboxes()},
		"r3": {bot.ActionSelect: slacktest.Checkboxes("G3")},
	})
	typed := e.slashResponse("U1", "delete G1 G3")
	if string(confirm.Blocks) != string(typed.Blocks) || confirm.Text != typed.Text || confirm.ReplaceOriginal {
		t.Errorf("Delete selected answered\n%s\nwant what /goal delete G1 G3 answers:\n%s", confirm.Body, typed.Body)
	}
	expectIn(t, "confirmation", compactJSON(confirm.Body), `"action_id":"goal_delete_confirm"`, `"value":"G1 G3"`, `"action_id":"goal_delete_cancel"`)
	expectIn(t, "not yet deleted", e.slash("U1", "C1", "show G1"), "One")

	done := e.press("U1", listButtons(t, confirm)["Delete"], nil)
	expectIn(t, "deleted", done.Text, "Deleted G1, G3")
	after := compactJSON(e.slashResponse("U1", "list").Body)
	expectIn(t, "list after", after, "*G2* · Two")
	if strings.Contains(after, "*G1*") || strings.Contains(after, "*G3*") {
		t.Errorf("deleted goals still listed: %s", after)
	}
}
