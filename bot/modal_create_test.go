package bot

import (
	"context"
	"fmt"
	"github.com/goalbot/goalbot/commands"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
)

func TestCreateWizard(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	v := startCreate(t, a, en, "U1")
	raw := string(roundTrip(t, v))
	for _, w := range []string{`"callback_id":"goal_create"`, `"type":"radio_buttons","action_id":"goal_type"`, `"block_id":"name"`, "Step 1 of 4"} {
		if !strings.Contains(raw, w) {
			t.Errorf("step 1 lacks %s: %s", w, raw)
		}
	}
	if strings.Contains(raw, "lifecycle_stage") {
		t.Errorf("step 1 asks for a stage before a stage-based template is chosen: %s", raw)
	}
	step1 := `{"goal_type":{"goal_type":{"type":"radio_buttons","selected_option":{"value":"contacts_in_stage"}}},"name":{"name":{"type":"plain_text_input","value":"Spring leads"}}%s}`
	// A stage-based template: the same step asks for the stage.
	v = mustView(t, submitStep(t, a, en, "U1", v, fmt.Sprintf(step1, "")), `"block_id":"lifecycle_stage"`, `"initial_value":"Spring leads"`, "Step 1 of 4")
	res := submitStep(t, a, en, "U1", v, fmt.Sprintf(step1, `,"lifecycle_stage":{"lifecycle_stage":{"type":"static_select","selected_option":null}}`))
	if res.Errors[commands.FieldStage] == "" {
		t.Errorf("no stage: %+v", res)
	}
	v = mustView(t, submitStep(t, a, en, "U1", v, fmt.Sprintf(step1, `,"lifecycle_stage":{"lifecycle_stage":{"type":"static_select","selected_option":{"value":"lead"}}}`)),
		"Step 2 of 4", `"block_id":"ad_campaigns"`, `"type":"datepicker","action_id":"start_date"`, `"action_id":"goal_create_back"`)

	// Step 2: campaigns from the catalog.
	step2 := `{"ad_campaigns":{"ad_campaigns":{"type":"multi_external_select","selected_options":[%s]}},"duration":{"duration":{"type":"static_select","selected_option":{"value":"monthly"}}},
		"start_date":{"start_date":{"type":"datepicker","selected_date":%s}}}`
	res = submitStep(t, a, en, "U1", v, fmt.Sprintf(step2, `{"value":"cmp-9"}`, "null"))
	if !strings.Contains(res.Errors[commands.FieldCampaigns], "cmp-9") {
		t.Errorf("unknown campaign: %+v", res)
	}
	res = submitStep(t, a, en, "U1", v, fmt.Sprintf(step2, `{"value":"cmp-1"}`, `"2026-03-02"`))
	if res.Errors[commands.FieldStart] == "" {
		t.Errorf("a start that is not a period's first day: %+v", res)
	}
	v = mustView(t, submitStep(t, a, en, "U1", v, fmt.Sprintf(step2, `{"value":"cmp-1"},{"value":"cmp-2"}`, "null")),
		"Step 3 of 4", `"block_id":"target_cmp-2"`, `"text":"Summer (cmp-2)"`, "12 periods: 2026-01-01–2026-01-31")

	// Back keeps what was chosen.
	step, err := a.BackCreate(ctx, v.PrivateMetadata, stateOf(t, `{"target":{"target":{"type":"plain_text_input","value":"70"}}}`).form)
	if err != nil {
		t.Fatal(err)
	}
	back := createStepView(en, step)
	if raw := string(roundTrip(t, back)); !strings.Contains(raw, "Step 2 of 4") || !strings.Contains(raw, `"value":"cmp-2"`) || !strings.Contains(raw, `"initial_option":{"text":{"type":"plain_text","text":"monthly"`) {
		t.Errorf("back to step 2: %s", raw)
	}
	v = mustView(t, submitStep(t, a, en, "U1", back, fmt.Sprintf(step2, `{"value":"cmp-1"},{"value":"cmp-2"}`, "null")), `"initial_value":"70"`)

	// Step 3: targets.
	res = submitStep(t, a, en, "U1", v, `{"target":{"target":{"type":"plain_text_input","value":""}}}`)
	if res.Errors[commands.FieldTarget] == "" {
		t.Errorf("no target: %+v", res)
	}
	res = submitStep(t, a, en, "U1", v, `{"target":{"target":{"type":"plain_text_input","value":"100"}},"target_cmp-2":{"target_cmp-2":{"type":"plain_text_input","value":"1,2"}}}`)
	if res.Errors["target_cmp-2"] == "" {
		t.Errorf("two values for twelve periods: %+v", res)
	}
	v = mustView(t, submitStep(t, a, en, "U1", v, `{"target":{"target":{"type":"plain_text_input","value":"100"}},"target_cmp-2":{"target_cmp-2":{"type":"plain_text_input","value":"50"}}}`),
		"Step 4 of 4", `"action_id":"notifications"`, `"value":"at_risk"`, `"text":"Create goal"`)

	// Step 4: notifications and team; the goal is created.
	res = submitStep(t, a, en, "U1", v, `{"notifications":{"notifications":{"type":"checkboxes","selected_options":[]}},"team":{"team":{"type":"plain_text_input","value":"Bad Team"}}}`)
	if res.Errors[commands.FieldTeam] == "" {
		t.Errorf("bad team: %+v", res)
	}
	res = submitStep(t, a, en, "U1", v, `{"notifications":{"notifications":{"type":"checkboxes","selected_options":[{"value":"started"},{"value":"threshold"}]}},"team":{"team":{"type":"plain_text_input","value":"growth"}}}`)
	if res.Created == nil {
		t.Fatalf("not created: %+v", res)
	}
	g := mustGoal(t, a, res.Created.Goal.ID)
	if g.Name != "Spring leads" || g.Type != goalbot.ContactsInStage || g.Stage != "lead" || len(g.Campaigns) != 2 || g.Team != "growth" ||
		g.Targets.For("cmp-2", 0).String() != "50" || g.Targets.For("cmp-1", 0).String() != "100" || g.Creator != "U1" || len(g.Notifications) != 2 {
		t.Errorf("created %+v", g)
	}
	done := string(roundTrip(t, res.Ack))
	if !strings.Contains(done, "Created *G1*") {
		t.Errorf("last view %s", done)
	}
	// The draft is gone: the form cannot create a second goal.
	res = submitStep(t, a, en, "U1", v, `{"notifications":{"notifications":{"type":"checkboxes","selected_options":[]}},"team":{"team":{"type":"plain_text_input","value":""}}}`)
	if res.Created != nil || !strings.Contains(res.Errors[commands.FieldNotifications]+res.Errors[commands.FieldTeam], "expired") {
		t.Errorf("a used draft: %+v", res)
	}
}

// TestCreateWizardLimits: 50 campaigns over a year of weekly periods fit the targets
// step within Slack's limits.
func TestCreateWizardLimits(t *testing.T) {
	a := newTestApp(t)
	var opts []string
	for _, id := range longCampaigns(t, a) {
		opts = append(opts, `{"value":"`+id+`"}`)
	}
	v := startCreate(t, a, en, "U1")
	v = mustView(t, submitStep(t, a, en, "U1", v, `{"goal_type":{"goal_type":{"type":"radio_buttons","selected_option":{"value":"network_conversions"}}},"name":{"name":{"type":"plain_text_input","value":"big"}}}`))
	v = mustView(t, submitStep(t, a, en, "U1", v, `{"ad_campaigns":{"ad_campaigns":{"type":"multi_external_select","selected_options":[`+strings.Join(opts, ",")+`]}},"duration":{"duration":{"type":"static_select","selected_option":{"value":"weekly"}}}}`),
		"Step 3 of 4", "periods: ")
	checkViewLimits(t, v)
	if n := len(v.Blocks.BlockSet); n < 51 {
		t.Errorf("%d blocks for 50 campaigns", n)
	}
}
