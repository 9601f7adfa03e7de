package store

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
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
