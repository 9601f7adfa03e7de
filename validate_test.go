package goalbot

import (
	"encoding/json"
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

// TestNewGoalProblems: each bad input is named under its field with what would be right.
func TestNewGoalProblems(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Draft)
		field string
		says  string
	}{
		{"empty name", func(d *Draft) { d.Name = "   " }, "name", "1 to 100 characters"},
		{"long name", func(d *Draft) { d.Name = strings.Repeat("x", 101) }, "name", "1 to 100"},
		{"bad type", func(d *Draft) { d.Type = "clicks" }, "goal_type", "network_conversions, cost_per_contact"},
		{"custom stage", func(d *Draft) { d.Stage = "hot_lead" }, "lifecycle_stage", "custom lifecycle stages cannot be used"},
		{"missing stage", func(d *Draft) { d.Stage = "" }, "lifecycle_stage", "needs a lifecycle_stage"},
		{"forbidden stage", func(d *Draft) { d.Type = "network_conversions" }, "lifecycle_stage", "takes no lifecycle_stage"},
		{"no campaigns", func(d *Draft) { d.Campaigns = nil }, "ad_campaigns", "at least one"},
		{"51 campaigns", func(d *Draft) {
			d.Campaigns = nil
			for i := 0; i < 51; i++ {
				d.Campaigns = append(d.Campaigns, "c"+string(rune('A'+i%26))+string(rune('a'+i/26)))
			}
		}, "ad_campaigns", "at most 50"},
		{"bad duration", func(d *Draft) { d.Duration = "daily" }, "duration", "weekly, monthly"},
		{"bad date", func(d *Draft) { d.Start = "2026-02-30" }, "start_date", "YYYY-MM-DD"},
		{"start off boundary", func(d *Draft) { d.Start = "2026-02-15" }, "start_date", "the nearest are 2026-01-01 and 2026-04-01"},
		{"end off boundary", func(d *Draft) { d.End = "2026-08-31" }, "end_date", "the nearest are 2026-06-30 and 2026-09-30"},
		{"end before start", func(d *Draft) { d.Duration, d.Start, d.End = "custom", "2026-03-01", "2026-02-01" }, "end_date", "before start_date"},
		{"custom without dates", func(d *Draft) { d.Duration = "custom" }, "start_date", "needs a start_date"},
		{"negative target", func(d *Draft) { d.Target = "-5" }, "target", "positive"},
		{"no target", func(d *Draft) { d.Target = "" }, "target", "no target for campaign cmp-1, cmp-2"},
		{"override for another campaign", func(d *Draft) { d.Targets = map[string]string{"cmp-9": "5"} }, "target_cmp-9", "not one of this goal's campaigns"},
		{"wrong number of period targets", func(d *Draft) { d.Targets = map[string]string{"cmp-1": "5,6"} }, "target_cmp-1", "2 targets but the goal has 4 periods"},
		{"bad notification", func(d *Draft) { n := "started,digest"; d.Notifications = &n }, "notifications", "cannot be used here"},
		{"cost notifications", func(d *Draft) { d.Type = "cost_per_contact"; n := "milestone"; d.Notifications = &n }, "notifications", "only notify `started`"},
		{"bad team", func(d *Draft) { d.Team = "Growth EMEA" }, "team", "lowercase"},
		{"year 1999", func(d *Draft) { d.Duration, d.Start, d.End = "custom", "1999-01-01", "1999-02-01" }, "start_date", "from 2000-01-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr := draft()
			c.edit(&dr)
			g, err := NewGoal(dr, DefaultSettings, today)
			if g != nil || ErrorCode(err) != EINVALID {
				t.Fatalf("NewGoal = %v, %v; want an invalid error", g, err)
			}
			for _, f := range ErrorFields(err) {
				if f.Field == c.field && strings.Contains(f.Message, c.says) {
					return
				}
			}
			t.Fatalf("no problem with %s saying %q in %v", c.field, c.says, ErrorFields(err))
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
	for _, want := range []string{"unknown campaign zz", "belongs to ad account act-2", "mix EUR (b) and USD (a)"} {
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
