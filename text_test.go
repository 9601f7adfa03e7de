package goalbot_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// These tests pin the domain's problems as people read them, through the catalogs
// of package messages: in English here, word for word, and in Swedish in
// text_sv_test.go.

var en = messages.English()

// problem is one problem as a person reads it: the field and the message.
type problem struct{ Field, Text string }

// said is err's problems in p's language.
func said(p *messages.Printer, err error) []problem {
	var out []problem
	for _, f := range goalbot.ErrorFields(err) {
		out = append(out, problem{f.Field, p.Problem(f)})
	}
	return out
}

// today is the date the drafts are made on.
var today = goalbot.Date{Year: 2026, Month: time.November, Day: 28}

// draft is a quarterly contacts goal on cmp-1 and cmp-2 with target 100.
func draft() goalbot.Draft {
	return goalbot.Draft{Name: "  Spring leads ", Type: "contacts_in_stage", Stage: "lead", Campaigns: []string{"cmp-1,cmp-2"},
		Duration: "quarterly", Target: "100", Creator: "U1"}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// hiddenRunes are characters that cannot be seen: zero-width, joiners, direction
// marks, embeddings, overrides and isolates, and the byte order mark.
var hiddenRunes = []rune{'\u00ad', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
	'\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff'}

type errTest struct{}

func (errTest) Error() string { return "secret detail" }

// TestNewGoalMessages pins every message NewGoal gives, whole: each bad input is
// reported once, under its field, in words that say what would be right. The draft is
// a quarterly contacts goal on cmp-1 and cmp-2 (4 periods) with target 100.
func TestNewGoalMessages(t *testing.T) {
	stages := "subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist or other"
	cases := []struct {
		name string
		edit func(*goalbot.Draft)
		want []problem
	}{
		{"empty name", func(d *goalbot.Draft) { d.Name = "   " }, []problem{{"name", "give the goal a name of 1 to 100 characters"}}},
		{"long name", func(d *goalbot.Draft) { d.Name = strings.Repeat("x", 101) }, []problem{{"name", "the name has 101 characters: shorten it to at most 100"}}},
		{"no type", func(d *goalbot.Draft) { d.Type, d.Stage = "", "" }, []problem{{"goal_type", "choose a goal type: network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions or ad_spend"}}},
		{"bad type", func(d *goalbot.Draft) { d.Type = "clicks" }, []problem{{"goal_type", `"clicks" is not a goal type: use network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions or ad_spend`}}},
		{"custom stage", func(d *goalbot.Draft) { d.Stage = "hot_lead" }, []problem{{"lifecycle_stage", `custom lifecycle stages cannot be used: "hot_lead" is not a standard stage; use ` + stages}}},
		{"missing stage", func(d *goalbot.Draft) { d.Stage = "" }, []problem{{"lifecycle_stage", "a contacts_in_stage goal needs a lifecycle stage: " + stages}}},
		{"forbidden stage", func(d *goalbot.Draft) { d.Type = "network_conversions" }, []problem{{"lifecycle_stage", "a network_conversions goal takes no lifecycle stage (only cost_per_contact and contacts_in_stage goals do)"}}},
		{"no campaigns", func(d *goalbot.Draft) { d.Campaigns = nil }, []problem{{"ad_campaigns", "pick at least one ad campaign"}}},
		{"51 campaigns", func(d *goalbot.Draft) {
			d.Campaigns = nil
			for i := range 51 {
				d.Campaigns = append(d.Campaigns, fmt.Sprintf("c%d", i))
			}
		}, []problem{{"ad_campaigns", "a goal can have at most 50 campaigns (this one has 51): split it into several goals"}}},
		{"no duration", func(d *goalbot.Draft) { d.Duration = "" }, []problem{{"duration", "choose a duration: weekly, monthly, quarterly, yearly or custom"}}},
		{"bad duration", func(d *goalbot.Draft) { d.Duration = "daily" }, []problem{{"duration", `"daily" is not a duration: use weekly, monthly, quarterly, yearly or custom`}}},
		{"bad date", func(d *goalbot.Draft) { d.Start = "2026-02-30" }, []problem{{"start_date", `"2026-02-30" is not a date: use YYYY-MM-DD, such as 2026-03-01`}}},
		{"start off boundary", func(d *goalbot.Draft) { d.Start = "2026-02-15" }, []problem{{"start_date", "2026-02-15 is not the first day of a quarterly period: the nearest are 2026-01-01 and 2026-04-01"}}},
		{"end off boundary", func(d *goalbot.Draft) { d.End = "2026-08-31" }, []problem{{"end_date", "2026-08-31 is not the last day of a quarterly period: the nearest are 2026-06-30 and 2026-09-30"}}},
		{"end before start", func(d *goalbot.Draft) { d.Duration, d.Start, d.End = "custom", "2026-03-01", "2026-02-01" }, []problem{{"end_date", "2026-02-01 is before the start date, 2026-03-01"}}},
		{"custom without dates", func(d *goalbot.Draft) { d.Duration = "custom" }, []problem{
			{"start_date", "a custom goal needs a start date (YYYY-MM-DD)"}, {"end_date", "a custom goal needs an end date (YYYY-MM-DD)"}}},
		{"year 1999", func(d *goalbot.Draft) { d.Duration, d.Start, d.End = "custom", "1999-01-01", "1999-02-01" }, []problem{
			{"start_date", "1999-01-01 is out of range: use a date from 2000-01-01 on"}, {"end_date", "1999-02-01 is out of range: use a date from 2000-01-01 on"}}},
		{"too many periods", func(d *goalbot.Draft) { d.Duration, d.Start, d.End = "weekly", "2026-01-05", "2031-12-28" }, []problem{
			{"end_date", "the range has more than 261 weekly periods: choose a shorter range or a longer duration"}}},
		{"negative target", func(d *goalbot.Draft) { d.Target = "-5" }, []problem{{"target", "the target must be a positive number, such as 100, not -5"}}},
		{"target not a number", func(d *goalbot.Draft) { d.Target = "lots" }, []problem{{"target", `"lots" is not a number: use digits with an optional decimal point, such as 120.5`}}},
		{"seven decimals", func(d *goalbot.Draft) { d.Target = "1.1234567" }, []problem{{"target", `"1.1234567" has more than six decimals`}}},
		{"no target", func(d *goalbot.Draft) { d.Target = "" }, []problem{{"target", "give a target, such as 100: each campaign's target in every period"}}},
		{"one campaign without a target", func(d *goalbot.Draft) { d.Target, d.Targets = "", map[string]string{"cmp-1": "5"} }, []problem{
			{"target", "campaign cmp-2 has no target: give one target for all campaigns, or one for each campaign"}}},
		{"override for another campaign", func(d *goalbot.Draft) { d.Targets = map[string]string{"cmp-9": "5"} }, []problem{{"target_cmp-9", "cmp-9 is not one of this goal's campaigns (cmp-1, cmp-2)"}}},
		{"two targets for four periods", func(d *goalbot.Draft) { d.Targets = map[string]string{"cmp-1": "5,6"} }, []problem{
			{"target_cmp-1", "this goal has 4 periods: give one target, or 4 separated by commas (you gave 2)"}}},
		{"two targets for one period", func(d *goalbot.Draft) {
			d.Duration, d.Start, d.End, d.Targets = "custom", "2026-03-01", "2026-03-31", map[string]string{"cmp-1": "5,6"}
		}, []problem{
			{"target_cmp-1", "this goal has 1 period: give one target (you gave 2)"}}},
		{"override not a number", func(d *goalbot.Draft) { d.Target, d.Targets = "", map[string]string{"cmp-1": "abc", "cmp-2": "5"} }, []problem{
			{"target_cmp-1", `"abc" is not a number: use digits with an optional decimal point, such as 120.5`}}},
		{"empty period target", func(d *goalbot.Draft) { d.Targets = map[string]string{"cmp-1": "1,,2,3"} }, []problem{
			{"target_cmp-1", "value 2 of 4 is empty: give numbers separated by commas, such as 100,120,150"}}},
		{"bad period target", func(d *goalbot.Draft) { d.Targets = map[string]string{"cmp-1": "1,2,x,3"} }, []problem{
			{"target_cmp-1", `value 3 of 4: "x" is not a number: use digits with an optional decimal point, such as 120.5`}}},
		{"zero period target", func(d *goalbot.Draft) { d.Targets = map[string]string{"cmp-1": "1,0,2,0"} }, []problem{
			{"target_cmp-1", "target 2 of 4 is 0: every target must be a positive number, such as 100"}}},
		{"zero override", func(d *goalbot.Draft) { d.Targets = map[string]string{"cmp-1": "0"} }, []problem{{"target_cmp-1", "the target must be a positive number, such as 100, not 0"}}},
		{"fractional contacts", func(d *goalbot.Draft) { d.Target = "100.5" }, []problem{{"target", "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}}},
		{"fractional form submissions", func(d *goalbot.Draft) { d.Type, d.Stage, d.Target = "first_form_submissions", "", "0.25" }, []problem{
			{"target", "form submissions are counted in whole numbers: give a whole target, such as 0 or 1, not 0.25"}}},
		{"fractional period target", func(d *goalbot.Draft) { d.Targets = map[string]string{"cmp-2": "1,2,3.5,4"} }, []problem{
			{"target_cmp-2", "target 3 of 4 is 3.5, but contacts are counted in whole numbers: use 3 or 4"}}},
		{"bad notification", func(d *goalbot.Draft) { n := "started,digest"; d.Notifications = &n }, []problem{
			{"notifications", "digest cannot be used here: use started, threshold, milestone, at_risk, stale, overspend, underspend, or none"}}},
		{"unknown notifications", func(d *goalbot.Draft) { n := "started,foo,bar"; d.Notifications = &n }, []problem{
			{"notifications", `"foo", "bar" are not events: use started, threshold, milestone, at_risk, stale, overspend, underspend, or none`}}},
		{"no notification", func(d *goalbot.Draft) { n := " , "; d.Notifications = &n }, []problem{
			{"notifications", "give at least one of started, threshold, milestone, at_risk, stale, overspend, underspend, or none"}}},
		{"cost notifications", func(d *goalbot.Draft) { d.Type = "cost_per_contact"; n := "milestone,threshold"; d.Notifications = &n }, []problem{
			{"notifications", "cost per contact goals can only notify started: milestone, threshold are not available for them"}}},
		{"bad team", func(d *goalbot.Draft) { d.Team = "Growth EMEA" }, []problem{
			{"team", `"Growth EMEA" is not a valid team: use 1 to 40 lowercase letters, digits, - or _, starting with a letter or digit, such as growth-emea`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr := draft()
			c.edit(&dr)
			g, err := goalbot.NewGoal(dr, goalbot.DefaultSettings, today)
			if g != nil || goalbot.ErrorCode(err) != goalbot.EINVALID {
				t.Fatalf("NewGoal = %v, %v; want an invalid error", g, err)
			}
			if got := said(en, err); !slices.Equal(got, c.want) {
				t.Errorf("problems:\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// TestApplyMessages pins the messages of an edit of G1 (quarterly, 4 periods, on
// cmp-1 and cmp-2, target 100) in May, when Q1 has ended: the targets are checked
// as typed, each problem once, and nothing changes.
func TestApplyMessages(t *testing.T) {
	micro := func(vs ...int64) []goalbot.Micro {
		out := make([]goalbot.Micro, len(vs))
		for i, v := range vs {
			out[i] = goalbot.Units(v)
		}
		return out
	}
	zero := goalbot.Micro(0)
	empty := ""
	cases := []struct {
		name string
		u    goalbot.GoalUpdate
		want []problem
	}{
		{"two targets for four periods", goalbot.GoalUpdate{Targets: &goalbot.Targets{PerCampaign: map[string]goalbot.CampaignTarget{"cmp-1": {PerPeriod: micro(1, 2)}}}},
			[]problem{{"target_cmp-1", "G1 has 4 periods: give one target, or 4 separated by commas (you gave 2)"}}},
		{"five targets for four periods", goalbot.GoalUpdate{Targets: &goalbot.Targets{PerCampaign: map[string]goalbot.CampaignTarget{"cmp-1": {PerPeriod: micro(1, 2, 3, 4, 5)}}}},
			[]problem{{"target_cmp-1", "G1 has 4 periods: give one target, or 4 separated by commas (you gave 5)"}}},
		{"another campaign", goalbot.GoalUpdate{Targets: &goalbot.Targets{PerCampaign: map[string]goalbot.CampaignTarget{"cmp-9": {All: goalbot.Units(5)}}}},
			[]problem{{"target_cmp-9", "cmp-9 is not one of G1's campaigns (cmp-1, cmp-2)"}}},
		{"target 0", goalbot.GoalUpdate{Targets: &goalbot.Targets{Target: &zero}},
			[]problem{{"target", "the target must be a positive number, such as 100, not 0"}}},
		{"target 0 and no name", goalbot.GoalUpdate{Name: &empty, Targets: &goalbot.Targets{Target: &zero}}, []problem{
			{"target", "the target must be a positive number, such as 100, not 0"}, {"name", "give the goal a name of 1 to 100 characters"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := goalbot.NewGoal(draft(), goalbot.DefaultSettings, today)
			if err != nil {
				t.Fatal(err)
			}
			g.ID = "G1"
			before, _ := json.Marshal(g)
			if c.u.Targets != nil { // as an edit merges them (Targets.Merge)
				merged := g.Targets.Merge(*c.u.Targets)
				c.u.Targets = &merged
			}
			err = g.Apply(c.u, at("2026-05-10T00:00:00Z"))
			if got := said(en, err); !slices.Equal(got, c.want) {
				t.Errorf("problems:\n got %+v\nwant %+v", got, c.want)
			}
			if after, _ := json.Marshal(g); string(after) != string(before) {
				t.Errorf("a refused edit changed the goal:\n%s\n%s", before, after)
			}
		})
	}
}

func TestWeeklyBoundaries(t *testing.T) {
	dr := draft()
	dr.Duration, dr.Start, dr.End = "weekly", "2026-03-04", ""
	_, err := goalbot.NewGoal(dr, goalbot.Settings{TimeZone: "UTC", WeekStart: time.Sunday, FiscalYearStart: 1}, today)
	if err == nil || !strings.Contains(en.Error(err), "weeks start on Sunday") || !strings.Contains(en.Error(err), "2026-03-01 and 2026-03-08") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckCatalog(t *testing.T) {
	known := map[string]goalbot.Campaign{
		"a": {ID: "a", AccountID: "act-1", Currency: "USD"}, "b": {ID: "b", AccountID: "act-2", Currency: "EUR"},
		"c": {ID: "c", AccountID: "act-1", Currency: "USD"},
	}
	g := &goalbot.Goal{Type: goalbot.CostPerContact, Campaigns: []string{"a", "c"}}
	if p := g.CheckCatalog(known); len(p) != 0 || strings.Join(g.Accounts, ",") != "act-1" || g.Currency != "USD" {
		t.Fatalf("derived accounts %v currency %q problems %v", g.Accounts, g.Currency, p)
	}
	g = &goalbot.Goal{Type: goalbot.CostPerContact, Campaigns: []string{"a", "b", "zz"}, Accounts: []string{"act-1"}}
	p := g.CheckCatalog(known)
	msg := en.Error(p.Err())
	for _, want := range []string{"unknown campaign zz", "campaign b (in act-2) is not in the goal's ad accounts (act-1)", "mix EUR (b) and USD (a)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems %q lack %q", msg, want)
		}
	}
}

func TestErrors(t *testing.T) {
	var p goalbot.Problems
	p.Add("name", "errors.goal.name_empty", goalbot.Args{"Max": 100})
	p.Add("team", "errors.goal.team", goalbot.Args{"Team": `"BAD"`})
	err := p.Err()
	if goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(en.Error(err), "2 problems") || len(goalbot.ErrorFields(err)) != 2 {
		t.Fatalf("err = %v", err)
	}
	if goalbot.ErrorCode(nil) != "" || goalbot.ErrorCode(errTest{}) != goalbot.EINTERNAL || strings.Contains(en.Error(errTest{}), "secret") {
		t.Fatal("unknown errors must be internal and not shown")
	}
}

func TestParseFilterErrors(t *testing.T) {
	cases := []struct {
		pairs [][2]string
		field string
		says  string
	}{
		{[][2]string{{"colour", "red"}}, "colour", "campaign, account, team, user, duration, status, goal_type, progress"},
		{[][2]string{{"status", "done"}}, "status", "pending, in_progress, achieved, exceeded, missed"},
		{[][2]string{{"duration", "daily"}}, "duration", "weekly, monthly, quarterly, yearly, custom"},
		{[][2]string{{"progress", "abc"}}, "progress", "MIN-MAX"},
		{[][2]string{{"progress", "80-50"}}, "progress", "progress:50-80"},
		{[][2]string{{"progress", "-"}}, "progress", "MIN-MAX"},
		{[][2]string{{"user", "@ana"}}, "user", "autocomplete"},
		{[][2]string{{"campaign", ""}}, "campaign", "needs a value"},
	}
	for _, c := range cases {
		_, err := goalbot.ParseFilter(c.pairs)
		fe := goalbot.ErrorFields(err)
		if goalbot.ErrorCode(err) != goalbot.EINVALID || len(fe) != 1 || fe[0].Field != c.field || !strings.Contains(en.Problem(fe[0]), c.says) {
			t.Errorf("ParseFilter(%v) = %v; want a problem with %s saying %q", c.pairs, err, c.field, c.says)
		}
	}
	_, err := goalbot.ParseFilter([][2]string{{"status", "x"}, {"bogus", "y"}})
	if len(goalbot.ErrorFields(err)) != 2 {
		t.Errorf("want both problems at once, got %v", err)
	}
}

func TestParseFilterCapsItsValues(t *testing.T) {
	ids := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "cmp-%d,", i)
		}
		return b.String()
	}
	f, err := goalbot.ParseFilter([][2]string{{"campaign", ids(goalbot.MaxFilterValues - 1)}, {"status", "missed"}})
	if err != nil || len(f.Campaigns) != goalbot.MaxFilterValues-1 {
		t.Fatalf("a filter of %d values: %v", goalbot.MaxFilterValues, err)
	}
	// Repeats count once.
	if _, err := goalbot.ParseFilter([][2]string{{"campaign", ids(goalbot.MaxFilterValues) + ids(goalbot.MaxFilterValues)}}); err != nil {
		t.Fatalf("%d values given twice: %v", goalbot.MaxFilterValues, err)
	}
	_, err = goalbot.ParseFilter([][2]string{{"campaign", ids(10_000)}, {"team", "growth"}})
	fe := goalbot.ErrorFields(err)
	if goalbot.ErrorCode(err) != goalbot.EINVALID || len(fe) != 1 || fe[0].Field != "campaign" ||
		!strings.Contains(en.Problem(fe[0]), "10001 values") || !strings.Contains(en.Problem(fe[0]), "at most 100") ||
		!strings.Contains(en.Problem(fe[0]), "Filter by account or team instead") {
		t.Fatalf("a filter of 10,001 values = %v, want one problem under campaign saying the cap and what to do", err)
	}
}

func TestParseFilterRefusesInvisibleIDs(t *testing.T) {
	for _, r := range []rune{'\u200b', '\u200d', '\u200e', '\u202e', '\u2066', '\u2069', '\ufeff'} {
		for _, key := range []string{"campaign", "account", "team"} {
			_, err := goalbot.ParseFilter([][2]string{{key, "a,cmp" + string(r) + "1"}})
			fe := goalbot.ErrorFields(err)
			if len(fe) != 1 || fe[0].Field != key || !strings.Contains(en.Problem(fe[0]), fmt.Sprintf("U+%04X", r)) ||
				!strings.Contains(en.Problem(fe[0]), "invisible") {
				t.Errorf("%s:cmp%+q1 = %v, want a problem naming U+%04X", key, r, err, r)
			}
		}
	}
}

func TestCheckID(t *testing.T) {
	for _, r := range hiddenRunes {
		err := goalbot.CheckID("campaign", "cmp"+string(r)+"-1")
		if goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(en.Error(err), fmt.Sprintf("U+%04X", r)) ||
			!strings.Contains(en.Error(err), "invisible") || strings.ContainsRune(en.Error(err), r) {
			t.Errorf("CheckID with U+%04X = %v, want a message naming it (escaped)", r, err)
		}
	}
	for _, id := range []string{"cmp-1", "kampanj-å", "キャンペーン", "act_9.x"} {
		if err := goalbot.CheckID("campaign", id); err != nil {
			t.Errorf("CheckID(%q) = %v", id, err)
		}
	}
}

func TestHiddenIDsRefusedWhereTheyEnter(t *testing.T) {
	for _, r := range hiddenRunes {
		bad := "cmp" + string(r) + "1"
		// A metrics row (ingest, import, the catalog API).
		for _, field := range []string{"campaign_id", "account_id", "network"} {
			m := goalbot.Metric{Date: goalbot.Date{Year: 2026, Month: 3, Day: 1}, Network: "google", AccountID: "act-1", CampaignID: "cmp-1", Currency: "USD"}
			switch field {
			case "campaign_id":
				m.CampaignID = bad
			case "account_id":
				m.AccountID = bad
			default:
				m.Network = bad
			}
			if p := m.Validate(goalbot.Date{Year: 2026, Month: 3, Day: 10}); len(p) != 1 || p[0].Field != field || !strings.Contains(en.Problem(p[0]), "invisible") {
				t.Errorf("a row with %s %+q: %v", field, bad, p)
			}
		}
		// A goal's campaigns and accounts.
		d := goalbot.Draft{Name: "n", Type: "network_conversions", Campaigns: []string{"cmp-1", bad}, Accounts: []string{bad}, Duration: "monthly", Target: "1"}
		_, err := goalbot.NewGoal(d, goalbot.DefaultSettings, goalbot.Date{Year: 2026, Month: 3, Day: 10})
		fields := map[string]string{}
		for _, f := range goalbot.ErrorFields(err) {
			fields[f.Field] = en.Problem(f)
		}
		if !strings.Contains(fields["ad_campaigns"], "invisible") || !strings.Contains(fields["ad_accounts"], "invisible") {
			t.Errorf("a goal with %+q: %v", bad, err)
		}
	}
}

// TestExponentFormAlike gives each number in plain decimals and in exponent form to
// every parser of numbers that users and networks feed (targets, metrics rows in
// JSON, progress bounds): each pair is treated alike, kept or refused the same.
func TestExponentFormAlike(t *testing.T) {
	pairs := [][2]string{{"0.0000001", "1e-7"}, {"0.000001", "1e-6"}, {"0.000001", "1E-6"}, {"120.5", "1.205e2"},
		{"1000000000000", "1e12"}, {"10000000000000", "1e13"}, {"0.00000150", "1.5e-6"}, {"0.0000015", "15e-7"}, {"0", "0e10"}}
	for _, p := range pairs {
		a, errA := goalbot.ParseMicro(p[0])
		b, errB := goalbot.ParseMicro(p[1])
		if a != b || (errA == nil) != (errB == nil) || en.Error(errA) != strings.Replace(en.Error(errB), p[1], p[0], 1) {
			t.Errorf("ParseMicro: %s = %v, %v; %s = %v, %v", p[0], a, errA, p[1], b, errB)
		}
		var ja, jb goalbot.Micro
		errA, errB = json.Unmarshal([]byte(p[0]), &ja), json.Unmarshal([]byte(p[1]), &jb)
		if ja != jb || (errA == nil) != (errB == nil) {
			t.Errorf("JSON: %s = %v, %v; %s = %v, %v", p[0], ja, errA, p[1], jb, errB)
		}
		fa, errA := goalbot.ParseFilter([][2]string{{"progress", p[0] + "-"}})
		fb, errB := goalbot.ParseFilter([][2]string{{"progress", p[1] + "-"}})
		if (errA == nil) != (errB == nil) || errA == nil && (*fa.ProgressMin != *fb.ProgressMin || fa.String() != fb.String()) {
			t.Errorf("progress: %s- = %v, %v; %s- = %v, %v", p[0], fa, errA, p[1], fb, errB)
		}
	}
	if _, err := goalbot.ParseMicro("1e-7"); err == nil || !strings.Contains(en.Error(err), "more than six decimals") {
		t.Errorf("ParseMicro(1e-7) = %v, want more than six decimals, as for 0.0000001", err)
	}
}

func TestBudgetBandValidate(t *testing.T) {
	cases := []struct {
		band goalbot.BudgetBand
		want string // in the message; "" when valid
	}{
		{goalbot.DefaultBudgetBand, ""},
		{goalbot.BudgetBand{Over: 101, Under: 0}, ""},
		{goalbot.BudgetBand{Over: 100, Under: 80}, "overspend level 100% must be above 100%"},
		{goalbot.BudgetBand{Over: 1001, Under: 80}, "at most 1000%"},
		{goalbot.BudgetBand{Over: 110, Under: 100}, "underspend level 100% must be from 0% to below 100%"},
		{goalbot.BudgetBand{Over: 110, Under: -1}, "underspend level -1%"},
	}
	for _, c := range cases {
		err := c.band.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.band, err)
		case c.want != "" && (goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(en.Error(err), c.want)):
			t.Errorf("%+v: error %v, want EINVALID with %q", c.band, err, c.want)
		}
	}
}

// TestFractionalEditMessage: an edit of a contacts goal to a fractional target is
// refused in words that say what would be right.
func TestFractionalEditMessage(t *testing.T) {
	g, err := goalbot.NewGoal(draft(), goalbot.DefaultSettings, today)
	if err != nil {
		t.Fatal(err)
	}
	g.ID = "G1"
	half := goalbot.Units(100) + goalbot.MicroUnit/2
	err = g.Apply(goalbot.GoalUpdate{Targets: &goalbot.Targets{Target: &half}}, at("2026-05-10T00:00:00Z"))
	want := []problem{{"target", "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}}
	if got := said(en, err); !slices.Equal(got, want) {
		t.Fatalf("edit to 100.5 = %+v", got)
	}
}

// The budgets' problems, word for word (moved from budget_measure_test.go: the
// domain's own tests cannot import package messages).

func TestBudgetNotifications(t *testing.T) {
	if got := goalbot.DefaultNotifications(goalbot.AdSpend); !slices.Equal(got, []goalbot.Event{goalbot.EventStarted, goalbot.EventMilestone, goalbot.EventOverspend, goalbot.EventUnderspend}) {
		t.Fatalf("defaults %v", got)
	}
	dr := goalbot.Draft{Name: "Q2 budget", Type: "ad_spend", Campaigns: []string{"a,b"}, Duration: "monthly", Target: "1500.50", Creator: "U1"}
	for _, c := range []struct{ notify, want string }{
		{"overspend,underspend,stale", ""},
		{"threshold,at_risk", "threshold, at_risk are not available: use started, milestone, overspend, underspend, stale, or none"},
	} {
		n := c.notify
		dr.Notifications = &n
		_, err := goalbot.NewGoal(dr, goalbot.DefaultSettings, today)
		if got := ""; err != nil {
			got = en.Error(err)
			if !strings.Contains(got, c.want) || c.want == "" {
				t.Errorf("notify:%s: %q, want %q", c.notify, got, c.want)
			}
		} else if c.want != "" {
			t.Errorf("notify:%s accepted, want %q", c.notify, c.want)
		}
	}
	// A count goal cannot ask for budget events.
	dr.Type, dr.Target = "network_conversions", "10"
	n := "overspend"
	dr.Notifications = &n
	if _, err := goalbot.NewGoal(dr, goalbot.DefaultSettings, today); err == nil || !strings.Contains(en.Error(err), "overspend is not available") {
		t.Fatalf("a count goal with overspend: %v", err)
	}
}

// TestNewBudgetGoal: a budget takes money (decimals), no stage, and keeps the band
// in force when it is created.
func TestNewBudgetGoal(t *testing.T) {
	dr := goalbot.Draft{Name: "Q2 budget", Type: "ad_spend", Campaigns: []string{"a,b"}, Duration: "monthly", Target: "1500.50", Creator: "U1"}
	s := goalbot.DefaultSettings
	s.Budget = goalbot.BudgetBand{Over: 120, Under: 70}
	g, err := goalbot.NewGoal(dr, s, today)
	if err != nil {
		t.Fatal(err)
	}
	if *g.Target != goalbot.Units(1500)+500_000 || g.Settings.Band() != s.Budget || !g.Type.IsMoney() || g.Type.IsCount() {
		t.Fatalf("goal %+v", g)
	}
	dr.Stage = "lead"
	if _, err := goalbot.NewGoal(dr, s, today); err == nil || !strings.Contains(en.Error(err), "takes no lifecycle stage") {
		t.Fatalf("a budget with a stage: %v", err)
	}
	// A goal kept before budgets had no band: the defaults apply.
	if (goalbot.Settings{}).Band() != goalbot.DefaultBudgetBand {
		t.Fatal("no band is not the default band")
	}
}

func TestBudgetCatalogCurrency(t *testing.T) {
	known := map[string]goalbot.Campaign{"a": {ID: "a", AccountID: "act-1", Currency: "USD"}, "b": {ID: "b", AccountID: "act-2", Currency: "EUR"},
		"c": {ID: "c", AccountID: "act-1", Currency: "USD"}}
	g := &goalbot.Goal{Type: goalbot.AdSpend, Campaigns: []string{"a", "c"}}
	if p := g.CheckCatalog(known); len(p) != 0 || g.Currency != "USD" {
		t.Fatalf("currency %q, problems %v", g.Currency, p)
	}
	g = &goalbot.Goal{Type: goalbot.AdSpend, Campaigns: []string{"a", "b"}}
	want := "an ad spend goal needs campaigns in one currency; these mix EUR (b) and USD (a): spend and budgets are never added across currencies"
	if p := g.CheckCatalog(known); p.Err() == nil || en.Error(p.Err()) != want {
		t.Fatalf("problems %v, want %q", p, want)
	}
}

// comma is the decimal comma style (Swedish numbers).
var comma = goalbot.NumberStyle{DecimalComma: true}

// TestNumberStyleParseMicro: the decimal comma style reads Swedish numbers (decimal
// comma, thousands grouped by spaces of any kind) and goalbot's own, and refuses
// what is no number or could be read two ways.
func TestNumberStyleParseMicro(t *testing.T) {
	cases := []struct {
		in   string
		want goalbot.Micro
		says string // a part of the error; "" when it reads
	}{
		{"100,5", 100_500_000, ""},
		{"12,50", 12_500_000, ""},
		{"1 000", 1000 * goalbot.MicroUnit, ""},
		{"1\u00a0000", 1000 * goalbot.MicroUnit, ""},
		{"1\u202f234\u202f567,25", 1_234_567_250_000, ""},
		{"1 000,5", 1000_500_000, ""},
		{"1 000,500", 1000_500_000, ""}, // grouped: the comma is a decimal comma
		{"0,125", 125_000, ""},
		{",5", 500_000, ""},
		{"-2,25", -2_250_000, ""},
		{"100.5", 100_500_000, ""}, // scripts written with a point stay valid
		{"7", 7 * goalbot.MicroUnit, ""},
		{"1,5e3", 1500 * goalbot.MicroUnit, ""},
		{"1000000", 1_000_000 * goalbot.MicroUnit, ""},
		{"1,000", 0, "write 1 000 for thousands or 1 for decimals"},
		{"12,500", 0, "write 12 500 for thousands or 12,5 for decimals"},
		{"100,120", 0, "semicolons: 100;120"},
		{"1,125", 0, "1,1250 for decimals"},
		{"1.000", 0, "could be read two ways"},
		{"1.000,5", 0, "not a number"},
		{"1,2,3", 0, "not a number"},
		{"10 00", 0, "not a number"},
		{"1000 000", 0, "not a number"},
		{"1  000", 0, "not a number"},
		{" 1 000 ", 1000 * goalbot.MicroUnit, ""},
		{"1 000 ,5", 0, "not a number"},
		{"abc", 0, "not a number"},
		{",", 0, "not a number"},
		{"", 0, "required"},
		{"1,1234567", 0, "more than six decimals"},
		{"99 999 999 999 999", 0, "too large"},
	}
	for _, c := range cases {
		got, err := comma.ParseMicro(c.in)
		switch {
		case c.says == "" && (err != nil || got != c.want):
			t.Errorf("ParseMicro(%q) = %d, %v; want %d", c.in, got, err, c.want)
		case c.says != "" && (err == nil || goalbot.ErrorCode(err) != goalbot.EINVALID || !strings.Contains(en.Error(err), c.says)):
			t.Errorf("ParseMicro(%q) = %d, %v; want an error saying %q", c.in, got, err, c.says)
		case c.says != "" && !strings.Contains(en.Error(err), c.in):
			t.Errorf("ParseMicro(%q): %q does not quote what was typed", c.in, en.Error(err))
		}
	}
}

// TestNumberStyleEmptyValue: an empty value among a campaign's targets per period
// names the style's separator.
func TestNumberStyleEmptyValue(t *testing.T) {
	_, err := comma.ParseCampaignTarget("100;;150")
	if got, want := en.Error(err), "value 2 of 3 is empty: give numbers separated by semicolons, such as 100;120;150"; got != want {
		t.Errorf("empty value in the decimal comma style: %q, want %q", got, want)
	}
	if got, want := sv.Error(err), "värde 2 av 3 är tomt: ange tal åtskilda med semikolon, till exempel 100;120;150"; got != want {
		t.Errorf("in Swedish: %q, want %q", got, want)
	}
	_, err = goalbot.NumberStyle{}.ParseCampaignTarget("100,,150")
	if got, want := en.Error(err), "value 2 of 3 is empty: give numbers separated by commas, such as 100,120,150"; got != want {
		t.Errorf("empty value in goalbot's own style: %q, want %q", got, want)
	}
}

// TestNumberStyleInSwedish: what a Swedish reader types wrong is said in Swedish,
// with the spellings that would be right.
func TestNumberStyleInSwedish(t *testing.T) {
	for in, want := range map[string]string{
		"1,000": `"1,000" kan läsas på två sätt: skriv 1 000 för tusental eller 1 för decimaler (målvärden per period skiljs åt med semikolon: 1;000)`,
		"abc":   `"abc" är inget tal: skriv siffror, med decimalkomma vid behov, till exempel 120,5 eller 1 000`,
	} {
		if _, err := comma.ParseMicro(in); sv.Error(err) != want {
			t.Errorf("%q: %q, want %q", in, sv.Error(err), want)
		}
	}
	if _, err := comma.ParseProgressBound("x"); sv.Error(err) != `"x" är ingen procentsats från 0 till 1000000, till exempel 50 eller 12,5` {
		t.Errorf("a bad bound: %q", sv.Error(err))
	}
}
