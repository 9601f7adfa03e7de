package bot

import (
	"context"
	"testing"
)

// TestTypedMessages pins what `/goal create` and `/goal edit` answer to bad input,
// whole: fields named as they are typed (target.cmp-1, campaigns, notify), each
// problem once, and words that say what to type. G1 is a quarterly conversions goal
// on cmp-1 and cmp-2 over 2026 (4 periods); G2 ran from 2025-10-01, so its first
// quarter has ended on 2026-03-10, the app's today.
func TestTypedMessages(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	for _, text := range []string{
		`create name:"Conversions" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:quarterly target:100`,
		`create name:"Since October" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:quarterly start:2025-10-01 end:2026-09-30 target:100`,
	} {
		if m, _ := run(t, a, "U1", text); m.Text[:7] != "Created" {
			t.Fatalf("%s: %+v", text, m)
		}
	}
	const quarterly = `create name:X goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:quarterly `
	const contacts = `create name:X goal_type:contacts_in_stage lifecycle_stage:lead campaigns:cmp-1 duration:quarterly `
	notANumber := `is not a number: use digits with an optional decimal point, such as 120.5`
	for _, c := range []struct{ text, want string }{
		{"edit G1 target.cmp-1:1,2", "⚠️ `target.cmp-1`: G1 has 4 periods: give one target, or 4 separated by commas (you gave 2)"},
		{"edit G1 target.cmp-1:1,2,3,4,5", "⚠️ `target.cmp-1`: G1 has 4 periods: give one target, or 4 separated by commas (you gave 5)"},
		{"edit G1 target_cmp-1:1,2", "⚠️ `target.cmp-1`: G1 has 4 periods: give one target, or 4 separated by commas (you gave 2)"},
		{"edit G2 target.cmp-1:1,2", "⚠️ `target.cmp-1`: G2 has 4 periods: give one target, or 4 separated by commas (you gave 2)"},
		{"edit G2 target:0", "⚠️ `target`: the target must be a positive number, such as 100, not 0"},
		{"edit G1 target.cmp-9:5", "⚠️ `target.cmp-9`: cmp-9 is not one of G1's campaigns (cmp-1, cmp-2)"},
		{"edit G1 target.cmp-1:abc", "⚠️ `target.cmp-1`: \"abc\" " + notANumber},
		{"edit G1 target:lots", "⚠️ `target`: \"lots\" " + notANumber},
		{"edit G1 notify:foo", "⚠️ `notify`: \"foo\" is not an event: use started, threshold, milestone, at_risk, stale, overspend, underspend, or none"},
		{"edit G1 colour:red", "⚠️ `colour`: not a field of `/goal edit`: use name, target, target.CAMPAIGN, notify, team"},
		{"edit G1 stray", "⚠️ \"stray\" is not a key:value pair: write each change as key:value, such as target:150"},
		{`edit G1 name:""`, "⚠️ `name`: give the goal a name of 1 to 100 characters"},
		{quarterly + "target:5 target.cmp-1:1,2", "⚠️ `target.cmp-1`: this goal has 4 periods: give one target, or 4 separated by commas (you gave 2)"},
		{quarterly + "target.cmp-1:5", "⚠️ `target`: campaign cmp-2 has no target: give one target for all campaigns, or one for each campaign"},
		{quarterly + "target.cmp-1:abc target.cmp-2:5", "⚠️ `target.cmp-1`: \"abc\" " + notANumber},
		{quarterly + "target:1.1234567", "⚠️ `target`: \"1.1234567\" has more than six decimals"},
		{quarterly, "⚠️ `target`: give a target, such as 100: each campaign's target in every period"},
		{quarterly + "target:5 stray", "⚠️ \"stray\" is not a key:value pair: write each field as key:value, such as name:\"Spring leads\""},
		{contacts + "target:100.5", "⚠️ `target`: contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"},
		{contacts + "target:100 target.cmp-1:1,2,3.5,4", "⚠️ `target.cmp-1`: target 3 of 4 is 3.5, but contacts are counted in whole numbers: use 3 or 4"},
		{`create name:X goal_type:first_form_submissions campaigns:cmp-1 duration:quarterly target:7.5`,
			"⚠️ `target`: form submissions are counted in whole numbers: give a whole target, such as 7 or 8, not 7.5"},
		{`create name:X goal_type:network_conversions campaigns:cmp-1,cmp-nope duration:quarterly target:5`,
			"⚠️ `campaigns`: unknown campaign cmp-nope: use campaign ids from the catalog (metrics pushed to goalbot, or POST /v1/catalog)"},
		{`create name:X goal_type:network_conversions campaigns:cmp-1 duration:custom target:5`,
			"⚠️ Nothing was changed. Please fix 2 problems:\n• `start`: a custom goal needs a start date (YYYY-MM-DD)\n• `end`: a custom goal needs an end date (YYYY-MM-DD)"},
		{"create colour:red fiscal_year:maybe",
			"⚠️ Nothing was changed. Please fix 2 problems:\n• `colour`: not a field of `/goal create`: use name, goal_type, lifecycle_stage, campaigns, accounts, duration, start, end, fiscal_year, target, target.CAMPAIGN, notify, team\n" +
				"• `fiscal_year`: \"maybe\" is not yes or no"},
		{"create name:X", "⚠️ Nothing was changed. Please fix 4 problems:\n• `goal_type`: choose a goal type: network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions or ad_spend\n" +
			"• `campaigns`: pick at least one ad campaign\n• `duration`: choose a duration: weekly, monthly, quarterly, yearly or custom\n" +
			"• `target`: give a target, such as 100: each campaign's target in every period"},
	} {
		if r, _ := run(t, a, "U1", c.text); r.Text != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.text, r.Text, c.want)
		}
	}
	if g, err := a.Store.Goal(ctx, "G1"); err != nil || g.Targets.PerCampaign != nil || g.Name != "Conversions" {
		t.Errorf("a refused edit changed G1: %+v (%v)", g, err)
	}
}
