package goalbot

import (
	"slices"
	"testing"
	"time"
)

func TestStaleWords(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "48 hours", 48 * time.Hour: "48 hours", time.Hour: "1 hour",
		90 * time.Minute: "90 minutes", 72 * time.Hour: "72 hours", 90 * time.Second: "1m30s"} {
		if got := StaleWords(d); got != want {
			t.Errorf("StaleWords(%v) = %q, want %q", d, got, want)
		}
	}
	a := Alert{Event: EventStale, StaleAfter: 72 * time.Hour}
	if a.Words() != "no metrics for 72 hours" {
		t.Errorf("words %q", a.Words())
	}
}

func TestStaleGroup(t *testing.T) {
	since := at("2026-03-08T02:00:00Z")
	member := func(goal string, gap time.Duration, queued string) Alert {
		return Alert{Key: goal + ":stale:C1", GoalID: goal, Event: EventStale, Recipient: "C1", SubscriptionID: "S1",
			Since: since.Add(gap), StaleAfter: 48 * time.Hour, QueuedAt: at(queued), PeriodStart: Date{2026, 3, 1}}
	}
	one := StaleGroup("stale:C1:1", []Alert{member("G3", 0, "2026-03-10T02:00:00Z")})
	if one.Key != "stale:C1:1" || one.GoalID != "G3" || len(one.GoalIDs) != 0 || one.PeriodStart != (Date{2026, 3, 1}) {
		t.Errorf("a group of one = %+v, want G3's own alert under the group's key", one)
	}
	g := StaleGroup("stale:C1:2", []Alert{member("G10", time.Hour, "2026-03-10T03:00:00Z"), member("G9", 0, "2026-03-10T02:00:00Z"),
		member("G2", -time.Hour, "2026-03-10T04:00:00Z")})
	if !slices.Equal(g.GoalIDs, []string{"G2", "G9", "G10"}) || g.GoalID != "" || g.Event != EventStale || g.Recipient != "C1" ||
		g.SubscriptionID != "S1" || !g.Since.Equal(since.Add(time.Hour)) || !g.QueuedAt.Equal(at("2026-03-10T02:00:00Z")) ||
		g.PeriodStart != (Date{2026, 3, 8}) || g.PeriodEnd != (Date{2026, 3, 10}) || g.Progress != nil || g.StaleAfter != 48*time.Hour {
		t.Errorf("group = %+v", g)
	}
}

// TestStaleAfterSetting: the gap that makes a goal stale is the workspace's setting.
func TestStaleAfterSetting(t *testing.T) {
	g := monthlyGoal(FirstFormSubmissions, "", 100)
	g.CreatedAt = at("2026-01-01T00:00:00Z")
	last := at("2026-05-01T00:00:00Z")
	m1 := Measure(g, nil, inUSD(g), nil, at("2026-05-01T12:00:00Z"), 0)
	m2 := Measure(g, nil, inUSD(g), &m1, at("2026-05-03T00:00:00Z"), 0)
	if got := events(Occurrences(g, &m1, &m2, last, 72*time.Hour)); got != "" {
		t.Fatalf("stale after 48 hours with a 72-hour setting: %q", got)
	}
	m3 := Measure(g, nil, inUSD(g), &m2, at("2026-05-04T00:00:00Z"), 0)
	os := Occurrences(g, &m2, &m3, last, 72*time.Hour)
	if got := events(os); got != "stale/2026-05-01/no metrics for 72 hours" || !os[0].Since.Equal(last) {
		t.Fatalf("after 72 hours: %q", got)
	}
	if a := os[0].Alert("C1", "S1", m3.At); a.StaleAfter != 72*time.Hour || !a.Since.Equal(last) || a.Words() != "no metrics for 72 hours" {
		t.Fatalf("alert %+v", a)
	}
	m0 := Measure(g, nil, inUSD(g), nil, at("2026-05-01T06:00:00Z"), 0)
	m4 := Measure(g, nil, inUSD(g), &m0, at("2026-05-01T12:00:00Z"), 0)
	if got := events(Occurrences(g, &m0, &m4, last, 12*time.Hour)); got != "stale/2026-05-01/no metrics for 12 hours" {
		t.Fatalf("a 12-hour setting: %q", got)
	}
}
