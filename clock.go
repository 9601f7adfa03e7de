package goalbot

import (
	"sync"
	"time"
)

// Clock tells the time. Everything that depends on the time takes a Clock (or a now
// argument), so that tests and demos can freeze or move it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// FrozenClock stands still at one instant until it is moved forward (GOALBOT_NOW).
type FrozenClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFrozenClock returns a clock frozen at t.
func NewFrozenClock(t time.Time) *FrozenClock { return &FrozenClock{t: t} }

// Now returns the frozen instant.
func (c *FrozenClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t. The same instant again is fine; an earlier one is refused,
// since time never goes back for the goals measured so far.
func (c *FrozenClock) Set(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.t) {
		return Invalid("errors.clock.back", Args{"Now": c.t.UTC().Format(time.RFC3339), "To": t.UTC().Format(time.RFC3339)})
	}
	c.t = t
	return nil
}
