package store

import (
	"testing"

	"github.com/goalbot/goalbot"
)

func testMeasurements(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	m, err := r.Measurement(ctx, g.ID)
	ok(t, err)
	if m != nil {
		t.Fatalf("a new goal has measurement %+v", m)
	}
	p := 42.5
	want := goalbot.Measurement{GoalID: g.ID, At: t0, Headline: &p, Current: 2, Pace: goalbot.Behind,
		Periods: []goalbot.PeriodFigures{{Period: goalbot.Period{Start: g.Start, End: g.Start.AddMonths(1).AddDays(-1)}}}}
	ok(t, r.SaveMeasurement(ctx, want))
	m, err = r.Measurement(ctx, g.ID)
	ok(t, err)
	if m == nil || *m.Headline != 42.5 || m.Pace != goalbot.Behind || len(m.Periods) != 1 || !m.At.Equal(t0) {
		t.Fatalf("measurement read back as %+v", m)
	}
	ms, err := r.Measurements(ctx, []string{g.ID, "G99"})
	ok(t, err)
	if len(ms) != 1 || ms[g.ID] == nil {
		t.Fatalf("Measurements = %v", ms)
	}
	_, err = r.Measurement(ctx, "G99")
	mustCode(t, err, goalbot.ENOTFOUND)
	mustCode(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: "G99"}), goalbot.ENOTFOUND)

	// Settling takes the goal out of the open goals and into its outcome.
	want.Settled, want.Total = true, goalbot.Figures{Cmp: 1}
	ok(t, r.SaveMeasurement(ctx, want))
	open, err := r.OpenGoalIDs(ctx)
	ok(t, err)
	if len(open) != 0 {
		t.Errorf("a settled goal is still open: %v", open)
	}
	if got := listAll(t, r, goalbot.Filter{Statuses: []goalbot.Status{goalbot.StatusExceeded}}); len(got) != 1 {
		t.Errorf("exceeded goals %v", got)
	}
	// A measurement with unknown progress leaves the progress index.
	want.Headline = nil
	ok(t, r.SaveMeasurement(ctx, want))
	lo := 0.0
	if got := listAll(t, r, goalbot.Filter{ProgressMin: &lo}); len(got) != 0 {
		t.Errorf("a goal with unknown progress matches progress:0-: %v", got)
	}
}
