package store

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// alert returns a started alert of goal for recipient.
func alert(goal, recipient string) goalbot.Alert {
	return goalbot.Alert{Key: goal + "/started/" + recipient, GoalID: goal, Event: goalbot.EventStarted, Recipient: recipient, QueuedAt: t0}
}

func testOutboxOnce(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	a := alert(g.ID, "C1")
	queued, err := r.QueueAlert(ctx, a, t0.Add(time.Minute))
	ok(t, err)
	if !queued {
		t.Fatal("first queue refused")
	}
	if queued, _ := r.QueueAlert(ctx, a, t0); queued {
		t.Fatal("the same key queued twice")
	}
	if got, err := r.TakeDueAlerts(ctx, t0, 10, time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("an alert not due yet was taken: %v %v", got, err)
	}
	depth, oldest, err := r.OutboxStats(ctx, t0.Add(3*time.Minute))
	ok(t, err)
	if depth != 1 || oldest != 2*time.Minute {
		t.Errorf("stats %d %s, want 1 2m", depth, oldest)
	}
	got, err := r.TakeDueAlerts(ctx, t0.Add(time.Minute), 10, time.Minute)
	ok(t, err)
	if len(got) != 1 || got[0].Key != a.Key || got[0].Attempts != 1 || got[0].GoalID != g.ID {
		t.Fatalf("taken %+v", got)
	}
	ok(t, r.Requeue(ctx, a.Key, t0.Add(5*time.Minute)))
	got, err = r.TakeDueAlerts(ctx, t0.Add(5*time.Minute), 10, time.Minute)
	ok(t, err)
	if len(got) != 1 || got[0].Attempts != 2 {
		t.Fatalf("taken after requeue %+v", got)
	}
	ok(t, r.MarkDelivered(ctx, a.Key))
	ok(t, r.MarkDelivered(ctx, a.Key)) // again: nothing changes
	if queued, _ := r.QueueAlert(ctx, a, t0); queued {
		t.Fatal("a delivered key was queued again")
	}
	mustCode(t, r.Requeue(ctx, a.Key, t0), goalbot.ENOTFOUND)
	mustCode(t, r.MarkDelivered(ctx, "nope"), goalbot.ENOTFOUND)
	if depth, _, _ := r.OutboxStats(ctx, t0); depth != 0 {
		t.Errorf("depth %d after delivery", depth)
	}

	b := alert(g.ID, "C2")
	_, err = r.QueueAlert(ctx, b, t0)
	ok(t, err)
	ok(t, r.MarkFailed(ctx, b.Key, "channel_not_found"))
	state, err := r.AlertState(ctx, b.Key)
	ok(t, err)
	if state != "failed: channel_not_found" {
		t.Errorf("state %q", state)
	}
	digest := goalbot.Alert{Key: "digest/S1/2026-03-09", GoalIDs: []string{g.ID}, Event: goalbot.EventDigest, Recipient: "C1"}
	queued, err = r.QueueAlert(ctx, digest, t0)
	ok(t, err)
	if !queued {
		t.Error("digest not queued")
	}
	_, err = r.QueueAlert(ctx, alert("G404", "C1"), t0)
	mustCode(t, err, goalbot.ENOTFOUND)
}

func testOutboxLease(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	a := alert(g.ID, "C1")
	_, err := r.QueueAlert(ctx, a, t0)
	ok(t, err)
	got, err := r.TakeDueAlerts(ctx, t0, 10, time.Minute)
	ok(t, err)
	if len(got) != 1 {
		t.Fatalf("taken %v", got)
	}
	// The taker dies. Within the lease nobody else gets the alert; after it, it is due again.
	if got, _ := r.TakeDueAlerts(ctx, t0.Add(59*time.Second), 10, time.Minute); len(got) != 0 {
		t.Fatalf("taken again within the lease: %v", got)
	}
	got, err = r.TakeDueAlerts(ctx, t0.Add(61*time.Second), 10, time.Minute)
	ok(t, err)
	if len(got) != 1 || got[0].Attempts != 2 {
		t.Fatalf("after the lease: %+v", got)
	}
}

func testOutboxConcurrent(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	const n = 150
	for i := 0; i < n; i++ {
		_, err := r.QueueAlert(ctx, alert(g.ID, fmt.Sprintf("C%d", i)), t0)
		ok(t, err)
	}
	var mu sync.Mutex
	taken := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := r.TakeDueAlerts(ctx, t0, 7, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if len(got) == 0 {
					return
				}
				for _, a := range got {
					mu.Lock()
					taken[a.Key]++
					mu.Unlock()
					if err := r.MarkDelivered(ctx, a.Key); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(taken) != n {
		t.Fatalf("%d alerts taken, want %d", len(taken), n)
	}
	for k, c := range taken {
		if c != 1 {
			t.Errorf("alert %s taken %d times", k, c)
		}
	}
}

func testOutboxDropped(t *testing.T, r *Redis) {
	g, other := newGoal("c1", "a1", "U1"), newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	ok(t, r.CreateGoal(ctx, other))
	for _, a := range []goalbot.Alert{alert(g.ID, "C1"), alert(g.ID, "C2"), alert(other.ID, "C1")} {
		_, err := r.QueueAlert(ctx, a, t0)
		ok(t, err)
	}
	if _, err := r.TakeDueAlerts(ctx, t0, 1, time.Minute); err != nil { // one in flight
		t.Fatal(err)
	}
	ok(t, r.DeleteGoal(ctx, g.ID))
	got, err := r.TakeDueAlerts(ctx, t0.Add(time.Hour), 10, time.Minute)
	ok(t, err)
	if len(got) != 1 || got[0].GoalID != other.ID {
		t.Fatalf("after deleting %s the outbox gives %+v", g.ID, got)
	}
}

// drain takes and delivers every alert due at now, round after round, and returns
// them in the order they were taken.
func drain(t *testing.T, r *Redis, now time.Time) []goalbot.Alert {
	t.Helper()
	var out []goalbot.Alert
	for {
		got, err := r.TakeDueAlerts(ctx, now, 100, time.Minute)
		ok(t, err)
		if len(got) == 0 {
			return out
		}
		for _, a := range got {
			ok(t, r.MarkDelivered(ctx, a.Key))
		}
		out = append(out, got...)
	}
}

// byRecipient sorts alerts by recipient, keeping their order.
func byRecipient(as []goalbot.Alert) map[string][]goalbot.Alert {
	out := map[string][]goalbot.Alert{}
	for _, a := range as {
		out[a.Recipient] = append(out[a.Recipient], a)
	}
	return out
}
