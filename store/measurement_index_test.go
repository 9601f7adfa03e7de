package store

import (
	"testing"

	"github.com/goalbot/goalbot"
)

// TestMeasurementIndexes: a run of saves, batched and single, leaves the progress,
// open and outcome indexes as the last one says, whether or not the index state
// changed from the save before; a deleted goal is reported and not brought back.
func TestMeasurementIndexes(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			client := b.start(t)
			t.Cleanup(func() { client.Close() })
			r := newStore(t, client)
			g := newGoal("c1", "a1", "U1")
			ok(t, r.CreateGoal(ctx, g))
			p := func(v float64) *float64 { return &v }
			steps := []struct {
				headline *float64
				settled  bool
				progress string // ZSCORE in goals:progress ("" when absent)
			}{
				{p(10), false, "10"}, {p(10), false, "10"}, {p(20.5), false, "20.5"}, {nil, false, ""},
				{nil, false, ""}, {p(30), false, "30"}, {p(120), true, "120"}, {p(120), true, "120"},
			}
			for i, s := range steps {
				m := goalbot.Measurement{GoalID: g.ID, At: t0, Headline: s.headline, Settled: s.settled, Total: goalbot.Figures{Cmp: 1}}
				if i%2 == 0 {
					ok(t, r.SaveMeasurement(ctx, m))
				} else {
					errs, err := r.SaveMeasurements(ctx, []goalbot.Measurement{m})
					ok(t, err)
					ok(t, errs[0])
				}
				score, err := client.ZScore(ctx, r.keys.goalsProgress(), g.ID).Result()
				got := ""
				if err == nil {
					got = goalbot.Micro(score * 1e6).String()
				}
				open, _ := client.ZScore(ctx, r.keys.goalsOpen(), g.ID).Result()
				_, exErr := client.ZScore(ctx, r.keys.goalsOutcome("exceeded"), g.ID).Result()
				if got != s.progress || (open != 0) == s.settled || (exErr == nil) != s.settled {
					t.Fatalf("step %d: progress %q (want %q), open score %v, exceeded %v; settled %v", i, got, s.progress, open, exErr == nil, s.settled)
				}
			}
			ok(t, r.DeleteGoal(ctx, g.ID))
			errs, err := r.SaveMeasurements(ctx, []goalbot.Measurement{{GoalID: g.ID, At: t0}})
			ok(t, err)
			mustCode(t, errs[0], goalbot.ENOTFOUND)
			if n := client.Exists(ctx, r.keys.goal(g.ID)).Val(); n != 0 {
				t.Fatal("a save brought a deleted goal back")
			}
		})
	}
}
