package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
)

// ClockStore keeps the frozen instant that replicas share (store.Redis implements it).
type ClockStore interface {
	AdvanceClock(ctx context.Context, t time.Time) (time.Time, error)
	KeptClock(ctx context.Context) (time.Time, bool, error)
}

// SharedClock is the frozen clock of GOALBOT_NOW, kept in the store so that every
// replica reads the same instant and /v1/evaluate moves them all.
type SharedClock struct {
	*goalbot.FrozenClock
	Store ClockStore
}

// NewSharedClock starts at GOALBOT_NOW or the kept instant, whichever is later.
func NewSharedClock(ctx context.Context, start time.Time, s ClockStore) (*SharedClock, error) {
	kept, err := s.AdvanceClock(ctx, start)
	if err != nil && goalbot.ErrorCode(err) != goalbot.EINVALID {
		return nil, fmt.Errorf("start the shared clock: %w", err)
	}
	return &SharedClock{FrozenClock: goalbot.NewFrozenClock(kept), Store: s}, nil
}

// Move moves every replica's clock to t; an instant earlier than the kept one is an
// EINVALID error.
func (c *SharedClock) Move(ctx context.Context, t time.Time) error {
	kept, err := c.Store.AdvanceClock(ctx, t)
	if err != nil {
		return err
	}
	return c.FrozenClock.Set(kept)
}

// Sync takes the instant another replica kept, when it is later.
func (c *SharedClock) Sync(ctx context.Context) error {
	kept, ok, err := c.Store.KeptClock(ctx)
	if err != nil || !ok || !kept.After(c.Now()) {
		return err
	}
	return c.FrozenClock.Set(kept)
}
