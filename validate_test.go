package goalbot

import (
	"encoding/json"
	"strings"
	"testing"
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
	// Its words: TestFractionalEditMessage.
	if fe := ErrorFields(err); len(fe) != 1 || fe[0].Field != "target" || fe[0].Key != "errors.target.whole" ||
		g.Targets.For("cmp-1", 1) != before.Targets.For("cmp-1", 1) {
		t.Fatalf("edit to 100.5 = %+v, target now %s", ErrorFields(err), g.Targets.For("cmp-1", 1))
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
