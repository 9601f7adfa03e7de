package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// sharedRig is a rig whose engine measures on a shared frozen clock (GOALBOT_NOW).
func sharedRig(t *testing.T, r *rig, start time.Time) *SharedClock {
	t.Helper()
	shared, err := NewSharedClock(r.ctx, start, r.store)
	if err != nil {
		t.Fatal(err)
	}
	r.eng.Clock, r.eng.Shared = shared, shared
	return shared
}

// TestEvaluate: POST /v1/evaluate's engine side moves the shared frozen clock first,
// runs a pass and answers with every alert it queued and what became of each.
func TestEvaluate(t *testing.T) {
	r := miniRig(t, at("2026-03-09T12:00:00Z"))
	shared := sharedRig(t, r, at("2026-03-09T12:00:00Z"))
	if err := r.store.CreateSubscription(r.ctx, &goalbot.Subscription{Channel: "C9", Events: []goalbot.Event{goalbot.EventStarted},
		Creator: "U2", CreatedAt: r.wall}); err != nil {
		t.Fatal(err)
	}
	g := r.goal(nil)
	r.metrics("cmp-1", "2026-03-10", 120)
	r.note.fail = func(a goalbot.Alert) error {
		if a.Recipient == "C9" {
			return &goalbot.PermanentError{Reason: "is_archived"}
		}
		return nil
	}
	then := at("2026-03-10T09:00:00Z")
	ev, err := r.eng.Evaluate(r.ctx, r.store, "me", &then)
	if err != nil {
		t.Fatal(err)
	}
	if !ev.At.Equal(then) || !shared.Now().Equal(then) || ev.Measured != 1 {
		t.Fatalf("evaluated at %s (clock %s), measured %d", ev.At, shared.Now(), ev.Measured)
	}
	if kept, ok, err := r.store.KeptClock(r.ctx); err != nil || !ok || !kept.Equal(then) {
		t.Fatalf("kept clock %s %v %v", kept, ok, err)
	}
	var got []string
	for _, a := range ev.Alerts {
		got = append(got, a.GoalID+" "+string(a.Event)+" "+a.PeriodStart.String()+" "+a.Recipient+" "+a.Status)
	}
	// U1's second alert waits a second for its channel.
	want := g.ID + " started 2026-01-01 U1 sent|" + g.ID + " started 2026-01-01 C9 failed|" + g.ID + " threshold 2026-03-01 U1 waiting"
	if strings.Join(got, "|") != want {
		t.Fatalf("alerts\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	b, err := json.Marshal(ev)
	if err != nil || !strings.Contains(string(b), `"alerts":[{"goal_id":"`+g.ID+`","event":"started","period_start":"2026-01-01","recipient":"U1","status":"sent"}`) {
		t.Fatalf("answer %s %v", b, err)
	}
	// The same instant again is fine; an earlier one is refused.
	if _, err := r.eng.Evaluate(r.ctx, r.store, "me", &then); err != nil {
		t.Fatalf("the same instant again: %v", err)
	}
	before := then.Add(-time.Minute)
	if _, err := r.eng.Evaluate(r.ctx, r.store, "me", &before); goalbot.ErrorCode(err) != goalbot.EINVALID {
		t.Fatalf("an earlier instant: %v", err)
	}
	// Without `at`, it runs at the clock's time.
	ev, err = r.eng.Evaluate(r.ctx, r.store, "me", nil)
	if err != nil || !ev.At.Equal(then) || len(ev.Alerts) != 0 {
		t.Fatalf("without at: %+v %v", ev, err)
	}
}

// TestEvaluateAtNeedsFrozenClock: without GOALBOT_NOW, `at` is refused and nothing runs.
func TestEvaluateAtNeedsFrozenClock(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	r.goal(nil)
	then := at("2026-03-11T12:00:00Z")
	if _, err := r.eng.Evaluate(r.ctx, r.store, "me", &then); goalbot.ErrorCode(err) != goalbot.EINVALID {
		t.Fatalf("at without a frozen clock: %v", err)
	}
	if m, _ := r.store.Measurement(r.ctx, "G1"); m != nil {
		t.Fatal("a refused evaluation measured")
	}
	ev, err := r.eng.Evaluate(r.ctx, r.store, "me", nil)
	if err != nil || ev.Measured != 1 || !ev.At.Equal(at("2026-03-10T12:00:00Z")) {
		t.Fatalf("without at: %+v %v", ev, err)
	}
}

// TestSharedClockAcrossEngines: two engines on one real redis-server share the frozen
// clock: when one moves it, the other takes the new instant before its next pass; a
// replica started later with an earlier GOALBOT_NOW starts at the kept instant.
func TestSharedClockAcrossEngines(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: redistest.Server(t), DisableIdentity: true})
	t.Cleanup(func() { client.Close() })
	start := at("2026-03-10T12:00:00Z")
	a, b := newRig(t, client, "clock", start), newRig(t, client, "clock", start)
	ca, cb := sharedRig(t, a, start), sharedRig(t, b, start)
	a.goal(nil)
	then := at("2026-03-12T08:00:00Z")
	if _, err := a.eng.Evaluate(context.Background(), a.store, "a", &then); err != nil {
		t.Fatal(err)
	}
	if !ca.Now().Equal(then) || !cb.Now().Equal(start) {
		t.Fatalf("clocks after a moved: a %s, b %s", ca.Now(), cb.Now())
	}
	res, err := b.eng.LockedPass(context.Background(), b.store, "b")
	if err != nil {
		t.Fatal(err)
	}
	if !res.At.Equal(then) || !cb.Now().Equal(then) {
		t.Fatalf("b's pass ran at %s (clock %s), want %s", res.At, cb.Now(), then)
	}
	c := newRig(t, client, "clock", start)
	if cc := sharedRig(t, c, start); !cc.Now().Equal(then) {
		t.Fatalf("a replica started with an earlier GOALBOT_NOW is at %s, want %s", cc.Now(), then)
	}
	// Moving back is refused, on any replica.
	if err := cb.Move(context.Background(), start); goalbot.ErrorCode(err) != goalbot.EINVALID {
		t.Fatalf("moving back: %v", err)
	}
}
