package goalbot

import (
	"reflect"
	"testing"
	"time"
)

// TestDiff: an edit's changed fields, each with its value before and after in the
// text form people type, a campaign's own targets as a field of their own.
func TestDiff(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	g.Team = "growth"
	if got := g.Diff(g); got != nil {
		t.Errorf("a goal against itself: %+v", got)
	}
	next := *g
	next.Name, next.Team, next.Notifications = "Autumn leads", "", []Event{EventStarted, EventAtRisk}
	next.Version, next.UpdatedAt = g.Version+1, g.UpdatedAt.Add(time.Hour) // not fields of an edit
	target := Units(150)
	next.Targets = Targets{Target: &target, PerCampaign: map[string]CampaignTarget{
		"b": {PerPeriod: []Micro{Units(1), Units(2) + MicroUnit/2}}}}
	want := []FieldChange{
		{Field: "name", Old: g.Name, New: "Autumn leads"},
		{Field: "target", Old: "100", New: "150"},
		{Field: "targets.b", Old: "", New: "1,2.5"},
		{Field: "notifications", Old: "", New: "started,at_risk"},
		{Field: "team", Old: "growth", New: ""},
	}
	if got := g.Diff(&next); !reflect.DeepEqual(got, want) {
		t.Errorf("Diff =\n%+v\nwant\n%+v", got, want)
	}
	if c, ok := want[2].Campaign(); !ok || c != "b" {
		t.Errorf("Campaign of %s = %q %v", want[2].Field, c, ok)
	}
	if _, ok := want[0].Campaign(); ok {
		t.Error("name is a campaign's targets")
	}
	// Overrides removed, and one changed.
	again := next
	again.Targets = Targets{Target: &target, PerCampaign: map[string]CampaignTarget{"a": {All: Units(3)}}}
	want = []FieldChange{{Field: "targets.a", Old: "", New: "3"}, {Field: "targets.b", Old: "1,2.5", New: ""}}
	if got := next.Diff(&again); !reflect.DeepEqual(got, want) {
		t.Errorf("Diff of overrides =\n%+v\nwant\n%+v", got, want)
	}
}

// TestSettlingKeepsCampaigns: a period that settles in a measurement carries its
// campaigns' figures (for the store to keep once); periods settled before do not
// (they are copied from the previous measurement), nor do provisional ones.
func TestSettlingKeepsCampaigns(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	sums := make([][]Totals, 12)
	for i := range sums {
		sums[i] = []Totals{conv(int64(10 + i)), conv(int64(20 + i))}
	}
	first := Measure(g, sums, inUSD(g), nil, at("2026-03-01T12:00:00Z"), 24*time.Hour) // January settled, February provisional
	if len(first.Periods[0].Campaigns) != 2 || first.Periods[0].Campaigns[1].Actual != Units(20) {
		t.Fatalf("January settles: its campaigns %+v", first.Periods[0].Campaigns)
	}
	if first.Periods[1].Campaigns != nil || !first.Periods[1].Ended || first.Periods[1].Settled {
		t.Errorf("provisional February: %+v", first.Periods[1])
	}
	if len(first.Periods[2].Campaigns) != 2 {
		t.Errorf("the running March has no campaigns")
	}
	second := Measure(g, sums, inUSD(g), strip(first), at("2026-03-02T12:00:00Z"), 24*time.Hour) // February settles
	if second.Periods[0].Campaigns != nil {
		t.Errorf("January, settled before, carries campaigns again: %+v", second.Periods[0].Campaigns)
	}
	if len(second.Periods[1].Campaigns) != 2 || second.Periods[1].Campaigns[0].Actual != Units(11) {
		t.Errorf("February settles: its campaigns %+v", second.Periods[1].Campaigns)
	}
}
