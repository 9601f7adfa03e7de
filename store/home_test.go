package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

func TestHomeQueue(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		ctx := context.Background()
		// Nobody has opened the Home tab: changes and queued users are dropped.
		if err := r.QueueChangedGoals(ctx, []string{"G1"}); err != nil {
			t.Fatal(err)
		}
		if ids, err := r.TakeChangedGoals(ctx, 10); err != nil || len(ids) != 0 {
			t.Fatalf("TakeChangedGoals with no Home opened = %v, %v; want none", ids, err)
		}
		if n, err := r.QueueHomes(ctx, []string{"U1", "U2"}); err != nil || n != 0 {
			t.Fatalf("QueueHomes before any Home was opened = %d, %v; want 0", n, err)
		}

		for _, u := range []string{"U1", "U2"} {
			if err := r.MarkHomeOpened(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.QueueChangedGoals(ctx, []string{"G1", "G2", "G1"}); err != nil {
			t.Fatal(err)
		}
		ids, err := r.TakeChangedGoals(ctx, 10)
		if slices.Sort(ids); err != nil || !slices.Equal(ids, []string{"G1", "G2"}) {
			t.Fatalf("TakeChangedGoals = %v, %v; want [G1 G2]", ids, err)
		}
		if ids, _ := r.TakeChangedGoals(ctx, 10); len(ids) != 0 {
			t.Fatalf("changed goals taken twice: %v", ids)
		}

		// U3 never opened the Home tab; U1 queued twice is queued once.
		if n, err := r.QueueHomes(ctx, []string{"U1", "U3", "U1"}); err != nil || n != 1 {
			t.Fatalf("QueueHomes = %d, %v; want 1", n, err)
		}
		if n, _ := r.QueueHomes(ctx, []string{"U1", "U2"}); n != 1 {
			t.Fatalf("QueueHomes again = %d; want 1 (U2 only)", n)
		}
		// Opening the Home tab takes the user off the queue (it is published then).
		if err := r.MarkHomeOpened(ctx, "U2"); err != nil {
			t.Fatal(err)
		}

		user, wait, err := r.TakeHome(ctx, time.Minute)
		if err != nil || user != "U1" || wait != 0 {
			t.Fatalf("TakeHome = %q, %v, %v; want U1", user, wait, err)
		}
		if n, _ := r.QueueHomes(ctx, []string{"U2"}); n != 1 {
			t.Fatalf("QueueHomes(U2) = %d, want 1", n)
		}
		user, wait, err = r.TakeHome(ctx, time.Minute)
		if err != nil || user != "" || wait <= 0 || wait > time.Minute {
			t.Fatalf("TakeHome within the interval = %q, %v, %v; want a wait", user, wait, err)
		}
		// The queue is kept while the slot is taken.
		if err := r.PauseHomes(ctx, "U2", time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, wait, _ := r.TakeHome(ctx, time.Minute); wait <= time.Minute {
			t.Fatalf("TakeHome after a pause of an hour waits %v", wait)
		}
	})
}

// TestHomePacing counts what TakeHome hands out on miniredis's clock: at most one
// user per interval, however often it is asked, until the queue is empty.
func TestHomePacing(t *testing.T) {
	m := miniredis.RunT(t)
	r := NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "pace")
	ctx := context.Background()
	users := []string{"U1", "U2", "U3", "U4", "U5"}
	for _, u := range users {
		if err := r.MarkHomeOpened(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.QueueHomes(ctx, users); err != nil {
		t.Fatal(err)
	}
	const interval = time.Second
	var got []string
	for step := 0; step < 20; step++ {
		taken := 0
		for range 5 { // several replicas asking within the same instant
			u, _, err := r.TakeHome(ctx, interval)
			if err != nil {
				t.Fatal(err)
			}
			if u != "" {
				taken++
				got = append(got, u)
			}
		}
		if taken > 1 {
			t.Fatalf("%d homes taken within one interval, want at most 1", taken)
		}
		m.FastForward(interval / 2)
	}
	slices.Sort(got)
	if !slices.Equal(got, users) {
		t.Fatalf("taken %v, want each of %v once", got, users)
	}
	if u, wait, err := r.TakeHome(ctx, interval); u != "" || wait != 0 || err != nil {
		t.Fatalf("TakeHome on an empty queue = %q, %v, %v", u, wait, err)
	}
}
