package goalbot

import (
	"testing"
	"time"
)

func TestDriftThresholds(t *testing.T) {
	r := DriftRule{Threshold: 0.5}
	cases := []struct {
		conv  Micro
		forms int64
		want  bool
	}{
		{100 * MicroUnit, 49, true},  // 51 % apart
		{100 * MicroUnit, 50, false}, // exactly 50 %: not more than the share
		{49 * MicroUnit, 100, true},  // the other way round
		{0, 20, true},                // a broken pixel: forms, no conversions
		{0, 19, false},               // too little volume to matter
		{19 * MicroUnit, 0, false},
		{20 * MicroUnit, 0, true},
		{30_500_000, 15, true}, // fractional conversions: 30.5 vs 15 is 50.8 %
	}
	for _, c := range cases {
		if got := r.Drifts(c.conv, c.forms); got != c.want {
			t.Errorf("Drifts(%s conversions, %d forms) = %v, want %v", c.conv, c.forms, got, c.want)
		}
	}
	if (DriftRule{Threshold: 0.6}).Drifts(100*MicroUnit, 45) {
		t.Error("55 % apart drifts under a 60 % threshold")
	}
}

func TestDriftWindowIsTheLastSettledWeek(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	r := DriftRule{Settle: 24 * time.Hour, Location: berlin}
	// 2026-03-10 00:30 in Berlin: March 8 ended 24.5 hours ago, March 9 30 minutes ago.
	from, to := r.Window(time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC))
	if from.String() != "2026-03-02" || to.String() != "2026-03-08" {
		t.Errorf("window %s to %s, want 2026-03-02 to 2026-03-08", from, to)
	}
	r.Settle = 0
	if _, to := r.Window(time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC)); to.String() != "2026-03-09" {
		t.Errorf("with no settle delay the window ends %s, want yesterday 2026-03-09", to)
	}
}

func TestDriftAlertsOncePerRecipient(t *testing.T) {
	g1 := &Goal{ID: "G1", Creator: "U1", Campaigns: []string{"google-111"}, Team: "growth"}
	g2 := &Goal{ID: "G2", Creator: "U1", Campaigns: []string{"google-111"}}
	g3 := &Goal{ID: "G3", Creator: "U2", Campaigns: []string{"google-111"}}
	growth := "growth"
	subs := []*Subscription{
		{ID: "S1", Channel: "C1", Events: []Event{EventDrift}, Filter: Filter{Teams: []string{growth}}},
		{ID: "S2", Channel: "C2", Events: []Event{EventStarted}},
		{ID: "S3", Channel: "C3", Events: []Event{EventDrift}, Failure: "is_archived"},
	}
	d := DriftFigures{Campaign: "google-111", From: Date{Year: 2026, Month: 3, Day: 2}, To: Date{Year: 2026, Month: 3, Day: 8}}
	got := DriftAlerts("drift:google-111:2026-03-09", d, []DriftGoal{{Goal: g1}, {Goal: g2}, {Goal: g3}}, subs, time.Time{})
	if len(got) != 3 || got[0].Recipient != "U1" || len(got[0].GoalIDs) != 2 || got[1].Recipient != "U2" ||
		got[2].Recipient != "C1" || got[2].SubscriptionID != "S1" || len(got[2].GoalIDs) != 1 || got[2].Drift.Campaign != "google-111" {
		t.Fatalf("alerts %+v: want U1 (G1, G2), U2 (G3) and C1 (G1 of team growth), not C2 (no drift) nor C3 (failed)", got)
	}
}
