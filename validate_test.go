package goalbot

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var today = d("2026-11-28")

func draft() Draft {
	return Draft{Name: "  Spring leads ", Type: "contacts_in_stage", Stage: "lead", Campaigns: []string{"cmp-1,cmp-2"},
		Duration: "quarterly", Target: "100", Creator: "U1"}
}

func TestNewGoalDefaults(t *testing.T) {
	g, err := NewGoal(draft(), DefaultSettings, today)
	if err != nil {
		t.Fatal(err)
	}
	if g.Name != "Spring leads" || g.Start != d("2026-01-01") || g.End != d("2026-12-31") || len(g.Periods()) != 4 {
		t.Fatalf("goal = %+v", g)
	}
	if strings.Join(strs(g.Notifications), ",") != "started,milestone" {
		t.Fatalf("notifications = %v", g.Notifications)
	}
	dr := draft()
	dr.Type, dr.Stage = "cost_per_contact", "customer"
	g, err = NewGoal(dr, DefaultSettings, today)
	if err != nil || len(g.Notifications) != 1 || g.Notifications[0] != EventStarted {
		t.Fatalf("cost goal notifications = %v (%v)", g.Notifications, err)
	}
	none := "none"
	dr.Notifications = &none
	g, err = NewGoal(dr, DefaultSettings, today)
	if err != nil || g.Notifications == nil || len(g.Notifications) != 0 {
		t.Fatalf("notify:none = %#v (%v)", g.Notifications, err)
	}
}

// TestNewGoalMessages pins every message NewGoal gives, whole: each bad input is
// reported once, under its field, in words that say what would be right. The draft is
// a quarterly contacts goal on cmp-1 and cmp-2 (4 periods) with target 100.
func TestNewGoalMessages(t *testing.T) {
	stages := "subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist or other"
	cases := []struct {
		name string
		edit func(*Draft)
		want []FieldError
	}{
		{"empty name", func(d *Draft) { d.Name = "   " }, []FieldError{{Field: "name", Message: "give the goal a name of 1 to 100 characters"}}},
		{"long name", func(d *Draft) { d.Name = strings.Repeat("x", 101) }, []FieldError{{Field: "name", Message: "the name has 101 characters: shorten it to at most 100"}}},
		{"no type", func(d *Draft) { d.Type, d.Stage = "", "" }, []FieldError{{Field: "goal_type", Message: "choose a goal type: network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions or ad_spend"}}},
		{"bad type", func(d *Draft) { d.Type = "clicks" }, []FieldError{{Field: "goal_type", Message: `"clicks" is not a goal type: use network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions or ad_spend`}}},
		{"custom stage", func(d *Draft) { d.Stage = "hot_lead" }, []FieldError{{Field: "lifecycle_stage", Message: `custom lifecycle stages cannot be used: "hot_lead" is not a standard stage; use ` + stages}}},
		{"missing stage", func(d *Draft) { d.Stage = "" }, []FieldError{{Field: "lifecycle_stage", Message: "a contacts_in_stage goal needs a lifecycle stage: " + stages}}},
		{"forbidden stage", func(d *Draft) { d.Type = "network_conversions" }, []FieldError{{Field: "lifecycle_stage", Message: "a network_conversions goal takes no lifecycle stage (only cost_per_contact and contacts_in_stage goals do)"}}},
		{"no campaigns", func(d *Draft) { d.Campaigns = nil }, []FieldError{{Field: "ad_campaigns", Message: "pick at least one ad campaign"}}},
		{"51 campaigns", func(d *Draft) {
			d.Campaigns = nil
			for i := range 51 {
				d.Campaigns = append(d.Campaigns, fmt.Sprintf("c%d", i))
			}
		}, []FieldError{{Field: "ad_campaigns", Message: "a goal can have at most 50 campaigns (this one has 51): split it into several goals"}}},
		{"no duration", func(d *Draft) { d.Duration = "" }, []FieldError{{Field: "duration", Message: "choose a duration: weekly, monthly, quarterly, yearly or custom"}}},
		{"bad duration", func(d *Draft) { d.Duration = "daily" }, []FieldError{{Field: "duration", Message: `"daily" is not a duration: use weekly, monthly, quarterly, yearly or custom`}}},
		{"bad date", func(d *Draft) { d.Start = "2026-02-30" }, []FieldError{{Field: "start_date", Message: `"2026-02-30" is not a date: use YYYY-MM-DD, such as 2026-03-01`}}},
		{"start off boundary", func(d *Draft) { d.Start = "2026-02-15" }, []FieldError{{Field: "start_date", Message: "2026-02-15 is not the first day of a quarterly period: the nearest are 2026-01-01 and 2026-04-01"}}},
		{"end off boundary", func(d *Draft) { d.End = "2026-08-31" }, []FieldError{{Field: "end_date", Message: "2026-08-31 is not the last day of a quarterly period: the nearest are 2026-06-30 and 2026-09-30"}}},
		{"end before start", func(d *Draft) { d.Duration, d.Start, d.End = "custom", "2026-03-01", "2026-02-01" }, []FieldError{{Field: "end_date", Message: "2026-02-01 is before the start date, 2026-03-01"}}},
		{"custom without dates", func(d *Draft) { d.Duration = "custom" }, []FieldError{
			{Field: "start_date", Message: "a custom goal needs a start date (YYYY-MM-DD)"}, {Field: "end_date", Message: "a custom goal needs an end date (YYYY-MM-DD)"}}},
		{"year 1999", func(d *Draft) { d.Duration, d.Start, d.End = "custom", "1999-01-01", "1999-02-01" }, []FieldError{
			{Field: "start_date", Message: "1999-01-01 is out of range: use a date from 2000-01-01 on"}, {Field: "end_date", Message: "1999-02-01 is out of range: use a date from 2000-01-01 on"}}},
		{"too many periods", func(d *Draft) { d.Duration, d.Start, d.End = "weekly", "2026-01-05", "2031-12-28" }, []FieldError{
			{Field: "end_date", Message: "the range has more than 261 weekly periods: choose a shorter range or a longer duration"}}},
		{"negative target", func(d *Draft) { d.Target = "-5" }, []FieldError{{Field: "target", Message: "the target must be a positive number, such as 100, not -5"}}},
		{"target not a number", func(d *Draft) { d.Target = "lots" }, []FieldError{{Field: "target", Message: `"lots" is not a number: use digits with an optional decimal point, such as 120.5`}}},
		{"seven decimals", func(d *Draft) { d.Target = "1.1234567" }, []FieldError{{Field: "target", Message: `"1.1234567" has more than six decimals`}}},
		{"no target", func(d *Draft) { d.Target = "" }, []FieldError{{Field: "target", Message: "give a target, such as 100: each campaign's target in every period"}}},
		{"one campaign without a target", func(d *Draft) { d.Target, d.Targets = "", map[string]string{"cmp-1": "5"} }, []FieldError{
			{Field: "target", Message: "campaign cmp-2 has no target: give one target for all campaigns, or one for each campaign"}}},
		{"override for another campaign", func(d *Draft) { d.Targets = map[string]string{"cmp-9": "5"} }, []FieldError{{Field: "target_cmp-9", Message: "cmp-9 is not one of this goal's campaigns (cmp-1, cmp-2)"}}},
		{"two targets for four periods", func(d *Draft) { d.Targets = map[string]string{"cmp-1": "5,6"} }, []FieldError{
			{Field: "target_cmp-1", Message: "this goal has 4 periods: give one target, or 4 separated by commas (you gave 2)"}}},
		{"two targets for one period", func(d *Draft) {
			d.Duration, d.Start, d.End, d.Targets = "custom", "2026-03-01", "2026-03-31", map[string]string{"cmp-1": "5,6"}
		}, []FieldError{
			{Field: "target_cmp-1", Message: "this goal has 1 period: give one target (you gave 2)"}}},
		{"override not a number", func(d *Draft) { d.Target, d.Targets = "", map[string]string{"cmp-1": "abc", "cmp-2": "5"} }, []FieldError{
			{Field: "target_cmp-1", Message: `"abc" is not a number: use digits with an optional decimal point, such as 120.5`}}},
		{"empty period target", func(d *Draft) { d.Targets = map[string]string{"cmp-1": "1,,2,3"} }, []FieldError{
			{Field: "target_cmp-1", Message: "value 2 of 4 is empty: give numbers separated by commas, such as 100,120,150"}}},
		{"bad period target", func(d *Draft) { d.Targets = map[string]string{"cmp-1": "1,2,x,3"} }, []FieldError{
			{Field: "target_cmp-1", Message: `value 3 of 4: "x" is not a number: use digits with an optional decimal point, such as 120.5`}}},
		{"zero period target", func(d *Draft) { d.Targets = map[string]string{"cmp-1": "1,0,2,0"} }, []FieldError{
			{Field: "target_cmp-1", Message: "target 2 of 4 is 0: every target must be a positive number, such as 100"}}},
		{"zero override", func(d *Draft) { d.Targets = map[string]string{"cmp-1": "0"} }, []FieldError{{Field: "target_cmp-1", Message: "the target must be a positive number, such as 100, not 0"}}},
		{"fractional contacts", func(d *Draft) { d.Target = "100.5" }, []FieldError{{Field: "target", Message: "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}}},
		{"fractional form submissions", func(d *Draft) { d.Type, d.Stage, d.Target = "first_form_submissions", "", "0.25" }, []FieldError{
			{Field: "target", Message: "form submissions are counted in whole numbers: give a whole target, such as 0 or 1, not 0.25"}}},
		{"fractional period target", func(d *Draft) { d.Targets = map[string]string{"cmp-2": "1,2,3.5,4"} }, []FieldError{
			{Field: "target_cmp-2", Message: "target 3 of 4 is 3.5, but contacts are counted in whole numbers: use 3 or 4"}}},
		{"bad notification", func(d *Draft) { n := "started,digest"; d.Notifications = &n }, []FieldError{
			{Field: "notifications", Message: "digest cannot be used here: use started, threshold, milestone, at_risk, stale, overspend, underspend, or none"}}},
		{"unknown notifications", func(d *Draft) { n := "started,foo,bar"; d.Notifications = &n }, []FieldError{
			{Field: "notifications", Message: `"foo", "bar" are not events: use started, threshold, milestone, at_risk, stale, overspend, underspend, or none`}}},
		{"no notification", func(d *Draft) { n := " , "; d.Notifications = &n }, []FieldError{
			{Field: "notifications", Message: "give at least one of started, threshold, milestone, at_risk, stale, overspend, underspend, or none"}}},
		{"cost notifications", func(d *Draft) { d.Type = "cost_per_contact"; n := "milestone,threshold"; d.Notifications = &n }, []FieldError{
			{Field: "notifications", Message: "cost per contact goals can only notify started: milestone, threshold are not available for them"}}},
		{"bad team", func(d *Draft) { d.Team = "Growth EMEA" }, []FieldError{
			{Field: "team", Message: `"Growth EMEA" is not a valid team: use 1 to 40 lowercase letters, digits, - or _, starting with a letter or digit, such as growth-emea`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr := draft()
			c.edit(&dr)
			g, err := NewGoal(dr, DefaultSettings, today)
			if g != nil || ErrorCode(err) != EINVALID {
				t.Fatalf("NewGoal = %v, %v; want an invalid error", g, err)
			}
			if got := ErrorFields(err); !slices.Equal(got, c.want) {
				t.Errorf("problems:\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// TestFractionalTargets: network conversions and costs may be fractional; contacts and
// form submissions may not, at create and at edit.
func TestFractionalTargets(t *testing.T) {
	for _, typ := range []string{"network_conversions", "cost_per_contact"} {
		dr := draft()
		dr.Type, dr.Target = typ, "100.5"
		if typ == "network_conversions" {
			dr.Stage = ""
		}
		if _, err := NewGoal(dr, DefaultSettings, today); err != nil {
			t.Errorf("%s with target 100.5: %v", typ, err)
		}
	}
	g, err := NewGoal(draft(), DefaultSettings, today)
	if err != nil {
		t.Fatal(err)
	}
	g.ID = "G1"
	before := *g
	half := Units(100) + MicroUnit/2
	err = g.Apply(GoalUpdate{Targets: &Targets{Target: &half}}, at("2026-05-10T00:00:00Z"))
	want := []FieldError{{Field: "target", Message: "contacts are counted in whole numbers: give a whole target, such as 100 or 101, not 100.5"}}
	if !slices.Equal(ErrorFields(err), want) || g.Targets.For("cmp-1", 1) != before.Targets.For("cmp-1", 1) {
		t.Fatalf("edit to 100.5 = %+v, target now %s", ErrorFields(err), g.Targets.For("cmp-1", 1))
	}
}

// TestApplyMessages pins the messages of an edit of G1 (quarterly, 4 periods, on
// cmp-1 and cmp-2, target 100) in May, when Q1 has ended: the targets are checked
// as typed, each problem once, and nothing changes.
func TestApplyMessages(t *testing.T) {
	micro := func(vs ...int64) []Micro {
		out := make([]Micro, len(vs))
		for i, v := range vs {
			out[i] = Units(v)
		}
		return out
	}
	zero := Micro(0)
	empty := ""
	cases := []struct {
		name string
		u    GoalUpdate
		want []FieldError
	}{
		{"two targets for four periods", GoalUpdate{Targets: &Targets{PerCampaign: map[string]CampaignTarget{"cmp-1": {PerPeriod: micro(1, 2)}}}},
			[]FieldError{{Field: "target_cmp-1", Message: "G1 has 4 periods: give one target, or 4 separated by commas (you gave 2)"}}},
		{"five targets for four periods", GoalUpdate{Targets: &Targets{PerCampaign: map[string]CampaignTarget{"cmp-1": {PerPeriod: micro(1, 2, 3, 4, 5)}}}},
			[]FieldError{{Field: "target_cmp-1", Message: "G1 has 4 periods: give one target, or 4 separated by commas (you gave 5)"}}},
		{"another campaign", GoalUpdate{Targets: &Targets{PerCampaign: map[string]CampaignTarget{"cmp-9": {All: Units(5)}}}},
			[]FieldError{{Field: "target_cmp-9", Message: "cmp-9 is not one of G1's campaigns (cmp-1, cmp-2)"}}},
		{"target 0", GoalUpdate{Targets: &Targets{Target: &zero}},
			[]FieldError{{Field: "target", Message: "the target must be a positive number, such as 100, not 0"}}},
		{"target 0 and no name", GoalUpdate{Name: &empty, Targets: &Targets{Target: &zero}}, []FieldError{
			{Field: "target", Message: "the target must be a positive number, such as 100, not 0"}, {Field: "name", Message: "give the goal a name of 1 to 100 characters"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := NewGoal(draft(), DefaultSettings, today)
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
			if got := ErrorFields(err); !slices.Equal(got, c.want) {
				t.Errorf("problems:\n got %+v\nwant %+v", got, c.want)
			}
			if after, _ := json.Marshal(g); string(after) != string(before) {
				t.Errorf("a refused edit changed the goal:\n%s\n%s", before, after)
			}
		})
	}
}

func TestNewGoalEveryProblemAtOnce(t *testing.T) {
	_, err := NewGoal(Draft{Type: "x", Duration: "y", Team: "BAD"}, DefaultSettings, today)
	fields := map[string]bool{}
	for _, f := range ErrorFields(err) {
		fields[f.Field] = true
	}
	for _, want := range []string{"name", "goal_type", "ad_campaigns", "duration", "team"} {
		if !fields[want] {
			t.Errorf("no problem reported for %s: %v", want, ErrorFields(err))
		}
	}
}

func TestWeeklyBoundaries(t *testing.T) {
	dr := draft()
	dr.Duration, dr.Start, dr.End = "weekly", "2026-03-04", ""
	_, err := NewGoal(dr, Settings{TimeZone: "UTC", WeekStart: time.Sunday, FiscalYearStart: 1}, today)
	if err == nil || !strings.Contains(ErrorMessage(err), "weeks start on Sunday") || !strings.Contains(ErrorMessage(err), "2026-03-01 and 2026-03-08") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckCatalog(t *testing.T) {
	known := map[string]Campaign{
		"a": {ID: "a", AccountID: "act-1", Currency: "USD"}, "b": {ID: "b", AccountID: "act-2", Currency: "EUR"},
		"c": {ID: "c", AccountID: "act-1", Currency: "USD"},
	}
	g := &Goal{Type: CostPerContact, Campaigns: []string{"a", "c"}}
	if p := g.CheckCatalog(known); len(p) != 0 || strings.Join(g.Accounts, ",") != "act-1" || g.Currency != "USD" {
		t.Fatalf("derived accounts %v currency %q problems %v", g.Accounts, g.Currency, p)
	}
	g = &Goal{Type: CostPerContact, Campaigns: []string{"a", "b", "zz"}, Accounts: []string{"act-1"}}
	p := g.CheckCatalog(known)
	msg := p.Err().Error()
	for _, want := range []string{"unknown campaign zz", "campaign b (in act-2) is not in the goal's ad accounts (act-1)", "mix EUR (b) and USD (a)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems %q lack %q", msg, want)
		}
	}
}

func TestApplyKeepsEndedTargets(t *testing.T) {
	g, err := NewGoal(draft(), DefaultSettings, today)
	if err != nil {
		t.Fatal(err)
	}
	g.ID = "G1"
	newTarget := Units(150)
	// In May: Q1 has ended, Q2 runs; the edit applies to Q2 on.
	if err := g.Apply(GoalUpdate{Targets: ptr(g.Targets.Merge(Targets{Target: &newTarget}))}, at("2026-05-10T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int64{100, 150, 150, 150} {
		if got := g.Targets.For("cmp-1", i); got != Units(want) {
			t.Errorf("period %d target = %s, want %d", i, got, want)
		}
	}
	bad := "  "
	before := *g
	if err := g.Apply(GoalUpdate{Name: &bad}, at("2026-05-10T00:00:00Z")); err == nil || g.Name != before.Name {
		t.Fatalf("a bad edit changed the goal or passed: %v", err)
	}
	if err := g.Apply(GoalUpdate{Targets: &Targets{Target: &newTarget}}, at("2027-01-05T00:00:00Z")); err == nil {
		t.Fatal("an ended goal's targets changed")
	}
}

func TestGoalJSONRoundTrip(t *testing.T) {
	dr := draft()
	dr.Targets = map[string]string{"cmp-2": "5,6,7,8"}
	g, err := NewGoal(dr, DefaultSettings, today)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"target":100`, `"targets":{"cmp-2":[5,6,7,8]}`, `"start_date":"2026-01-01"`, `"goal_type":"contacts_in_stage"`, `"lifecycle_stage":"lead"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	var back Goal
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Targets.For("cmp-2", 2) != Units(7) || back.Start != g.Start || back.Settings != g.Settings {
		t.Fatalf("round trip lost data: %+v", back)
	}
}

func TestErrors(t *testing.T) {
	var p Problems
	p.Add("name", "too long")
	p.Add("team", "bad")
	err := p.Err()
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "2 problems") || len(ErrorFields(err)) != 2 {
		t.Fatalf("err = %v", err)
	}
	if ErrorCode(nil) != "" || ErrorCode(errTest{}) != EINTERNAL || strings.Contains(ErrorMessage(errTest{}), "secret") {
		t.Fatal("unknown errors must be internal and not shown")
	}
}

type errTest struct{}

func (errTest) Error() string { return "secret detail" }

func TestMetricValidate(t *testing.T) {
	ok := Metric{Date: d("2026-11-29"), Network: "google", AccountID: "act-1", CampaignID: "cmp-9", Currency: "USD",
		Totals: Totals{Spend: Units(120) + 500_000, Conversions: Units(7)}}
	if p := ok.Validate(today); len(p) != 0 {
		t.Fatalf("valid row refused: %v", p)
	}
	bad := ok
	bad.Date, bad.CampaignID, bad.Currency, bad.Spend = d("2026-11-30"), "cmp 9", "usd", -1
	bad.Contacts[StageIndex(Lead)] = -2
	fields := map[string]bool{}
	for _, f := range bad.Validate(today) {
		fields[f.Field] = true
	}
	for _, want := range []string{"date", "campaign_id", "currency", "spend", "contacts.lead"} {
		if !fields[want] {
			t.Errorf("no problem for %s: %v", want, fields)
		}
	}
}
