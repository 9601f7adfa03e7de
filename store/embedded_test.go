package store

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// assertReplayMatches checks that the log and snapshot in e's directory, replayed
// as a start does, give what e holds now (expiries within a second).
func assertReplayMatches(t *testing.T, e *embedded) {
	t.Helper()
	e.order.Lock()
	e.exp.sync()
	live, err := takeSnapshot(e.m, e.exp.clock)
	e.order.Unlock()
	ok(t, err)
	copied, err := openEmbedded(copyDir(t, e.dir), slog.New(slog.DiscardHandler))
	ok(t, err)
	defer copied.Close()
	copied.order.Lock()
	copied.exp.sync()
	replayed, err := takeSnapshot(copied.m, copied.exp.clock)
	copied.order.Unlock()
	ok(t, err)
	if diff := cmp.Diff(keyMap(live), keyMap(replayed), cmp.Comparer(func(a, b int64) bool { return a-b < 1000 && b-a < 1000 })); diff != "" {
		t.Errorf("the replayed store differs from the live one (-live +replayed):\n%s", diff)
	}
}

// keyMap indexes a snapshot's keys by name.
func keyMap(s *snapshot) map[string]snapKey {
	m := make(map[string]snapKey, len(s.Keys))
	for _, k := range s.Keys {
		m[k.Key] = k
	}
	return m
}

// openTestEmbedded opens an embedded store in a new directory, closed at the end of
// the test.
func openTestEmbedded(t *testing.T) *embedded {
	t.Helper()
	e, err := openEmbedded(t.TempDir(), slog.New(slog.DiscardHandler), listGoalsLua)
	ok(t, err)
	t.Cleanup(func() { ok(t, e.Close()) })
	return e
}

func TestEmbeddedReplayMatchesLive(t *testing.T) {
	e := openTestEmbedded(t)
	c := e.client
	for i := range 50 {
		k := fmt.Sprintf("k%d", i%7)
		ok(t, c.Incr(ctx, k).Err())
		ok(t, c.HIncrBy(ctx, "h", k, int64(i)).Err())
		ok(t, c.SAdd(ctx, "s", i).Err())
		ok(t, c.Set(ctx, fmt.Sprintf("ttl%d", i), i, time.Hour).Err())
	}
	for range 10 {
		ok(t, c.SPop(ctx, "s").Err()) // random, seeded by the record
	}
	assertReplayMatches(t, e)
}
