package store

import (
	"context"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestEmbeddedNewConnectionWhileSnapshotWaits: a command that needs a new connection
// runs go-redis's connection set-up (HELLO) through the hooks again; when a snapshot
// starts waiting for the lock meanwhile, the command must still finish (it once
// deadlocked, taking the read lock a second time behind the waiting writer).
func TestEmbeddedNewConnectionWhileSnapshotWaits(t *testing.T) {
	e, err := openEmbedded(t.TempDir(), slog.New(slog.DiscardHandler))
	ok(t, err)
	c := redis.NewClient(&redis.Options{Addr: e.m.Addr(), DisableIdentity: true}) // no connection yet
	defer c.Close()
	c.AddHook(e)
	h := &snapshotOnDial{e: e, flushed: make(chan error, 1)}
	c.AddHook(h)
	done := make(chan error, 1)
	go func() { done <- c.Set(context.Background(), "k", "v", 0).Err() }()
	select {
	case err := <-done:
		ok(t, err)
		ok(t, <-h.flushed)
		ok(t, e.Close())
	case <-time.After(5 * time.Second):
		// Deadlocked: Close would wait for ever too, so the store is left as it is.
		t.Fatal("a command dialling a new connection while a snapshot waited for the lock never finished")
	}
}

// snapshotOnDial makes a snapshot wait for the embedded store's lock while the first
// new connection is dialled, before go-redis sets the connection up; flushed gets the
// snapshot's result.
type snapshotOnDial struct {
	e       *embedded
	once    sync.Once
	flushed chan error
}

func (h *snapshotOnDial) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		h.once.Do(func() {
			h.e.dirty.Store(true)
			go func() { h.flushed <- h.e.flush() }() // a snapshot, which takes the lock alone
			time.Sleep(50 * time.Millisecond)        // the snapshot is waiting by now
		})
		return next(ctx, network, addr)
	}
}

func (h *snapshotOnDial) ProcessHook(next redis.ProcessHook) redis.ProcessHook { return next }

func (h *snapshotOnDial) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
