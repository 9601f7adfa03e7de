package main

import (
	"context"
	"fmt"
	"time"
)

// stopGrace is how long a stop that is still running when the shutdown timeout ends
// gets to return (most return at once once their context ended).
const stopGrace = 100 * time.Millisecond

// stopWithin runs stop and waits for it until ctx is done (and stopGrace more). A stop
// still running then is left behind, since the process is about to exit, and named
// in the error, so that a wedged part cannot hold the shutdown.
func stopWithin(ctx context.Context, name string, stop func(context.Context) error) error {
	done := make(chan error, 1)
	go func() { done <- stop(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	select {
	case err := <-done:
		return err
	case <-time.After(stopGrace):
		return fmt.Errorf("stop %s: still running when the shutdown timeout ended, left behind", name)
	}
}

// shutdownBudget returns how long Close waits in all.
func (m *Main) shutdownBudget() time.Duration {
	if m.shutdownTimeout > 0 {
		return m.shutdownTimeout
	}
	return ShutdownTimeout
}

// The parts that wait for requests in flight may use the shutdown budget up to these
// fractions of it, counted from the start of Close, so that the parts after them
// (the engine, which gives its lease up, and the store) keep time of their own.
const (
	botShare  = 0.5  // the Slack bot: its handlers are cancelled before this
	httpShare = 0.75 // the HTTP server: its requests are cut short at this
)

// shareOf is ctx (the whole budget's) ending at fraction f of the budget, counted
// from the deadline back.
func (m *Main) shareOf(ctx context.Context, f float64) (context.Context, context.CancelFunc) {
	end, _ := ctx.Deadline()
	budget := m.shutdownBudget()
	return context.WithDeadline(ctx, end.Add(-time.Duration((1-f)*float64(budget))))
}
