package store

import (
	"testing"

	"github.com/goalbot/goalbot"
)

// TestBulk checks the bulk loaders on every backend: goals get ids and indexes as
// CreateGoal gives them, and loaded months sum as upserted ones do.
func TestBulk(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			client := b.start(t)
			t.Cleanup(func() { client.Close() })
			t.Run("CreateGoals", func(t *testing.T) { testCreateGoals(t, newStore(t, client)) })
			t.Run("LoadMetrics", func(t *testing.T) { testLoadMetrics(t, newStore(t, client)) })
		})
	}
}

func testCreateGoals(t *testing.T, r *Redis) {
	var gs []*goalbot.Goal
	for i := 0; i < bulkChunk+3; i++ {
		gs = append(gs, newGoal("c1", "a1", "U1"))
	}
	gs[2].Campaigns = []string{"c2"}
	ok(t, r.CreateGoals(ctx, gs))
	if gs[0].ID != "G1" || gs[len(gs)-1].ID != "G1003" || gs[5].Version != 1 {
		t.Fatalf("ids %s…%s, version %d", gs[0].ID, gs[len(gs)-1].ID, gs[5].Version)
	}
	got := listAll(t, r, goalbot.Filter{Campaigns: []string{"c2"}})
	if len(got) != 1 || got[0] != "G3" {
		t.Fatalf("goals of c2: %v", got)
	}
	open, err := r.OpenGoalIDs(ctx)
	ok(t, err)
	if len(open) != len(gs) {
		t.Fatalf("%d open goals, want %d", len(open), len(gs))
	}
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	if g.ID != "G1004" {
		t.Fatalf("the next goal is %s, want G1004", g.ID)
	}
}

func testLoadMetrics(t *testing.T, r *Redis) {
	first := goalbot.Date{Year: 2026, Month: 1, Day: 20}
	var rows []goalbot.Metric
	var want goalbot.Totals
	for i := 0; i < 40; i++ {
		m := row("c1", first.AddDays(i), goalbot.Micro(i+1)*goalbot.MicroUnit, int64(i))
		rows = append(rows, m)
		want.Add(m.Totals)
	}
	rows = append(rows, row("c2", first, 5*goalbot.MicroUnit, 1))
	ok(t, r.LoadMetrics(ctx, rows, t0))
	monthTotalsMatchDays(t, r, "c1", 2026, 1)
	monthTotalsMatchDays(t, r, "c1", 2026, 2)
	sums, err := r.SumRanges(ctx, []RangeQuery{{Campaign: "c1", From: first, To: first.AddDays(39)}})
	ok(t, err)
	if sums[0] != want {
		t.Fatalf("sum %+v, want %+v", sums[0], want)
	}
	last, err := r.LastMetricAt(ctx, []string{"c1", "c2", "c3"})
	ok(t, err)
	if len(last) != 2 || !last["c1"].Equal(t0) {
		t.Fatalf("last rows %v", last)
	}
	// A month that holds metrics is left alone and reported.
	mustCode(t, r.LoadMetrics(ctx, rows[:1], t0), goalbot.EINVALID)
	sums, err = r.SumRanges(ctx, []RangeQuery{{Campaign: "c1", From: first, To: first.AddDays(39)}})
	ok(t, err)
	if sums[0] != want {
		t.Fatalf("after a refused load: sum %+v, want %+v", sums[0], want)
	}
}
