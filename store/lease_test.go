package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func testFireOnce(t *testing.T, r *Redis) {
	ctx := context.Background()
	g := newGoal("cmp-1", "act-1", "U1")
	if err := r.CreateGoal(ctx, g); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	alerts := []goalbot.Alert{{Key: "k:U1", GoalID: g.ID, Recipient: "U1"}, {Key: "k:C1", GoalID: g.ID, Recipient: "C1"}}
	fired, err := r.Fire(ctx, "k", alerts, now)
	if err != nil || !fired {
		t.Fatalf("first Fire = %v, %v", fired, err)
	}
	// Again, even with another recipient (a subscription made later): nothing.
	fired, err = r.Fire(ctx, "k", append(alerts, goalbot.Alert{Key: "k:C2", GoalID: g.ID, Recipient: "C2"}), now)
	if err != nil || fired {
		t.Fatalf("second Fire = %v, %v", fired, err)
	}
	taken, err := r.TakeDueAlerts(ctx, now, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range taken {
		got = append(got, a.Recipient)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"C1", "U1"}) {
		t.Fatalf("queued %v", got)
	}
	if ok, _ := r.Fired(ctx, "k"); !ok {
		t.Fatal("Fired = false")
	}
	if err := r.DeleteGoal(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Fire(ctx, "k2", alerts, now); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		t.Fatalf("Fire for a deleted goal = %v", err)
	}
}

func testLeases(t *testing.T, r *Redis) {
	ctx := context.Background()
	if ok, err := r.HoldLease(ctx, "leader", "a", time.Minute); !ok || err != nil {
		t.Fatalf("a takes: %v %v", ok, err)
	}
	if ok, _ := r.HoldLease(ctx, "leader", "b", time.Minute); ok {
		t.Fatal("b took a's lease")
	}
	if ok, _ := r.HoldLease(ctx, "leader", "a", time.Minute); !ok {
		t.Fatal("a could not renew")
	}
	if err := r.ReleaseLease(ctx, "leader", "b"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := r.HoldLease(ctx, "leader", "b", time.Minute); ok {
		t.Fatal("b released a's lease")
	}
	if err := r.ReleaseLease(ctx, "leader", "a"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := r.HoldLease(ctx, "leader", "b", time.Minute); !ok {
		t.Fatal("b could not take a released lease")
	}
}

func testReserveChannelAndDirty(t *testing.T, r *Redis) {
	ctx := context.Background()
	if w, err := r.ReserveChannel(ctx, "C1", 10*time.Second, time.Time{}); w != 0 || err != nil {
		t.Fatalf("first slot: %v %v", w, err)
	}
	if w, _ := r.ReserveChannel(ctx, "C1", 10*time.Second, time.Time{}); w <= 0 || w > 10*time.Second {
		t.Fatalf("second slot wait = %v", w)
	}
	if w, _ := r.ReserveChannel(ctx, "C2", 10*time.Second, time.Time{}); w != 0 {
		t.Fatalf("another channel waits %v", w)
	}
	if err := r.MarkDirty(ctx, []string{"a", "b", "a"}); err != nil {
		t.Fatal(err)
	}
	got, err := r.TakeDirty(ctx)
	slices.Sort(got)
	if err != nil || !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("TakeDirty = %v %v", got, err)
	}
	if got, _ := r.TakeDirty(ctx); len(got) != 0 {
		t.Fatalf("second take = %v", got)
	}
}
