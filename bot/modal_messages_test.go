package bot

import (
	"context"
	"fmt"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// TestModalMessages pins what the edit modal and the create wizard show under their
// blocks: each problem under the block of its field, once, in the same words as a
// typed command but without the typed key.
func TestModalMessages(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	run(t, a, "U1", `create name:"Conversions" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:quarterly target:100`)
	v := openEdit(t, a, en, "U1", "G1")
	shown := map[string]string{commands.FieldName: "Conversions", commands.FieldTarget: "100", "target_cmp-1": "", "target_cmp-2": "", commands.FieldTeam: ""}
	with := func(changes map[string]string) submitted {
		texts := map[string]string{}
		for f, val := range shown {
			texts[f] = val
		}
		for f, val := range changes {
			texts[f] = val
		}
		return editState(texts, "started", "milestone")
	}
	for _, c := range []struct {
		changes map[string]string
		want    map[string]string
	}{
		{map[string]string{"target_cmp-1": "1,2"}, map[string]string{"target_cmp-1": "G1 has 4 periods: give one target, or 4 separated by commas (you gave 2)"}},
		{map[string]string{"target_cmp-1": "1,2,x,4"}, map[string]string{"target_cmp-1": `value 3 of 4: "x" is not a number: use digits with an optional decimal point, such as 120.5`}},
		{map[string]string{commands.FieldTarget: "abc"}, map[string]string{commands.FieldTarget: `"abc" is not a number: use digits with an optional decimal point, such as 120.5`}},
		{map[string]string{commands.FieldTarget: "", "target_cmp-1": "5"}, map[string]string{commands.FieldTarget: "campaign cmp-2 has no target: give one target for all campaigns, or one for each campaign"}},
		{map[string]string{commands.FieldName: "", commands.FieldTeam: "Bad Team"}, map[string]string{commands.FieldName: "give the goal a name of 1 to 100 characters",
			commands.FieldTeam: `"Bad Team" is not a valid team: use 1 to 40 lowercase letters, digits, - or _, starting with a letter or digit, such as growth-emea`}},
	} {
		res, err := a.SubmitEdit(ctx, commands.Actor{UserID: "U1"}, v.PrivateMetadata, with(c.changes).form)
		if err != nil {
			t.Fatal(err)
		}
		errs := res.Errors
		if fmt.Sprint(englishErrors(errs)) != fmt.Sprint(c.want) {
			t.Errorf("edit %v:\n got %q\nwant %q", c.changes, errs, c.want)
		}
	}

	// The wizard: a contacts goal, monthly over 2026 (12 periods), on cmp-1 and cmp-2.
	w := startCreate(t, a, en, "U1")
	w = mustView(t, submitStep(t, a, en, "U1", w, `{"goal_type":{"goal_type":{"type":"radio_buttons","selected_option":{"value":"contacts_in_stage"}}},"name":{"name":{"type":"plain_text_input","value":"Leads"}}}`))
	w = mustView(t, submitStep(t, a, en, "U1", w, `{"goal_type":{"goal_type":{"type":"radio_buttons","selected_option":{"value":"contacts_in_stage"}}},"name":{"name":{"type":"plain_text_input","value":"Leads"}},"lifecycle_stage":{"lifecycle_stage":{"type":"static_select","selected_option":{"value":"lead"}}}}`))
	w = mustView(t, submitStep(t, a, en, "U1", w, `{"ad_campaigns":{"ad_campaigns":{"type":"multi_external_select","selected_options":[{"value":"cmp-1"},{"value":"cmp-2"}]}},"duration":{"duration":{"type":"static_select","selected_option":{"value":"monthly"}}}}`),
		"Step 3 of 4")
	targets := func(target, cmp2 string) string {
		return fmt.Sprintf(`{"target":{"target":{"type":"plain_text_input","value":%q}},"target_cmp-2":{"target_cmp-2":{"type":"plain_text_input","value":%q}}}`, target, cmp2)
	}
	for _, c := range []struct {
		values string
		want   map[string]string
	}{
		{targets("100.5", ""), map[string]string{commands.FieldTarget: "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}},
		{targets("100", "1,2"), map[string]string{"target_cmp-2": "this goal has 12 periods: give one target, or 12 separated by commas (you gave 2)"}},
		{targets("", "7"), map[string]string{commands.FieldTarget: "campaign cmp-1 has no target: give one target for all campaigns, or one for each campaign"}},
		{targets("abc", "x"), map[string]string{commands.FieldTarget: `"abc" is not a number: use digits with an optional decimal point, such as 120.5`,
			"target_cmp-2": `"x" is not a number: use digits with an optional decimal point, such as 120.5`}},
	} {
		res := submitStep(t, a, en, "U1", w, c.values)
		if fmt.Sprint(res.Errors) != fmt.Sprint(c.want) {
			t.Errorf("step 3 %s:\n got %q\nwant %q", c.values, res.Errors, c.want)
		}
	}

	// A problem of an earlier step, found at the last, is named by its label under
	// the last step's first block.
	ack, _ := createAck(en, commands.CreateResult{Errors: commands.FieldErrors{commands.FieldTeam: {goalbot.Text("t")}},
		Earlier: []goalbot.FieldError{{Field: commands.FieldCampaigns, Message: goalbot.Text("unknown campaign cmp-9")}, {Field: "target_cmp-1", Message: goalbot.Text("m")}}}, nil)
	want := map[string]string{commands.FieldNotifications: "Campaigns: unknown campaign cmp-9 (go Back to fix it); Target of cmp-1: m (go Back to fix it)", commands.FieldTeam: "t"}
	if fmt.Sprint(ack.Errors) != fmt.Sprint(want) {
		t.Errorf("final problems:\n got %q\nwant %q", ack.Errors, want)
	}
}
