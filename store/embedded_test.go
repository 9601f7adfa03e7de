package store

import (
	"encoding/gob"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
)

// assertReplayMatches checks that the log and snapshot in e's directory, replayed
// as a start does, give what e holds now (expiries within a second).
func assertReplayMatches(t *testing.T, e *embedded) {
	t.Helper()
	e.order.Lock()
	live := contents(t, e)
	e.order.Unlock()
	copied, err := openEmbedded(copyDir(t, e.dir), slog.New(slog.DiscardHandler), nil)
	ok(t, err)
	defer copied.Close()
	copied.order.Lock()
	replayed := contents(t, copied)
	copied.order.Unlock()
	// A key due to expire about now may be gone from either side by the time it is
	// read (a pacing slot lives a second): only keys that outlive the reads count.
	soon := time.Now().Add(2 * time.Second).UnixMilli()
	for _, m := range []map[string]keyState{live, replayed} {
		for k, st := range m {
			if st.ExpireAt != 0 && st.ExpireAt < soon {
				delete(m, k)
			}
		}
	}
	near := cmp.Comparer(func(a, b int64) bool { return a-b < 1000 && b-a < 1000 })
	if diff := cmp.Diff(live, replayed, near); diff != "" {
		t.Errorf("the replayed store differs from the live one (-live +replayed):\n%s", diff)
	}
}

// keyState is a key as a snapshot holds it: the command that makes it, and when it
// expires (unix ms, 0 for never).
type keyState struct {
	Make     []string
	ExpireAt int64
}

// contents returns every key of e (the caller holds e.order).
func contents(t *testing.T, e *embedded) map[string]keyState {
	t.Helper()
	e.exp.sync()
	out := map[string]keyState{}
	for _, k := range e.m.Keys() {
		cmds, err := keyCommands(e.m, k, e.exp.clock)
		ok(t, err)
		if cmds == nil {
			continue
		}
		st := keyState{Make: cmds[0]}
		if len(cmds) > 1 {
			st.ExpireAt, err = strconv.ParseInt(cmds[1][2], 10, 64)
			ok(t, err)
		}
		out[k] = st
	}
	return out
}

// openTestEmbedded opens an embedded store in a new directory, closed at the end of
// the test.
func openTestEmbedded(t *testing.T) *embedded {
	t.Helper()
	e, err := openEmbedded(t.TempDir(), slog.New(slog.DiscardHandler), nil, listGoalsLua)
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

// listeningSockets returns the inodes of the TCP sockets this process listens on.
func listeningSockets(t *testing.T) map[string]bool {
	t.Helper()
	ours := map[string]bool{}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(link, "socket:[") {
			ours[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	listening := map[string]bool{}
	for _, table := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
		b, err := os.ReadFile(table)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) > 9 && f[3] == "0A" && ours[f[9]] { // 0A: LISTEN
				listening[f[9]] = true
			}
		}
	}
	return listening
}

func TestEmbeddedListensOnNoPort(t *testing.T) {
	before := listeningSockets(t)
	e := openTestEmbedded(t)
	ok(t, e.client.Set(ctx, "k", "v", 0).Err())
	for inode := range listeningSockets(t) {
		if !before[inode] {
			t.Errorf("the embedded store listens on a TCP socket (inode %s): any local user could reach it", inode)
		}
	}
}

// cutSegment makes the next write start a new log segment, so that the compactor
// folds the current one into the snapshot.
func cutSegment(e *embedded) {
	e.wal.mu.Lock()
	e.wal.segBytes = e.wal.segLimit
	e.wal.mu.Unlock()
}

// waitCompactions waits until e has run n compactions.
func waitCompactions(t *testing.T, e *embedded, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for e.compactions.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d compactions after 10s, want %d", e.compactions.Load(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEmbeddedCompaction(t *testing.T) {
	e := openTestEmbedded(t)
	c := e.client
	for i := range 100 {
		ok(t, c.HSet(ctx, fmt.Sprintf("h%d", i%10), fmt.Sprint(i), i).Err())
		ok(t, c.ZAdd(ctx, "z", redis.Z{Score: float64(i) / 3, Member: fmt.Sprint(i)}).Err())
		ok(t, c.RPush(ctx, "l", i).Err())
	}
	ok(t, c.Set(ctx, "lease", "me", time.Minute).Err())
	for round := range 3 {
		cutSegment(e)
		ok(t, c.Incr(ctx, "n").Err()) // the first record of the next segment
		waitCompactions(t, e, int64(round+1))
		segs, err := listSegments(e.dir)
		ok(t, err)
		if len(segs) != 1 || segs[0] != e.wal.current() {
			t.Errorf("after compaction %d the log holds segments %v, want only the current one, %d", round+1, segs, e.wal.current())
		}
		ok(t, c.Incr(ctx, "n").Err())
		assertReplayMatches(t, e)
	}
}

func TestEmbeddedReadsOldSnapshot(t *testing.T) {
	dir := t.TempDir()
	saved := time.Now().Add(-time.Minute)
	old := oldSnapshot{Version: 1, SavedAt: saved, Keys: []oldSnapKey{
		{Key: "s", Type: "string", Str: "v"},
		{Key: "h", Type: "hash", Hash: map[string]string{"a": "1", "b": "2"}},
		{Key: "l", Type: "list", List: []string{"x", "y"}},
		{Key: "set", Type: "set", Set: []string{"m1", "m2"}},
		{Key: "z", Type: "zset", ZSet: map[string]float64{"a": 1.5, "b": -2}},
		{Key: "lease", Type: "string", Str: "1", ExpireAt: saved.Add(time.Hour).UnixMilli()},
		{Key: "gone", Type: "string", Str: "1", ExpireAt: saved.Add(time.Second).UnixMilli()},
	}}
	f, err := os.Create(filepath.Join(dir, oldSnapshotFile))
	ok(t, err)
	ok(t, gob.NewEncoder(f).Encode(old))
	ok(t, f.Close())
	e, err := openEmbedded(dir, slog.New(slog.DiscardHandler), nil)
	ok(t, err)
	defer func() { ok(t, e.Close()) }()
	c := e.client
	if got := c.HGetAll(ctx, "h").Val(); got["a"] != "1" || got["b"] != "2" || c.Get(ctx, "s").Val() != "v" ||
		c.LIndex(ctx, "l", 1).Val() != "y" || c.SCard(ctx, "set").Val() != 2 || c.ZScore(ctx, "z", "b").Val() != -2 {
		t.Errorf("the old snapshot's keys were not read whole")
	}
	if ttl := c.PTTL(ctx, "lease").Val(); ttl < 58*time.Minute || ttl > 59*time.Minute {
		t.Errorf("lease TTL %s, want just under 59 minutes", ttl)
	}
	if c.Exists(ctx, "gone").Val() != 0 {
		t.Error("a key that expired since the old snapshot came back")
	}
	// The first compaction replaces the old snapshot.
	cutSegment(e)
	ok(t, c.Set(ctx, "after", "1", 0).Err())
	waitCompactions(t, e, 1)
	if _, err := os.Stat(filepath.Join(dir, oldSnapshotFile)); !os.IsNotExist(err) {
		t.Errorf("the old snapshot is still there after a compaction: %v", err)
	}
	assertReplayMatches(t, e)
}

func TestEmbeddedLongPipeline(t *testing.T) {
	e := openTestEmbedded(t)
	// A client writes the whole pipeline before it reads a reply: the replies must not
	// hold up the commands behind them.
	const n = 50_000
	cmds, err := e.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := range n {
			p.HSet(ctx, fmt.Sprintf("h%d", i%100), fmt.Sprint(i), strings.Repeat("x", 20))
		}
		return nil
	})
	ok(t, err)
	if len(cmds) != n {
		t.Fatalf("%d replies, want %d", len(cmds), n)
	}
	if got := e.client.HLen(ctx, "h7").Val(); got != n/100 {
		t.Errorf("h7 has %d fields, want %d", got, n/100)
	}
}
