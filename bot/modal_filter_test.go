package bot

import (
	"fmt"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
	"reflect"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
)

func TestFilterModalRoundTrip(t *testing.T) {
	lo, hi := 12.5, 80.0
	f := goalbot.Filter{
		Campaigns: []string{"cmp-1"}, Accounts: []string{"act-1"}, Teams: []string{"growth", "brand"},
		Users: []string{"U1"}, Durations: []goalbot.Duration{goalbot.Monthly}, Statuses: []goalbot.Status{goalbot.InProgress},
		Types: []goalbot.Type{goalbot.CostPerContact}, ProgressMin: &lo, ProgressMax: &hi,
	}
	for _, gen := range []int{0, 3} {
		meta := FilterMeta{ResponseURL: "https://hooks.slack.com/actions/T1/1/x", Channel: "C1", Gen: gen}
		v := filterModal(en, commands.FilterForm{Filter: f, Campaigns: []commands.CatalogEntry{{ID: "cmp-1", Name: strings.Repeat("n", 100)}},
			Accounts: []commands.CatalogEntry{{ID: "act-1", Name: "Ads"}}}, meta)
		checkViewLimits(t, v)
		raw := string(roundTrip(t, v))
		suffix := ""
		if gen > 0 {
			suffix = fmt.Sprintf("#%d", gen)
		}
		for _, field := range []string{commands.FieldCampaigns, commands.FieldAccounts, commands.FieldTeam, commands.FieldUser, commands.FieldDuration, commands.FieldStatus, commands.FieldGoalType, commands.FieldProgressMin, commands.FieldProgressMax} {
			want := fmt.Sprintf(`"block_id":"%s%s"`, field, suffix)
			if !strings.Contains(raw, want) || !strings.Contains(raw, `"action_id":"`+field+`"`) {
				t.Errorf("gen %d: no %s with action_id %s in %s", gen, want, field, raw)
			}
		}
		for _, want := range []string{`"callback_id":"goal_filter"`, `"action_id":"goal_filter_clear"`, `"type":"multi_external_select"`,
			`"initial_value":"growth, brand"`, `"initial_value":"12.5"`, `"is_decimal_allowed":true`, `"initial_users":["U1"]`,
			`"value":"cost_per_contact"`} {
			if !strings.Contains(raw, want) {
				t.Errorf("lacks %s: %s", want, raw)
			}
		}
		got, err := DecodeFilterMeta(v.PrivateMetadata)
		if err != nil || got != meta {
			t.Errorf("metadata %q decodes to %+v, %v", v.PrivateMetadata, got, err)
		}
	}
}

func TestDecodeFilter(t *testing.T) {
	for _, tc := range []struct {
		name, values, want string
		errs               map[string]string
	}{
		{name: "empty", values: `{}`, want: ""},
		{name: "every field", values: `{
			"ad_campaigns":{"ad_campaigns":{"type":"multi_external_select","selected_options":[{"text":{"type":"plain_text","text":"A"},"value":"cmp-1"},{"text":{"type":"plain_text","text":"B"},"value":"cmp-2"}]}},
			"ad_accounts":{"ad_accounts":{"type":"multi_external_select","selected_options":[{"text":{"type":"plain_text","text":"A"},"value":"act-1"}]}},
			"team":{"team":{"type":"plain_text_input","value":" growth , brand "}},
			"user":{"user":{"type":"multi_users_select","selected_users":["U1","U2"]}},
			"duration":{"duration":{"type":"multi_static_select","selected_options":[{"value":"monthly"}]}},
			"status":{"status":{"type":"multi_static_select","selected_options":[{"value":"missed"},{"value":"pending"}]}},
			"goal_type":{"goal_type":{"type":"multi_static_select","selected_options":[{"value":"contacts_in_stage"}]}},
			"progress_min":{"progress_min":{"type":"number_input","value":"12.5"}},
			"progress_max":{"progress_max":{"type":"number_input","value":null}}}`,
			want: "campaign:cmp-1,cmp-2 account:act-1 team:growth,brand user:U1,U2 duration:monthly status:missed,pending goal_type:contacts_in_stage progress:12.5-"},
		{name: "suffixed blocks", values: `{"team#2":{"team":{"type":"plain_text_input","value":"growth"}},"progress_max#2":{"progress_max":{"type":"number_input","value":"50"}}}`,
			want: "team:growth progress:-50"},
		{name: "bad progress", values: `{"progress_min#1":{"progress_min":{"type":"number_input","value":"abc"}},"progress_max#1":{"progress_max":{"type":"number_input","value":"-3"}}}`,
			errs: map[string]string{"progress_min#1": "Enter a percentage from 0 to 1000000, such as 50 or 12.5", "progress_max#1": "Enter a percentage from 0 to 1000000, such as 100 or 87.5"}},
		{name: "min above max", values: `{"progress_min":{"progress_min":{"type":"number_input","value":"90"}},"progress_max":{"progress_max":{"type":"number_input","value":"10"}}}`,
			errs: map[string]string{"progress_max": "progress:90-10 has its minimum above its maximum: write the smaller number first, such as progress:10-90"}},
		{name: "bad status", values: `{"status":{"status":{"type":"multi_static_select","selected_options":[{"value":"done"}]}}}`,
			errs: map[string]string{"status": "status:done is not valid: use pending, in_progress, achieved, exceeded, missed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := stateOf(t, tc.values)
			f, errs := commands.DecodeFilter(s.form, commands.Actor{})
			if shown := errorsAck(en, errs, s.blocks).Errors; !reflect.DeepEqual(shown, tc.errs) && !(len(errs) == 0 && len(tc.errs) == 0) {
				t.Fatalf("errors %v, want %v", shown, tc.errs)
			}
			if len(tc.errs) == 0 && f.String() != tc.want {
				t.Errorf("filter %q, want %q", f.String(), tc.want)
			}
		})
	}
}

func TestFilterButtonCarriesTheFilter(t *testing.T) {
	f, err := commands.FilterFromText(filterButton(en, goalbot.Filter{Teams: []string{"growth"}, Users: []string{"U1"}}).Value)
	if err != nil || f.String() != "team:growth user:U1" {
		t.Errorf("got %q, %v", f.String(), err)
	}
}

// TestDecodeFilterCapped submits the filter form with one campaign more than a filter
// takes: the problem comes back under the campaigns' block.
func TestDecodeFilterCapped(t *testing.T) {
	var ids []string
	for i := range goalbot.MaxFilterValues + 1 {
		ids = append(ids, fmt.Sprintf("cmp-%d", i))
	}
	var opts []slack.OptionBlockObject
	for _, id := range ids {
		opts = append(opts, slack.OptionBlockObject{Value: id})
	}
	form, blocks := formOf(map[string]map[string]slack.BlockAction{commands.FieldCampaigns: {commands.FieldCampaigns: {SelectedOptions: opts}}})
	_, errs := commands.DecodeFilter(form, commands.Actor{})
	if shown := errorsAck(en, errs, blocks).Errors; !strings.Contains(shown[commands.FieldCampaigns], "a filter takes at most 100") {
		t.Errorf("errors = %v, want the cap under %s", shown, commands.FieldCampaigns)
	}
}
