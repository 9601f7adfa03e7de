package store

import (
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// TestAdvanceClock: the kept instant moves forward to the nanosecond, never back,
// and an earlier instant reads back the kept one exactly (on a real Redis, Lua's
// numbers would print it as 1.7733024e+18).
func TestAdvanceClock(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		if _, ok, err := r.KeptClock(ctx); ok || err != nil {
			t.Fatalf("a new store keeps a clock: %v %v", ok, err)
		}
		t1 := time.Date(2026, 3, 12, 8, 0, 0, 123456789, time.UTC)
		kept, err := r.AdvanceClock(ctx, t1)
		ok(t, err)
		if !kept.Equal(t1) {
			t.Fatalf("kept %s, want %s", kept, t1)
		}
		kept, err = r.AdvanceClock(ctx, t1.Add(-time.Nanosecond))
		mustCode(t, err, goalbot.EINVALID)
		if !kept.Equal(t1) {
			t.Fatalf("after an earlier instant: kept %s, want %s", kept, t1)
		}
		kept, err = r.AdvanceClock(ctx, t1.Add(time.Nanosecond))
		ok(t, err)
		if got, _, _ := r.KeptClock(ctx); !got.Equal(t1.Add(time.Nanosecond)) || !kept.Equal(got) {
			t.Fatalf("kept %s (read %s), want %s", kept, got, t1.Add(time.Nanosecond))
		}
	})
}
