package store

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// slowDial makes every new connection of a client take delay, as a loaded machine
// does after a large ingest.
type slowDial struct{ delay time.Duration }

func (s slowDial) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		time.Sleep(s.delay)
		return next(ctx, network, addr)
	}
}
func (slowDial) ProcessHook(next redis.ProcessHook) redis.ProcessHook { return next }
func (slowDial) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

// TestEmbeddedSlowDialDoesNotHang writes from many goroutines while every new
// connection dials slowly and the store persists what changed: every command must
// finish. (A lock held across the dial, whose handshake runs the same hook again,
// while the persister waited for the lock in between, hung them all for good.)
func TestEmbeddedSlowDialDoesNotHang(t *testing.T) {
	r, err := Open(ctx, Options{DataDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)})
	ok(t, err)
	defer func() {
		closed := make(chan error, 1)
		go func() { closed <- r.Close() }()
		select {
		case err := <-closed:
			ok(t, err)
		case <-time.After(10 * time.Second):
			t.Error("Close did not return within 10s")
		}
	}()
	r.client.(*redis.Client).AddHook(slowDial{delay: 300 * time.Millisecond})
	// Meanwhile the store persists what changed, again and again: the log closes a
	// segment every 100 ms and the compactor folds it in.
	stopCuts := make(chan struct{})
	defer close(stopCuts)
	go func() {
		for {
			select {
			case <-stopCuts:
				return
			case <-time.After(100 * time.Millisecond):
				cutSegment(r.embedded)
			}
		}
	}()
	// Writers join one by one while the others keep writing, so that the pool dials a
	// new connection while the store has changes to persist.
	const writers = 12
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	start := time.Now()
	for w := range writers {
		wg.Go(func() {
			for i := 0; time.Since(start) < 3*time.Second; i++ {
				if err := r.client.Set(ctx, r.Key(fmt.Sprintf("k:%d:%d", w, i)), i, 0).Err(); err != nil {
					errs <- err
					return
				}
			}
		})
		time.Sleep(50 * time.Millisecond)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%d writers did not finish within 20s: the store hangs", writers)
	}
	close(errs)
	for err := range errs {
		t.Errorf("write: %v", err)
	}
	if r.embedded.compactions.Load() == 0 {
		t.Error("no compaction ran meanwhile")
	}
}

func TestEmbeddedLiveReportsBlockedWrites(t *testing.T) {
	e := openTestEmbedded(t)
	e.stuckAfter = 200 * time.Millisecond
	ok(t, e.live())
	e.order.Lock() // as a write that never ends would
	deadline := time.Now().Add(5 * time.Second)
	for e.live() == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	err := e.live()
	e.order.Unlock()
	if err == nil || !strings.Contains(err.Error(), "blocked") {
		t.Fatalf("Live with the writes blocked: %v", err)
	}
	deadline = time.Now().Add(5 * time.Second)
	for e.live() != nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	ok(t, e.live())
}
