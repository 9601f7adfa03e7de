package main

import (
	"context"
	"fmt"
	"github.com/goalbot/goalbot/bot"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// ack sends nothing itself: it waits for an envelope's ack and returns its payload.
func (e *e2e) ack(envelopeID string) string {
	e.t.Helper()
	a, err := e.fake.WaitAck(ctxFor(e.t, 10*time.Second), envelopeID)
	if err != nil {
		e.t.Fatal(err)
	}
	if a.Error != "" {
		e.t.Errorf("the fake could not apply the ack of %s: %s", envelopeID, a.Error)
	}
	return compactJSON(a.Payload)
}

// waitView waits for the first view with callbackID whose source contains want.
func (e *e2e) waitView(callbackID, want string) slacktest.View {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, v := range e.fake.Views() {
			if v.CallbackID == callbackID && strings.Contains(compactJSON(v.Source), want) {
				return v
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.t.Fatalf("no %s view with %s; views: %+v", callbackID, want, e.fake.Views())
	return slacktest.View{}
}

// TestE2EFilterModal drives the filter modal through the fake Slack: the list's Filter
// button opens it prefilled, the catalog answers its pickers, Clear all empties it,
// bad progress comes back under its block, and a submit replaces the list message (or
// posts a fresh list when the response_url fails).
func TestE2EFilterModal(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	in.ingest("2026-03-09", 5) // act-1 and cmp-1 in the catalog
	in.createGoal("Spring leads")

	expectIn(t, "list", e.slash("U1", "C1", "list campaign:cmp-1"), `"action_id":"goal_filter"`, `"value":"campaign:cmp-1"`)
	click := e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: bot.ActionFilter, Value: "campaign:cmp-1"})
	env, _ := e.fake.Envelope(click)
	v := e.waitView(bot.CallbackFilter, `"initial_options":[{"text":{"type":"plain_text","text":`)
	expectIn(t, "prefilled", compactJSON(v.Source), `"value":"cmp-1"`, `"block_id":"progress_max"`)

	sug := e.fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ViewID: v.ID, ActionID: commands.FieldCampaigns, BlockID: commands.FieldCampaigns, Value: "cmp"})
	expectIn(t, "campaign suggestions", e.ack(sug), `"options":[`, `"value":"cmp-1"`)
	sug = e.fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ViewID: v.ID, ActionID: commands.FieldAccounts, BlockID: commands.FieldAccounts, Value: "act"})
	expectIn(t, "account suggestions", e.ack(sug), `"value":"act-1"`)

	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: v.ID, ActionID: bot.ActionFilterClear, BlockID: "filter_actions"})
	cleared := e.waitView(bot.CallbackFilter, `"block_id":"team#1"`)
	if strings.Contains(compactJSON(cleared.Source), "cmp-1") || cleared.ID != v.ID {
		t.Errorf("Clear all kept a value or opened another view: %s", cleared.Source)
	}

	bad := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: v.ID, Values: map[string]map[string]slacktest.StateValue{
		"progress_min#1": {"progress_min": slacktest.NumberInput("abc")},
	}})
	expectIn(t, "bad progress", e.ack(bad), `"response_action":"errors"`, `"progress_min#1":"Enter a percentage`)

	ok := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: v.ID, Values: map[string]map[string]slacktest.StateValue{
		"ad_campaigns#1": {"ad_campaigns": slacktest.MultiExternalSelect("cmp-1")},
		"goal_type#1":    {"goal_type": slacktest.MultiStaticSelect("network_conversions")},
	}})
	if got := e.ack(ok); got != "" && got != "null" {
		t.Errorf("a good submit should close the modal, acked %s", got)
	}
	r, err := e.fake.WaitResponse(ctxFor(t, 10*time.Second), env.ResponseURL, func(r slacktest.Response) bool { return r.ReplaceOriginal })
	if err != nil {
		t.Fatal(err)
	}
	expectIn(t, "replaced list", compactJSON(r.Body), "Goals matching campaign:cmp-1 goal_type:network_conversions", "Spring leads")

	// The response_url fails: a fresh ephemeral list instead.
	e.fake.FailNext("response_url", 1, slacktest.ServerError{})
	again := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: v.ID, Values: map[string]map[string]slacktest.StateValue{
		"team#1": {"team": slacktest.PlainText("nobody")},
	}})
	e.ack(again)
	c, err := e.fake.WaitCall(ctxFor(t, 10*time.Second), "chat.postEphemeral", func(c slacktest.Call) bool {
		return strings.Contains(c.Params.Get("blocks"), "team:nobody")
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Params.Get("user") != "U1" || c.Params.Get("channel") != "C1" {
		t.Errorf("fresh list went to %s in %s", c.Params.Get("user"), c.Params.Get("channel"))
	}
}

// TestE2EEditModal drives the edit modal through the fake Slack: /goal edit ID and the
// Edit button open it prefilled; bad values, a refusal and a stale form come back under
// their blocks; a good submit saves and closes it.
func TestE2EEditModal(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetUser(slacktest.User{ID: "U3", Name: "cy"})
	in := e.start()
	in.ingest("2026-03-09", 5)
	id := in.createGoal("Spring leads")

	expectIn(t, "list", e.slash("U1", "C1", "list"), `"action_id":"goal_edit","value":"`+id+`"`)
	expectIn(t, "show", e.slash("U1", "C1", "show "+id), `"action_id":"goal_edit","value":"`+id+`"`)
	e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "edit " + id})
	first := e.waitView(bot.CallbackEdit, `"initial_value":"Spring leads"`)
	expectIn(t, "edit modal", compactJSON(first.Source), `"block_id":"target_cmp-1"`, `"value":"threshold"`, `\"v\":1`)
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: bot.ActionEdit, Value: id})
	var second slacktest.View
	deadline := time.Now().Add(10 * time.Second)
	for second.ID == "" && time.Now().Before(deadline) {
		for _, v := range e.fake.Views() {
			if v.CallbackID == bot.CallbackEdit && v.ID != first.ID {
				second = v
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if second.ID == "" {
		t.Fatal("the Edit button opened no modal")
	}
	expectIn(t, "refused open", e.click("U3", bot.ActionEdit, id), "only the creator of "+id)

	values := func(name, target string) map[string]map[string]slacktest.StateValue {
		return map[string]map[string]slacktest.StateValue{
			"name":          {"name": slacktest.PlainText(name)},
			"target":        {"target": slacktest.PlainText(target)},
			"target_cmp-1":  {"target_cmp-1": slacktest.PlainText("")},
			"notifications": {"notifications": slacktest.Checkboxes("started", "threshold", "milestone")},
			"team":          {"team": slacktest.PlainText("")},
		}
	}
	bad := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: first.ID, Values: values("Spring leads", "lots")})
	expectIn(t, "bad target", e.ack(bad), `"response_action":"errors"`, `"target":"\"lots\" is not a number`)
	periods := values("Spring leads", "100")
	periods["target_cmp-1"] = map[string]slacktest.StateValue{"target_cmp-1": slacktest.PlainText("1,2")}
	two := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: first.ID, Values: periods})
	expectIn(t, "two targets for one period", e.ack(two), `{"response_action":"errors","errors":{"target_cmp-1":"`+id+` has 1 period: give one target (you gave 2)"}}`)
	refused := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U3", ViewID: first.ID, Values: values("Mine", "100")})
	expectIn(t, "refused", e.ack(refused), `"response_action":"errors"`, `"name":"only the creator of `+id)
	good := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: first.ID, Values: values("Summer leads", "120")})
	// Measured within the ack: the last view and show give the new target at once.
	expectIn(t, "saved ack", e.ack(good), `"response_action":"update"`, "Saved *"+id+"*", "Now 5 of 120 this period")
	expectIn(t, "saved", e.slash("U1", "C1", "show "+id), "Summer leads", `*Actual / target*\n5 / 120`)
	stale := e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: second.ID, Values: values("Autumn leads", "100")})
	expectIn(t, "stale", e.ack(stale), `"response_action":"errors"`, "Someone else changed "+id)
	expectIn(t, "not overwritten", e.slash("U1", "C1", "show "+id), "Summer leads")
}

// TestE2ECreateWizard walks the create wizard through the fake Slack: /goal create
// opens step 1, each submit replaces the view with the next step, suggestions come
// from the catalog, Back returns with values kept, errors show under their blocks,
// and the last step creates the goal.
func TestE2ECreateWizard(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	in.mustDo("POST", "/v1/metrics", e2eIngestToken, `[{"date":"2026-03-09","network":"google","account_id":"act-1","account_name":"Acme",`+
		`"campaign_id":"cmp-1","campaign_name":"Spring sale","currency":"USD","spend":10,"conversions":2,"first_form_submissions":5}]`, http.StatusOK)

	type values = map[string]map[string]slacktest.StateValue
	v, submit := e.wizard()
	expectIn(t, "step 1", submit(values{
		"goal_type": {"goal_type": slacktest.RadioButtons("first_form_submissions")},
		"name":      {"name": slacktest.PlainText("Wizard leads")},
	}), `"response_action":"update"`, "Step 2 of 4")
	e.waitView(bot.CallbackCreate, "Step 2 of 4")
	sug := e.fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ViewID: v.ID, ActionID: commands.FieldCampaigns, BlockID: commands.FieldCampaigns, Value: "cmp"})
	expectIn(t, "suggestions", e.ack(sug), `"value":"cmp-1"`)
	step2 := values{
		"ad_campaigns": {"ad_campaigns": slacktest.MultiExternalSelect("cmp-1")},
		"duration":     {"duration": slacktest.StaticSelect("monthly")},
		"start_date":   {"start_date": slacktest.DatePicker("2026-03-01")},
		"end_date":     {"end_date": slacktest.DatePicker("2026-03-31")},
	}
	expectIn(t, "step 2", submit(step2), "Step 3 of 4", `"block_id":"target_cmp-1"`)
	e.waitView(bot.CallbackCreate, "Step 3 of 4")
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: v.ID, ActionID: bot.ActionCreateBack, BlockID: "create_nav"})
	e.waitView(bot.CallbackCreate, `"initial_date":"2026-03-01"`)
	expectIn(t, "step 2 again", submit(step2), "Step 3 of 4")
	expectIn(t, "no target", submit(values{"target": {"target": slacktest.PlainText("")}}), `"response_action":"errors"`, `"target":`)
	expectIn(t, "fractional target", submit(values{"target": {"target": slacktest.PlainText("7.5")}}),
		`{"response_action":"errors","errors":{"target":"form submissions are counted in whole numbers: give a whole target, such as 7 or 8, not 7.5"}}`)
	expectIn(t, "step 3", submit(values{"target": {"target": slacktest.PlainText("100")}}), "Step 4 of 4")
	expectIn(t, "step 4", submit(values{
		"notifications": {"notifications": slacktest.Checkboxes("started")},
		"team":          {"team": slacktest.PlainText("growth")},
	}), `"response_action":"update"`, "Created *G1* · Wizard leads", "Now 5 of 100 this period")
	expectIn(t, "show", e.slash("U1", "C1", "show G1"), "Wizard leads", "2026-03-01 – 2026-03-31", `*Actual / target*\n5 / 100`)
	// The Home tab, opened right after, has its figures too.
	e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	e.waitHome("U1", 0, "G1 · Wizard leads", "▱▱▱▱▱▱▱▱▱▱ 5%")
}

// TestE2ECreateWizardLargeStep: a targets step too large for an ack (50 campaigns over
// 53 weeks) comes as a stand-in in the ack and then by views.update; Show brings it
// too.
func TestE2ECreateWizardLargeStep(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	var camps []goalbot.Campaign
	var picked []string
	for i := range goalbot.MaxCampaigns {
		id := fmt.Sprintf("cmp-%02d-%s", i, strings.Repeat("9", 33))
		camps = append(camps, goalbot.Campaign{ID: id, Name: fmt.Sprintf("Campaign with a long name & <brackets> %02d", i), AccountID: "act-1"})
		picked = append(picked, id)
	}
	acct := []goalbot.Account{{ID: "act-1", Name: "Acme", Network: "google", Currency: "USD"}}
	if err := in.m.Store.UpsertCatalog(context.Background(), acct, camps); err != nil {
		t.Fatal(err)
	}
	type values = map[string]map[string]slacktest.StateValue
	v, submit := e.wizard()
	expectIn(t, "step 1", submit(values{
		"goal_type": {"goal_type": slacktest.RadioButtons("network_conversions")},
		"name":      {"name": slacktest.PlainText("Weekly leads")},
	}), "Step 2 of 4")
	e.waitView(bot.CallbackCreate, "Step 2 of 4")
	stand := submit(values{
		"ad_campaigns": {"ad_campaigns": slacktest.MultiExternalSelect(picked...)},
		"duration":     {"duration": slacktest.StaticSelect("weekly")},
		"start_date":   {"start_date": slacktest.DatePicker("2026-01-05")},
		"end_date":     {"end_date": slacktest.DatePicker("2027-01-10")},
	})
	expectIn(t, "stand-in", stand, "Step 3 of 4", `"action_id":"goal_create_show"`)
	if len(stand) > 4<<10 {
		t.Errorf("stand-in ack of %d bytes", len(stand))
	}
	last := `"block_id":"` + goalbot.TargetField(picked[len(picked)-1]) + `"`
	step3 := e.waitView(bot.CallbackCreate, last)
	expectIn(t, "step 3", compactJSON(step3.Source), "53 periods: 2026-01-05–2026-01-11", "One number, or 53 separated by commas")

	// Show (as if the update had reached Slack before the ack) brings the same step.
	before := step3.Updates
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: v.ID, ActionID: bot.ActionCreateShow, BlockID: "create_show"})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cur := e.waitView(bot.CallbackCreate, last); cur.Updates > before {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if cur := e.waitView(bot.CallbackCreate, last); cur.Updates <= before {
		t.Error("Show did not update the view")
	}
	expectIn(t, "step 4", submit(values{"target": {"target": slacktest.PlainText("10")}}), "Step 4 of 4")
}
