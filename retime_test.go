package goalbot

import (
	"reflect"
	"testing"
	"time"
)

func TestRetime(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	g.Version = 3
	sums := sumsIn(2, conv(60), conv(70))
	prev := Measure(g, sums, inUSD(g), nil, at("2026-03-10T08:00:00Z"), time.Hour)
	later := at("2026-03-10T20:00:00Z")
	m, ok := Retime(g, &prev, later, time.Hour)
	again := Measure(g, sums, inUSD(g), &prev, later, time.Hour)
	if !ok || !m.At.Equal(later) || *m.Headline != *again.Headline || m.Pace != again.Pace || !sameFigures(m.Total, again.Total) ||
		m.Current != again.Current || !reflect.DeepEqual(m.SettledSum, again.SettledSum) {
		t.Fatalf("retimed %v: %+v\nmeasured afresh: %+v", ok, m, again)
	}
	// February ended on March 1st; with an hour to settle, it settled before either.
	if !m.Periods[1].Settled {
		t.Fatal("february is not settled")
	}
	for name, c := range map[string]struct {
		g      *Goal
		prev   *Measurement
		now    string
		settle time.Duration
	}{
		"another day":          {g, &prev, "2026-03-11T00:00:00Z", time.Hour},
		"an edited goal":       {&Goal{ID: g.ID, Version: 4, Settings: g.Settings}, &prev, "2026-03-10T20:00:00Z", time.Hour},
		"no measurement":       {g, nil, "2026-03-10T20:00:00Z", time.Hour},
		"a period settles":     {g, settling(g), "2026-03-01T05:00:00Z", 4 * time.Hour},
		"not yet settled":      {g, settling(g), "2026-03-01T03:00:00Z", 4 * time.Hour}, // retimed: see below
		"an earlier time":      {g, &prev, "2026-03-10T07:00:00Z", time.Hour},
		"a settled goal":       {g, &Measurement{GoalID: g.ID, GoalVersion: 3, Settled: true, At: prev.At}, "2026-03-10T20:00:00Z", time.Hour},
		"kept before versions": {g, unversioned(prev), "2026-03-10T20:00:00Z", time.Hour},
	} {
		if _, ok := Retime(c.g, c.prev, at(c.now), c.settle); ok != (name == "not yet settled") {
			t.Errorf("%s: retimed %v", name, ok)
		}
	}
}

// settling returns a measurement of g at 01:00 on March 1st, when February has
// ended and not settled (settle 4h).
func settling(g *Goal) *Measurement {
	m := Measure(g, nil, inUSD(g), nil, at("2026-03-01T01:00:00Z"), 4*time.Hour)
	return &m
}

func unversioned(m Measurement) *Measurement {
	m.GoalVersion = 0
	return &m
}

func sameFigures(a, b Figures) bool {
	pa, pb := a.Progress, b.Progress
	a.Progress, b.Progress = nil, nil
	return reflect.DeepEqual(a, b) && (pa == nil) == (pb == nil) && (pa == nil || *pa == *pb)
}
