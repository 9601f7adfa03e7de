package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// TestE2EHistory drives a goal's history through the fake Slack: a typed edit, an
// edit in the modal and a PATCH over the API are each recorded with who made them and
// their fields; a delete, confirmed with its button, takes the goal out of every list
// and says how to restore it; the history of the deleted goal says who deleted it;
// a restore by someone else is refused, by its creator puts it back whole without its
// alerts firing again; a restore after 30 days is refused with a clear message. GET
// /v1/goals/{id}/history answers the same, with the settled periods' campaigns.
func TestE2EHistory(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetUser(slacktest.User{ID: "U3", Name: "cy"})
	in := e.start()
	in.ingest("2026-01-15", 80)
	in.ingest("2026-02-10", 120)
	expectIn(t, "create", e.slash("U1", "C1", "create name:Leads goal_type:network_conversions campaigns:cmp-1 duration:monthly target:100 notify:started"),
		"Created *G1*")
	waitEvents(t, e.fake, e.fake.DMChannel("U1"), "started")

	expectIn(t, "typed edit", e.slash("U1", "C1", `edit G1 name:"Spring leads" team:growth`), "Updated *G1*")
	e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "edit G1"})
	modal := e.waitView(bot.CallbackEdit, `"initial_value":"Spring leads"`)
	saved := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: modal.ID, Values: map[string]map[string]slacktest.StateValue{
		"name":          {"name": slacktest.PlainText("Summer leads")},
		"target":        {"target": slacktest.PlainText("100")},
		"target_cmp-1":  {"target_cmp-1": slacktest.PlainText("")},
		"notifications": {"notifications": slacktest.Checkboxes("started", "milestone")},
		"team":          {"team": slacktest.PlainText("growth")},
	}})
	expectIn(t, "modal edit", e.ack(saved), `"response_action":"update"`, "Saved *G1*")
	in.mustDo("PATCH", "/v1/goals/G1", e2eAPIToken, `{"name":"<!channel> leads"}`, http.StatusOK)

	h := e.slash("U3", "C1", "history G1")
	expectIn(t, "history", h, "History of G1 · &lt;!channel&gt; leads",
		"2026-01-01 – 2026-01-31: 80 of 100 (80%), missed", "2026-02-01 – 2026-02-28: 120 of 100 (120%), exceeded",
		"2026-03-01 – 2026-03-31: 0 of 100 so far (0%), running", "Campaigns in 2026-03-01 – 2026-03-31",
		"edited by the API", "name: Summer leads → &lt;!channel&gt; leads",
		"edited by <@U1>", "notifications: started → started, milestone", "name: Spring leads → Summer leads",
		"name: Leads → Spring leads", "team: (none) → growth", "created by <@U1>")
	expectIn(t, "a settled month's campaigns", e.slash("U3", "C1", "history G1 period:2026-01-20"),
		"Campaigns in 2026-01-01 – 2026-01-31", "• `cmp-1`: 80 of 100 (80%) · $10.00")

	// Delete: confirmed with its button; the answer says how to restore it.
	expectIn(t, "delete", e.slash("U1", "C1", "delete G1"), `"action_id":"goal_delete_confirm"`, "restore them for 30 days")
	expectIn(t, "deleted", e.click("U1", bot.ActionDeleteConfirm, "G1"), "Deleted G1", "`/goal restore G1` within 30 days")
	expectIn(t, "gone from show", e.slash("U1", "C1", "show G1"), "not found")
	expectIn(t, "gone from lists", e.slash("U1", "C1", "list team:growth"), "No goals match")
	expectIn(t, "the deleted goal's history", e.slash("U3", "C1", "history G1"),
		"🗑️ Deleted by <@U1>", "`/goal restore G1` puts it back", "deleted by <@U1>")

	expectIn(t, "restore by someone else", e.slash("U3", "C1", "restore G1"), "only the creator of G1", "can restore it")
	expectIn(t, "still deleted", e.slash("U1", "C1", "show G1"), "not found")
	expectIn(t, "restore", e.slash("U1", "C1", "restore G1"), "♻️ Restored G1")
	expectIn(t, "back in lists", e.slash("U1", "C1", "list team:growth"), "*G1* · &lt;!channel&gt; leads")
	expectIn(t, "measured", e.slash("U1", "C1", "show G1"), "*Actual / target*\\n0 / 100")
	e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	e.waitHome("U1", 0, "G1 · &lt;!channel&gt; leads", `"action_id":"goal_delete","value":"G1"`)
	in.mustDo("GET", "/v1/goals/G1", e2eAPIToken, "", http.StatusOK)
	expectIn(t, "restored history", e.slash("U3", "C1", "history G1"), "restored by <@U1>", "deleted by <@U1>", "Changes 1–6 of 6")
	in.evaluate(e2eNow)
	if got := alertEvents(e.fake, e.fake.DMChannel("U1")); !slices.Equal(got, []string{"started"}) {
		t.Errorf("alerts to U1 after the restore: %q, want the one started from before", got)
	}

	var api struct {
		Goal    struct{ Name string } `json:"goal"`
		Deleted *struct{}             `json:"deleted"`
		Periods []struct {
			Start     string `json:"start"`
			State     string `json:"state"`
			Campaigns []struct {
				Campaign string  `json:"campaign"`
				Actual   float64 `json:"actual"`
			} `json:"campaigns"`
		} `json:"periods"`
		Changes []struct {
			Kind string  `json:"kind"`
			By   *string `json:"by"`
		} `json:"changes"`
		Total int `json:"changes_total"`
	}
	if err := json.Unmarshal(in.mustDo("GET", "/v1/goals/G1/history", e2eAPIToken, "", http.StatusOK), &api); err != nil {
		t.Fatal(err)
	}
	if api.Goal.Name != "<!channel> leads" || api.Deleted != nil || len(api.Periods) != 12 || api.Total != 6 || len(api.Changes) != 6 ||
		api.Changes[0].Kind != "restored" || api.Changes[2].By != nil || api.Changes[5].Kind != "created" {
		t.Errorf("GET history: %+v", api)
	}
	if p := api.Periods[1]; p.State != "settled" || len(p.Campaigns) != 1 || p.Campaigns[0].Campaign != "cmp-1" || p.Campaigns[0].Actual != 120 {
		t.Errorf("February over the API: %+v", p)
	}

	// After 30 days a deleted goal can no longer be restored.
	expectIn(t, "another", e.slash("U1", "C1", "create name:Later goal_type:network_conversions campaigns:cmp-1 duration:monthly target:100 notify:none"),
		"Created *G2*")
	e.slash("U1", "C1", "delete G2")
	expectIn(t, "deleted G2", e.click("U1", bot.ActionDeleteConfirm, "G2"), "Deleted G2")
	in.evaluate("2026-04-09T12:00:00Z")
	expectIn(t, "too late", e.slash("U1", "C1", "restore G2"),
		"G2 was deleted on 2026-03-10, more than 30 days ago, so it can no longer be restored")
}

// TestE2EHistoryFolds: the history of the largest goal (a year of weeks, fifty
// campaigns with long ids, a name that escapes to five times its length, a dozen
// edits of every campaign's target) fits Slack's limits as the fake Slack holds them:
// its periods come a page at a time, a change's many fields are counted rather than
// listed, and older changes are a page away.
func TestE2EHistoryFolds(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	ids := make([]string, goalbot.MaxCampaigns)
	var rows []string
	for i := range ids {
		ids[i] = fmt.Sprintf("campaign-%02d-%s", i, strings.Repeat("x", 40))
		rows = append(rows, fmt.Sprintf(`{"date":"2026-02-03","network":"google","account_id":"act-1","account_name":"Acme","campaign_id":%q,`+
			`"campaign_name":"Spring","currency":"USD","spend":10,"conversions":%d}`, ids[i], i))
	}
	in.mustDo("POST", "/v1/metrics", e2eIngestToken, "["+strings.Join(rows, ",")+"]", http.StatusOK)
	name := strings.Repeat("&", goalbot.MaxNameLength)
	body, _ := json.Marshal(map[string]any{"name": name, "goal_type": "network_conversions", "ad_campaigns": ids, "duration": "weekly",
		"start_date": "2025-09-08", "end_date": "2026-09-06", "target": 10, "creator": "U1", "notifications": []string{}})
	in.mustDo("POST", "/v1/goals", e2eAPIToken, string(body), http.StatusCreated)
	for edit := range 12 {
		targets := map[string]any{}
		for _, id := range ids {
			targets[id] = 11 + edit
		}
		patch, _ := json.Marshal(map[string]any{"name": name[:goalbot.MaxNameLength-1-edit%2], "targets": targets})
		in.mustDo("PATCH", "/v1/goals/G1", e2eAPIToken, string(patch), http.StatusOK)
	}
	in.evaluate(e2eNow)

	expectIn(t, "history", e.slash("U1", "C1", "history G1"), "Periods 27–52 of 52",
		"Earlier periods: `/goal history G1 period:2026-03-02`", "Campaigns in 2026-03-09 – 2026-03-15",
		"more fields", "Older changes: `/goal history G1 changes:2`")
	e.noRejections("the history")
	expectIn(t, "a settled week", e.slash("U1", "C1", "history G1 period:2026-02-03"), "Periods 1–26 of 52",
		"Campaigns in 2026-02-02 – 2026-02-08", "`campaign-49-xxxx", "…`: 49 of 10 (490%) · $10.00", "Later periods")
	e.noRejections("a settled week's history")
	expectIn(t, "the last page of changes", e.slash("U1", "C1", "history G1 changes:2"), "Changes 11–13 of 13", "created by <@U1>")
	e.noRejections("the last page of changes")
}
