package goalbot

import (
	"strings"
	"testing"
	"time"
)

func events(os []Occurrence) string {
	var parts []string
	for _, o := range os {
		parts = append(parts, o.Event.String()+"/"+o.Period.Start.String()+"/"+o.Words())
	}
	return strings.Join(parts, " ")
}

func (e Event) String() string { return string(e) }

func TestOccurrences(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100) // target 200 a month over two campaigns
	g.CreatedAt = at("2025-12-01T00:00:00Z")
	last := at("2026-03-10T00:00:00Z")
	m0 := Measure(g, nil, inUSD(g), nil, at("2025-12-31T00:00:00Z"), 0)
	if got := events(Occurrences(g, nil, &m0, time.Time{}, 0)); got != "" {
		t.Fatalf("pending goal fired %q", got)
	}
	// March 10th: 160 of 200 → started, 50 % and 75 % in one pass.
	m1 := Measure(g, sumsIn(2, conv(100), conv(60)), inUSD(g), &m0, at("2026-03-10T12:00:00Z"), 0)
	// January and February settled while nobody measured: their milestones come too.
	want := "started/2026-01-01/started milestone/2026-01-01/missed milestone/2026-02-01/missed " +
		"threshold/2026-03-01/reached 50% threshold/2026-03-01/reached 75%"
	if got := events(Occurrences(g, &m0, &m1, last, 0)); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	// Same figures again: nothing new.
	m2 := Measure(g, sumsIn(2, conv(100), conv(60)), inUSD(g), &m1, at("2026-03-10T12:15:00Z"), 0)
	if got := events(Occurrences(g, &m1, &m2, last, 0)); got != "" {
		t.Fatalf("repeat pass fired %q", got)
	}
	// 200: reached 100 %.
	m3 := Measure(g, sumsIn(2, conv(100), conv(100)), inUSD(g), &m2, at("2026-03-11T00:00:00Z"), 0)
	if got := events(Occurrences(g, &m2, &m3, last, 0)); got != "threshold/2026-03-01/reached 100%" {
		t.Fatalf("got %q", got)
	}
	if o := Occurrences(g, &m2, &m3, last, 0)[0]; o.Key() != "G1:threshold:2026-03-01:100" {
		t.Fatalf("key %q", o.Key())
	}
}

func TestMilestonesAfterOutage(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	g.End = d("2026-03-31")
	g.CreatedAt = at("2026-01-15T00:00:00Z")
	sums := [][]Totals{{conv(100), conv(100)}, {conv(500), conv(0)}, {conv(1), conv(1)}}
	m1 := Measure(g, sums, inUSD(g), nil, at("2026-01-20T00:00:00Z"), 24*time.Hour)
	// Down until mid-April: February and March settle in one pass, in order; the last
	// carries the final outcome.
	m2 := Measure(g, sums, inUSD(g), &m1, at("2026-04-15T00:00:00Z"), 24*time.Hour)
	os := Occurrences(g, &m1, &m2, at("2026-04-14T00:00:00Z"), 0)
	if got := events(os); got != "milestone/2026-01-01/achieved milestone/2026-02-01/exceeded milestone/2026-03-01/missed" {
		t.Fatalf("got %q", got)
	}
	if os[2].FinalOutcome != Exceeded || os[1].FinalOutcome != "" {
		t.Fatalf("final outcomes %q %q (total %+v)", os[1].FinalOutcome, os[2].FinalOutcome, m2.Total)
	}
	// A goal created after January ended gets January's figures but no milestone.
	g.CreatedAt = at("2026-02-05T00:00:00Z")
	if got := events(Occurrences(g, nil, &m2, at("2026-04-14T00:00:00Z"), 0)); strings.Contains(got, "2026-01-01/achieved") {
		t.Fatalf("milestone for a period before creation: %q", got)
	}
}

func TestAtRiskAfterAQuarter(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100) // April: 30 days, target 200
	g.CreatedAt = at("2026-01-01T00:00:00Z")
	last := at("2026-04-08T00:00:00Z")
	early := Measure(g, sumsIn(3, conv(1), conv(0)), inUSD(g), nil, at("2026-04-05T00:00:00Z"), 0)
	if early.Pace != AtRisk || strings.Contains(events(Occurrences(g, nil, &early, last, 0)), "at_risk") {
		t.Fatalf("at risk before a quarter: pace %s, events %q", early.Pace, events(Occurrences(g, nil, &early, last, 0)))
	}
	later := Measure(g, sumsIn(3, conv(1), conv(0)), inUSD(g), &early, at("2026-04-09T00:00:00Z"), 0)
	if got := events(Occurrences(g, &early, &later, last, 0)); got != "at_risk/2026-04-01/at risk" {
		t.Fatalf("got %q", got)
	}
	cost := monthlyGoal(CostPerContact, Lead, 100)
	cost.CreatedAt = at("2026-04-01T00:00:00Z")
	cm := Measure(cost, nil, inUSD(cost), nil, at("2026-04-20T00:00:00Z"), 0)
	if got := events(Occurrences(cost, nil, &cm, at("2026-04-19T00:00:00Z"), 0)); got != "started/2026-01-01/started" {
		t.Fatalf("cost goal events %q (no threshold, pace or at_risk)", got)
	}
}

func TestStaleOncePerGap(t *testing.T) {
	g := monthlyGoal(FirstFormSubmissions, "", 100)
	g.CreatedAt = at("2026-01-01T00:00:00Z")
	last := at("2026-05-01T00:00:00Z")
	m1 := Measure(g, nil, inUSD(g), nil, at("2026-05-02T23:00:00Z"), 0)
	if strings.Contains(events(Occurrences(g, nil, &m1, last, 0)), "stale") {
		t.Fatal("stale before 48 hours")
	}
	m2 := Measure(g, nil, inUSD(g), &m1, at("2026-05-03T00:00:00Z"), 0)
	os := Occurrences(g, &m1, &m2, last, 0)
	if got := events(os); got != "stale/2026-05-01/no metrics for 48 hours" {
		t.Fatalf("got %q", got)
	}
	m3 := Measure(g, nil, inUSD(g), &m2, at("2026-05-03T00:15:00Z"), 0)
	if got := events(Occurrences(g, &m2, &m3, last, 0)); got != "" {
		t.Fatalf("stale fired twice in one gap: %q", got)
	}
	// A new row, then a new gap: a new stale with another key.
	m4 := Measure(g, nil, inUSD(g), &m3, at("2026-05-08T00:00:00Z"), 0)
	os2 := Occurrences(g, &m3, &m4, at("2026-05-05T00:00:00Z"), 0)
	if len(os2) != 1 || os2[0].Key() == os[0].Key() {
		t.Fatalf("second gap: %q", events(os2))
	}
}

func TestAlertsFor(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	g.Creator, g.Notifications, g.Team = "U1", []Event{EventStarted}, "growth"
	subs := []Subscription{
		{ID: "S1", Channel: "C1", Events: []Event{EventStarted}, Filter: Filter{Teams: []string{"growth"}}},
		{ID: "S2", Channel: "C1", Events: []Event{EventStarted}},                                           // same channel: once
		{ID: "S3", Channel: "C2", Events: []Event{EventMilestone}},                                         // other event
		{ID: "S4", Channel: "C3", Events: []Event{EventStarted}, Filter: Filter{Teams: []string{"other"}}}, // no match
		{ID: "S5", Channel: "C4", Events: []Event{EventStarted}, Failure: "is_archived"},                   // undeliverable
	}
	o := Occurrence{GoalID: "G1", Event: EventStarted, Period: g.Range()}
	var got []string
	for _, a := range AlertsFor(g, o, subs, InProgress, nil, at("2026-01-01T00:00:00Z")) {
		got = append(got, a.Recipient+"/"+a.SubscriptionID+"/"+a.Key)
	}
	if strings.Join(got, " ") != "U1//G1:started:2026-01-01:U1 C1/S1/G1:started:2026-01-01:C1" {
		t.Fatalf("alerts %v", got)
	}
}

func TestDigestWeek(t *testing.T) {
	berlin := Settings{TimeZone: "Europe/Berlin"}.Location()
	cases := []struct {
		now    string
		monday string
		due    bool
	}{
		{"2026-11-30T07:59:00Z", "2026-11-30", false}, // 08:59 Berlin
		{"2026-11-30T08:00:00Z", "2026-11-30", true},  // 09:00 Berlin
		{"2026-12-06T22:00:00Z", "2026-11-30", true},  // Sunday 23:00
		{"2026-11-29T23:30:00Z", "2026-11-30", false}, // Monday 00:30
	}
	for _, c := range cases {
		m, dueAt := DigestWeek(at(c.now), berlin)
		due := !at(c.now).Before(dueAt)
		if m.String() != c.monday || due != c.due {
			t.Errorf("DigestWeek(%s) = %s %v, want %s %v", c.now, m, due, c.monday, c.due)
		}
	}
}
