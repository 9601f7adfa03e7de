package store

import (
	"testing"
	"time"

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
			var prev *goalbot.Measurement
			for i, s := range steps {
				m := goalbot.Measurement{GoalID: g.ID, At: t0.Add(time.Duration(i) * time.Minute), Headline: s.headline, Settled: s.settled,
					Total: goalbot.Figures{Cmp: 1}}
				switch i % 2 {
				case 0:
					ok(t, r.SaveMeasurement(ctx, m))
				default:
					errs, err := r.SaveMeasurements(ctx, []goalbot.Measurement{m})
					ok(t, err)
					ok(t, errs[0])
				}
				prev = &m
				if got, err := r.Measurement(ctx, g.ID); err != nil || !got.At.Equal(m.At) {
					t.Fatalf("step %d: saved measurement %+v, %v; want the one of %s", i, got, err, m.At)
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
			errs, err := r.SaveMeasurements(ctx, []goalbot.Measurement{*prev})
			ok(t, err)
			mustCode(t, errs[0], goalbot.ENOTFOUND)
			if n := client.Exists(ctx, r.keys.goal(g.ID)).Val(); n != 0 {
				t.Fatal("a save brought a deleted goal back")
			}
			if err := client.ZScore(ctx, r.keys.goalsProgress(), g.ID).Err(); err == nil {
				t.Fatal("a save indexed a deleted goal's progress")
			}
		})
	}
}

// TestSaveAfterAnotherWriter: a save after another writer replaced the measurement
// with one of a different headline or outcome leaves the indexes as the saved
// measurement says.
func TestSaveAfterAnotherWriter(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		client := r.client
		g := newGoal("c1", "a1", "U1")
		ok(t, r.CreateGoal(ctx, g))
		p := func(v float64) *float64 { return &v }
		read := &goalbot.Measurement{GoalID: g.ID, At: t0, Headline: p(50)}
		ok(t, r.SaveMeasurement(ctx, *read))
		// Another writer settles the goal at 80 % (it leaves the open goals) ...
		ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: g.ID, At: t0.Add(time.Second), Headline: p(80), Settled: true,
			Total: goalbot.Figures{Cmp: -1}}))
		// ... while this one, which read the 50 % measurement, saves another at 50 %.
		mine := goalbot.Measurement{GoalID: g.ID, At: t0.Add(2 * time.Second), Headline: p(50)}
		errs, err := r.SaveMeasurements(ctx, []goalbot.Measurement{mine})
		ok(t, err)
		ok(t, errs[0])
		if got, _ := r.Measurement(ctx, g.ID); got == nil || !got.At.Equal(mine.At) || got.Settled {
			t.Fatalf("saved %+v, want the unsettled one of %s", got, mine.At)
		}
		score, err := client.ZScore(ctx, r.keys.goalsProgress(), g.ID).Result()
		ok(t, err)
		if score != 50 {
			t.Fatalf("progress index %v, want 50", score)
		}
		if err := client.ZScore(ctx, r.keys.goalsOpen(), g.ID).Err(); err != nil {
			t.Fatalf("the goal is not among the open goals again: %v", err)
		}
		if err := client.ZScore(ctx, r.keys.goalsOutcome("missed"), g.ID).Err(); err == nil {
			t.Fatal("the goal is still indexed as missed")
		}
	})
}

// TestTouchMeasurements: a touch moves a measurement's time on, not behind a fresher
// measurement's own, and leaves nothing behind for a goal deleted meanwhile.
func TestTouchMeasurements(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			client := b.start(t)
			t.Cleanup(func() { client.Close() })
			r := newStore(t, client)
			g, gone := newGoal("c1", "a1", "U1"), newGoal("c1", "a1", "U2")
			ok(t, r.CreateGoals(ctx, []*goalbot.Goal{g, gone}))
			p := 40.0
			for _, id := range []string{g.ID, gone.ID} {
				ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: id, At: t0, Headline: &p}))
			}
			ok(t, r.DeleteGoal(ctx, gone.ID))
			later := t0.Add(time.Hour)
			errs, err := r.TouchMeasurements(ctx, []string{g.ID, gone.ID}, later)
			ok(t, err)
			ok(t, errs[0])
			mustCode(t, errs[1], goalbot.ENOTFOUND)
			if n := client.Exists(ctx, r.keys.goal(gone.ID)).Val(); n != 0 {
				t.Fatal("a touch left a deleted goal's key behind")
			}
			for _, read := range []func() *goalbot.Measurement{
				func() *goalbot.Measurement { m, err := r.Measurement(ctx, g.ID); ok(t, err); return m },
				func() *goalbot.Measurement {
					ms, err := r.Measurements(ctx, []string{g.ID})
					ok(t, err)
					return ms[g.ID]
				},
				func() *goalbot.Measurement {
					_, ms, err := r.GoalsWithMeasurements(ctx, []string{g.ID})
					ok(t, err)
					return ms[g.ID]
				},
			} {
				if m := read(); m == nil || !m.At.Equal(later) || *m.Headline != 40 {
					t.Fatalf("after a touch: %+v", m)
				}
			}
			// A touch that lands after a fresher measurement (an ingest's, saved while
			// the pass ran) does not move its time back.
			fresh := later.Add(time.Hour)
			ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: g.ID, At: fresh, Headline: &p}))
			_, err = r.TouchMeasurements(ctx, []string{g.ID}, later)
			ok(t, err)
			if m, _ := r.Measurement(ctx, g.ID); !m.At.Equal(fresh) {
				t.Fatalf("a touch moved a fresher measurement's time back to %s", m.At)
			}
		})
	}
}
