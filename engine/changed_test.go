package engine

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func TestShownChanged(t *testing.T) {
	g := &goalbot.Goal{Start: goalbot.Date{Year: 2026, Month: 3, Day: 1}, End: goalbot.Date{Year: 2026, Month: 3, Day: 31},
		Settings: goalbot.DefaultSettings}
	now := at("2026-03-10T12:00:00Z")
	pct := func(p float64) *float64 { return &p }
	m := func(h *float64, pace goalbot.Pace) *goalbot.Measurement {
		return &goalbot.Measurement{At: now.Add(-time.Hour), Headline: h, Pace: pace}
	}
	cases := []struct {
		name      string
		prev, cur *goalbot.Measurement
		want      bool
	}{
		{"first measurement", nil, m(pct(10), goalbot.OnTrack), true},
		{"same floored percent", m(pct(42.1), goalbot.OnTrack), m(pct(42.9), goalbot.OnTrack), false},
		{"percent moved", m(pct(42.9), goalbot.OnTrack), m(pct(43.0), goalbot.OnTrack), true},
		{"pace turned", m(pct(42), goalbot.OnTrack), m(pct(42), goalbot.AtRisk), true},
		{"progress became known", m(nil, ""), m(pct(0), goalbot.AtRisk), true},
		{"still unknown", m(nil, ""), m(nil, ""), false},
		{"settled", m(pct(100), goalbot.OnTrack), &goalbot.Measurement{Headline: pct(100), Pace: goalbot.OnTrack, Settled: true,
			Total: goalbot.Figures{Progress: pct(100)}}, true},
	}
	for _, c := range cases {
		if got := ShownChanged(g, c.prev, c.cur, now); got != c.want {
			t.Errorf("%s: ShownChanged = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestPassReportsChangedGoals checks Engine.Changed: once per pass, after the
// measurements are saved, with the goals whose shown figures changed, and not at
// all when nothing changed.
func TestPassReportsChangedGoals(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	var calls [][]string
	r.eng.Changed = func(ctx context.Context, ids []string) error {
		for _, id := range ids {
			if m, err := r.store.Measurements(ctx, []string{id}); err != nil || m[id] == nil {
				t.Errorf("Changed told of %s before its measurement was saved (%v)", id, err)
			}
		}
		calls = append(calls, ids)
		return nil
	}
	r.eng.BatchSize = 1 // two batches, still one call
	g1 := r.goal(nil)
	g2 := r.goal(nil)
	r.metrics("cmp-1", "2026-03-09", 80)
	r.pass()
	if len(calls) != 1 || !slices.Equal(slices.Sorted(slices.Values(calls[0])), []string{g1.ID, g2.ID}) { // batches are saved two at once
		t.Fatalf("first pass: Changed calls %v, want one with both goals", calls)
	}
	r.pass() // nothing new
	if len(calls) != 1 {
		t.Fatalf("a pass with nothing new called Changed: %v", calls[1:])
	}
	r.later(2 * time.Minute)
	r.move("2026-03-10T12:05:00Z")
	r.metrics("cmp-1", "2026-03-10", 40)
	if _, err := r.eng.MeasureCampaigns(r.ctx, []string{"cmp-1"}); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 || len(calls[1]) != 2 {
		t.Fatalf("after an ingest: Changed calls %v, want a second with both goals", calls)
	}
}
