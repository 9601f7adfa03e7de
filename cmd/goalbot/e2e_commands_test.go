package main

import (
	"github.com/goalbot/goalbot/bot"
	"strings"
	"testing"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// slash types /goal text as user in channel and returns the reply's JSON.
func (e *e2e) slash(user, channel, text string) string {
	e.t.Helper()
	id := e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: user, ChannelID: channel, Text: text})
	return compactJSON(waitResponse(e.t, e.fake, id).Body)
}

// click presses a button as user and returns the reply's JSON.
func (e *e2e) click(user, action, value string) string {
	e.t.Helper()
	id := e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: user, ChannelID: "C1", ActionID: action, Value: value})
	return compactJSON(waitResponse(e.t, e.fake, id).Body)
}

func expectIn(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: reply lacks %q:\n%s", what, w, got)
		}
	}
}

// TestE2ETypedCommands drives every /goal command through the fake Slack: its
// answers, bad input, permissions, and a subscription made with /goal that routes
// alerts to its channel.
func TestE2ETypedCommands(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetUser(slacktest.User{ID: "U3", Name: "cy"})
	in := e.start()
	in.ingest("2026-03-09", 5) // puts act-1 and cmp-1 in the catalog

	expectIn(t, "help", e.slash("U1", "C1", ""), "/goal create", "is a goal target of *200*")
	e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "create"})
	e.waitView(bot.CallbackCreate, "Step 1 of 4")
	expectIn(t, "bad create", e.slash("U1", "C1", "create name:x goal_type:clicks campaigns:cmp-9 duration:monthly target:1"),
		"Nothing was changed", "goal_type", "unknown campaign cmp-9")
	expectIn(t, "create", e.slash("U1", "C1", `create name:"<!channel> leads" goal_type:network_conversions campaigns:cmp-1 duration:monthly start:2026-03-01 end:2026-03-31 target:100 notify:started`),
		"Created *G1* · &lt;!channel&gt; leads")
	list := e.slash("U2", "C1", "list campaign:cmp-1")
	expectIn(t, "list", list, "*G1* · &lt;!channel&gt; leads", `"action_id":"goal_show"`)
	if strings.Contains(list, "<!channel>") {
		t.Errorf("a reply holds the raw name: %s", list)
	}
	expectIn(t, "list none", e.slash("U2", "C1", "list status:missed"), "No goals match")
	expectIn(t, "list bad", e.slash("U2", "C1", "list colour:red"), "unknown filter", "campaign, account, team")
	// Measured before the reply: show gives its figures at once, no pass needed.
	expectIn(t, "show", e.slash("U3", "C1", "show G1"), "Network conversions", "2026-03-01 – 2026-03-31", `*Actual / target*\n5 / 100`)
	expectIn(t, "show missing", e.slash("U3", "C1", "show G9"), "G9")
	expectIn(t, "edit refused", e.slash("U3", "C1", "edit G1 target:150"), "only the creator of G1")
	// Targets: messages name the field as typed and say what to type; contacts are whole.
	expectIn(t, "two targets for one period", e.slash("U1", "C1", "edit G1 target.cmp-1:1,2"),
		"⚠️ `target.cmp-1`: G1 has 1 period: give one target (you gave 2)")
	expectIn(t, "fractional contacts", e.slash("U1", "C1", "create name:x goal_type:contacts_in_stage lifecycle_stage:lead campaigns:cmp-1 duration:monthly target:100.5"),
		"⚠️ `target`: contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5")
	expectIn(t, "edit by an admin", e.slash("U2", "C1", `edit G1 name:"Spring leads"`), "Updated *G1* · Spring leads")
	expectIn(t, "edit target", e.slash("U1", "C1", "edit G1 target:300"), "Updated *G1*", "Now 5 of 300 this period")
	expectIn(t, "show after edit", e.slash("U3", "C1", "show G1"), `*Actual / target*\n5 / 300`)
	e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "edit G1"})
	e.waitView(bot.CallbackEdit, `"initial_value":"Spring leads"`)

	// Subscriptions: members and admins only; the channel then gets alerts.
	expectIn(t, "subscribe refused", e.slash("U3", "C1", "subscribe <#C1|marketing>"), "only members of")
	expectIn(t, "subscribe", e.slash("U1", "C1", "subscribe <#C1|marketing> campaign:cmp-1 events:started,threshold"), "*S1*", "started")
	expectIn(t, "plain channel", e.slash("U1", "C1", "subscribe #marketing"), "autocomplete")
	expectIn(t, "subscriptions", e.slash("U3", "C1", "subscriptions"), "*S1* <#C1>")
	expectIn(t, "private subscriptions", e.slash("U3", "C1", "subscriptions <#G3|secret>"), "is private")
	// G1 started when it was created, before the subscription: C1 gets later events.
	in.ingest("2026-03-10", 150)
	in.evaluate(e2eNow)
	waitEvents(t, e.fake, "C1", "threshold:50")
	waitEvents(t, e.fake, e.fake.DMChannel("U1"), "started")
	expectIn(t, "refresh", e.slash("U1", "C1", "refresh G1"), "Measured G1 now")
	expectIn(t, "unsubscribe", e.slash("U1", "C1", "unsubscribe <#C1|marketing> S1"), "Removed S1")

	// Delete: a confirmation first; a forged confirmation is refused.
	expectIn(t, "delete", e.slash("U1", "C1", "delete G1"), `"action_id":"goal_delete_confirm"`, `"confirm":`)
	expectIn(t, "show after delete request", e.slash("U1", "C1", "show G1"), "Spring leads")
	expectIn(t, "forged confirm", e.click("U3", bot.ActionDeleteConfirm, "G1"), "only the creator of G1")
	expectIn(t, "cancel", e.click("U1", bot.ActionDeleteCancel, "G1"), "Nothing was deleted")
	expectIn(t, "confirm", e.click("U1", bot.ActionDeleteConfirm, "G1"), "Deleted G1")
	expectIn(t, "gone", e.slash("U1", "C1", "show G1"), "not found")
}
