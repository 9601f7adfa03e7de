package store

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// event returns alert event of goal for recipient (level: a threshold's).
func event(goal string, e goalbot.Event, level int, recipient string) goalbot.Alert {
	return goalbot.Alert{Key: fmt.Sprintf("%s:%s:%d:%s", goal, e, level, recipient), GoalID: goal, Event: e, Threshold: level,
		Recipient: recipient, QueuedAt: t0}
}

// stale returns goal's stale alert for recipient, its gap begun at since.
func stale(goal, recipient string, since time.Time) goalbot.Alert {
	a := event(goal, goalbot.EventStale, 0, recipient)
	a.Since, a.StaleAfter = since, 48*time.Hour
	return a
}

func keysOf(as []goalbot.Alert) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Key
	}
	return out
}

// fire fires one occurrence per alert, in order, in one call.
func fire(t *testing.T, r *Redis, at time.Time, as ...goalbot.Alert) {
	t.Helper()
	keys := make([]string, len(as))
	alerts := make([][]goalbot.Alert, len(as))
	for i, a := range as {
		keys[i], alerts[i] = "occ:"+a.Key, []goalbot.Alert{a}
	}
	_, errs, err := r.FireAll(ctx, keys, alerts, at)
	ok(t, err)
	for _, err := range errs {
		ok(t, err)
	}
}

// TestOutboxLanes: a recipient's alerts are due one at a time, in the order they
// were queued, whatever their keys; a retry of the first holds back the others; other
// recipients are not held back; dropping a goal takes its alerts out of the lanes.
func TestOutboxLanes(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		g, h := newGoal("c1", "a1", "U1"), newGoal("c1", "a1", "U1")
		ok(t, r.CreateGoal(ctx, g))
		ok(t, r.CreateGoal(ctx, h))
		// In key order these would come out as at_risk, started, threshold 100, 50, 75.
		order := []goalbot.Alert{event(g.ID, goalbot.EventStarted, 0, "C1"), event(g.ID, goalbot.EventThreshold, 50, "C1"),
			event(g.ID, goalbot.EventThreshold, 75, "C1"), event(g.ID, goalbot.EventThreshold, 100, "C1"),
			event(g.ID, goalbot.EventAtRisk, 0, "C1")}
		fire(t, r, t0, order...)
		fire(t, r, t0, event(h.ID, goalbot.EventStarted, 0, "C2"), event(h.ID, goalbot.EventStarted, 0, "C1"))

		got, err := r.TakeDueAlerts(ctx, t0, 100, time.Minute)
		ok(t, err)
		if k := keysOf(got); !slices.Equal(k, []string{order[0].Key, h.ID + ":started:0:C2"}) {
			t.Fatalf("first take %v, want the first alert of each recipient", k)
		}
		// C1's first alert is rate limited: C1's next alerts wait for it, C2's do not.
		ok(t, r.Requeue(ctx, order[0].Key, t0.Add(30*time.Second)))
		ok(t, r.MarkDelivered(ctx, got[1].Key))
		if got, _ := r.TakeDueAlerts(ctx, t0.Add(10*time.Second), 100, time.Minute); len(got) != 0 {
			t.Fatalf("taken while the first alert of C1 waits for its retry: %v", keysOf(got))
		}
		depth, _, err := r.OutboxStats(ctx, t0)
		ok(t, err)
		if depth != 6 {
			t.Errorf("outbox depth %d, want 6 (one due, five waiting behind it)", depth)
		}
		// Two takers at once, again and again: C1's alerts come one at a time, in order.
		var mu sync.Mutex
		var delivered []string
		var wg sync.WaitGroup
		for w := 0; w < 2; w++ {
			wg.Go(func() {
				for range 20 {
					got, err := r.TakeDueAlerts(ctx, t0.Add(time.Minute), 100, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					for _, a := range got {
						mu.Lock() // noted before it is delivered: the next can only be taken after
						delivered = append(delivered, a.Key)
						mu.Unlock()
						if err := r.MarkDelivered(ctx, a.Key); err != nil {
							t.Error(err)
						}
					}
				}
			})
		}
		wg.Wait()
		want := append(keysOf(order), h.ID+":started:0:C1")
		if !slices.Equal(delivered, want) {
			t.Fatalf("C1 got %v, want %v", delivered, want)
		}

		// A goal deleted with alerts waiting in a lane: the lane goes on without them.
		fire(t, r, t0, event(g.ID, goalbot.EventMilestone, 0, "C3"), event(h.ID, goalbot.EventMilestone, 0, "C3"),
			event(g.ID, goalbot.EventMilestone, 1, "C3"))
		ok(t, r.DeleteGoal(ctx, g.ID))
		if k := keysOf(drain(t, r, t0.Add(time.Hour))); !slices.Equal(k, []string{h.ID + ":milestone:0:C3"}) {
			t.Fatalf("after deleting %s, C3 got %v", g.ID, k)
		}
		if n := r.client.Exists(ctx, r.keys.outbox("lane:C3"), r.keys.outbox("lane:C1")).Val(); n != 0 {
			t.Errorf("%d empty lanes left", n)
		}
	})
}

// TestOutboxStaleGroups: goals' stale alerts to one recipient wait until the
// evaluation flushes them, then come as one alert naming every goal, in its place in
// the lane; the ledger records each; a goal's later alert keeps its stale alert
// before it; a group nobody flushed is flushed by a take after staleGroupHold; a
// deleted goal leaves its group.
func TestOutboxStaleGroups(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		var gs []*goalbot.Goal
		for range 12 {
			g := newGoal("c1", "a1", "U1")
			ok(t, r.CreateGoal(ctx, g))
			gs = append(gs, g)
		}
		since := t0.Add(-50 * time.Hour)
		// One evaluation: G2's threshold, then (in two batches) the stale alerts of
		// G10, G3, G2 and G4 to C1, and G3's to its creator.
		fire(t, r, t0, event(gs[1].ID, goalbot.EventThreshold, 50, "C1"))
		fire(t, r, t0, stale(gs[9].ID, "C1", since), stale(gs[2].ID, "C1", since.Add(time.Hour)), stale(gs[2].ID, "U1", since))
		fire(t, r, t0, stale(gs[1].ID, "C1", since), stale(gs[3].ID, "C1", since))
		if got := keysOf(drain(t, r, t0)); !slices.Equal(got, []string{gs[1].ID + ":threshold:50:C1"}) {
			t.Fatalf("before the flush %v was delivered, want the threshold alone", got)
		}
		groups, err := r.FlushStale(ctx, []string{"C1", "U1", "C9"})
		ok(t, err)
		if groups["C1"] == "" || groups["U1"] == "" || groups["C9"] != "" {
			t.Fatalf("groups %v", groups)
		}
		got := drain(t, r, t0)
		if len(got) != 2 {
			t.Fatalf("%d alerts after the flush, want one to C1 and one to U1: %+v", len(got), got)
		}
		c1 := byRecipient(got)["C1"][0]
		if c1.Key != groups["C1"] || c1.Event != goalbot.EventStale || c1.GoalID != "" ||
			!slices.Equal(c1.GoalIDs, []string{gs[1].ID, gs[2].ID, gs[3].ID, gs[9].ID}) || !c1.Since.Equal(since.Add(time.Hour)) {
			t.Errorf("C1's stale alert %+v, want G2, G3, G4 and G10 since the latest gap", c1)
		}
		if u1 := byRecipient(got)["U1"][0]; u1.Key != groups["U1"] || u1.GoalID != gs[2].ID || len(u1.GoalIDs) != 0 || !u1.Since.Equal(since) {
			t.Errorf("U1's stale alert %+v, want G3's own alert", u1)
		}
		for _, a := range []goalbot.Alert{stale(gs[9].ID, "C1", since), stale(gs[2].ID, "U1", since)} {
			if s, _ := r.AlertState(ctx, a.Key); s != "delivered" {
				t.Errorf("the ledger records %s as %q, want delivered", a.Key, s)
			}
		}

		// A stale alert pending when the same goal's next alert comes to the same
		// recipient (another replica's evaluation): the stale one comes first.
		since2 := t0.Add(time.Hour)
		fire(t, r, t0.Add(50*time.Hour), stale(gs[4].ID, "C1", since2), stale(gs[5].ID, "C1", since2))
		fire(t, r, t0.Add(50*time.Hour), event(gs[6].ID, goalbot.EventStarted, 0, "C1")) // another goal: no flush
		fire(t, r, t0.Add(50*time.Hour), event(gs[4].ID, goalbot.EventAtRisk, 0, "C1"))
		got = drain(t, r, t0.Add(50*time.Hour))
		if len(got) != 3 || got[0].Event != goalbot.EventStarted || !slices.Equal(got[1].GoalIDs, []string{gs[4].ID, gs[5].ID}) ||
			got[2].Event != goalbot.EventAtRisk {
			t.Fatalf("C1 got %v, want started, then the stale group, then at risk", keysOf(got))
		}

		// A group whose evaluation died is flushed by a take once it is old enough;
		// a goal deleted meanwhile leaves it, and a group left empty is dropped.
		at := t0.Add(100 * time.Hour)
		fire(t, r, at, stale(gs[7].ID, "C2", at), stale(gs[8].ID, "C2", at), stale(gs[10].ID, "C3", at))
		ok(t, r.DeleteGoal(ctx, gs[7].ID))
		ok(t, r.DeleteGoal(ctx, gs[10].ID))
		if got := drain(t, r, at.Add(staleGroupHold-time.Second)); len(got) != 0 {
			t.Fatalf("a pending group was taken before its hold: %v", keysOf(got))
		}
		got = drain(t, r, at.Add(staleGroupHold))
		if len(got) != 1 || got[0].GoalID != gs[8].ID || !strings.HasPrefix(got[0].Key, "stale:C2:") {
			t.Fatalf("after the hold: %+v", got)
		}
		if s, _ := r.AlertState(ctx, stale(gs[7].ID, "C2", at).Key); s != "dropped" {
			t.Errorf("a deleted goal's stale alert is %q, want dropped", s)
		}
		// Deleting the last goal of a flushed group drops the group and frees its lane.
		fire(t, r, at, stale(gs[11].ID, "C4", at))
		groups, err = r.FlushStale(ctx, []string{"C4"})
		ok(t, err)
		fire(t, r, at, event(gs[0].ID, goalbot.EventStarted, 0, "C4"))
		ok(t, r.DeleteGoal(ctx, gs[11].ID))
		if s, _ := r.AlertState(ctx, groups["C4"]); s != "dropped" {
			t.Errorf("an emptied group is %q, want dropped", s)
		}
		if got := keysOf(drain(t, r, at)); !slices.Equal(got, []string{gs[0].ID + ":started:0:C4"}) {
			t.Fatalf("C4 got %v after its group was emptied", got)
		}
		if depth, _, _ := r.OutboxStats(ctx, at); depth != 0 {
			t.Errorf("outbox depth %d at the end", depth)
		}
	})
}
