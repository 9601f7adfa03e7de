package store

import (
	"context"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func TestAdvanceClockKeepsLaterInstant(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := NewRedis(b.start(t), "clock")
			ctx := context.Background()
			start := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
			later := start.Add(time.Hour + time.Nanosecond)
			if kept, err := r.AdvanceClock(ctx, start); err != nil || !kept.Equal(start) {
				t.Fatalf("AdvanceClock(start) = %v, %v", kept, err)
			}
			if kept, err := r.AdvanceClock(ctx, later); err != nil || !kept.Equal(later) {
				t.Fatalf("AdvanceClock(later) = %v, %v", kept, err)
			}
			// A replica (or a restart) that starts at the earlier GOALBOT_NOW gets the
			// kept instant, to the nanosecond, with an EINVALID error.
			kept, err := r.AdvanceClock(ctx, start)
			if goalbot.ErrorCode(err) != goalbot.EINVALID || !kept.Equal(later) {
				t.Fatalf("AdvanceClock(start) again = %v, %v; want %v and EINVALID", kept, err, later)
			}
			if got, ok, err := r.KeptClock(ctx); err != nil || !ok || !got.Equal(later) {
				t.Fatalf("KeptClock = %v, %v, %v", got, ok, err)
			}
		})
	}
}
