package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestRecordRoundTrip(t *testing.T) {
	recs := []record{
		{lsn: 1, clock: 1_700_000_000_000_000_000, cmds: [][]string{{"SET", "k", "v", "PX", "100"}}},
		{lsn: 2, clock: -5, cmds: [][]string{{"HSET", "h", "", "\x00\r\n"}, {"DEL", "k"}}},
	}
	var buf []byte
	for _, r := range recs {
		buf = appendRecord(buf, r)
	}
	br := bufio.NewReader(bytes.NewReader(buf))
	for _, want := range recs {
		got, n, err := readRecord(br)
		ok(t, err)
		if n <= recordHeader || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("read %+v (%d bytes), want %+v", got, n, want)
		}
	}
	if _, _, err := readRecord(br); err == nil || err.Error() != "EOF" {
		t.Errorf("after the last record: %v, want EOF", err)
	}
	// Every cut inside the last record, and every flipped byte of it, is torn.
	last := len(appendRecord(nil, recs[0]))
	for cut := 1; cut < len(buf)-last; cut++ {
		if _, _, err := readRecord(bufio.NewReader(bytes.NewReader(buf[last : last+cut]))); !errors.Is(err, errTorn) {
			t.Fatalf("a record cut to %d bytes read as %v, want torn", cut, err)
		}
	}
	for i := last; i < len(buf); i++ {
		bad := bytes.Clone(buf)
		bad[i] ^= 0x40
		if _, _, err := readRecord(bufio.NewReader(bytes.NewReader(bad[last:]))); !errors.Is(err, errTorn) {
			t.Fatalf("a record with byte %d flipped read as %v, want torn", i-last, err)
		}
	}
}

// writeKeys sets k0..k<n-1> on e, each acknowledged.
func writeKeys(t *testing.T, c *redis.Client, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		ok(t, c.Set(ctx, fmt.Sprintf("k%d", i), i, 0).Err())
	}
}

// storedKeys returns how many of k0..k<n-1> the store in dir holds, opened as a start
// does, and its log.
func storedKeys(t *testing.T, dir string, n int) (int, string) {
	t.Helper()
	var logs bytes.Buffer
	e, err := openEmbedded(dir, slog.New(slog.NewTextHandler(&logs, nil)), nil)
	ok(t, err)
	found := 0
	for i := range n {
		if e.m.Exists(fmt.Sprintf("k%d", i)) {
			found++
		}
	}
	ok(t, e.Close()) // before reading the log, which the compactor may write to
	return found, logs.String()
}

func TestEmbeddedDropsTornLastRecord(t *testing.T) {
	for _, damage := range []struct {
		name string
		f    func(b []byte) []byte
	}{
		{"cut", func(b []byte) []byte { return b[:len(b)-3] }},
		{"flipped", func(b []byte) []byte { b[len(b)-2] ^= 1; return b }},
		{"zeros", func(b []byte) []byte { return append(b, make([]byte, 100)...) }},
	} {
		t.Run(damage.name, func(t *testing.T) {
			e := openTestEmbedded(t)
			writeKeys(t, e.client, 0, 10)
			dir := copyDir(t, e.dir) // as kill -9 leaves it
			segs, err := listSegments(dir)
			ok(t, err)
			last := segmentPath(dir, segs[len(segs)-1])
			b, err := os.ReadFile(last)
			ok(t, err)
			ok(t, os.WriteFile(last, damage.f(b), 0o600))
			ok(t, os.WriteFile(filepath.Join(dir, snapshotFile+".tmp123"), []byte("half a snapshot"), 0o600))

			want := 10
			if damage.name != "zeros" {
				want = 9 // the damaged record, never acknowledged, is dropped
			}
			found, logs := storedKeys(t, dir, 10)
			if found != want {
				t.Errorf("the store holds %d keys after the damage, want %d", found, want)
			}
			if !strings.Contains(logs, "cut short") {
				t.Errorf("no warning about the dropped record:\n%s", logs)
			}
			if temps, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(temps) > 0 {
				t.Errorf("temporary files left: %v", temps)
			}
			// The log goes on after the dropped record, and a second start reads it whole.
			e2, err := openEmbedded(dir, slog.New(slog.DiscardHandler), nil)
			ok(t, err)
			writeKeys(t, e2.client, 10, 5)
			ok(t, e2.Close())
			if found, logs := storedKeys(t, dir, 15); found != want+5 || strings.Contains(logs, "cut short") {
				t.Errorf("after more writes: %d keys, want %d; log:\n%s", found, want+5, logs)
			}
		})
	}
}

func TestEmbeddedRefusesDamageBeforeTheEnd(t *testing.T) {
	dir := t.TempDir()
	write := func(seg uint64, recs ...record) {
		var b []byte
		for _, r := range recs {
			b = appendRecord(b, r)
		}
		ok(t, os.WriteFile(segmentPath(dir, seg), b, 0o600))
	}
	set := func(lsn uint64) record {
		return record{lsn: lsn, clock: time.Now().UnixNano(), cmds: [][]string{{"SET", fmt.Sprint("k", lsn), "1"}}}
	}
	write(1, set(1), set(2), set(3))
	write(2, set(4))
	b, err := os.ReadFile(segmentPath(dir, 1))
	ok(t, err)
	b[len(b)/2] ^= 1
	ok(t, os.WriteFile(segmentPath(dir, 1), b, 0o600))
	_, err = openEmbedded(dir, slog.New(slog.DiscardHandler), nil)
	if err == nil || !strings.Contains(err.Error(), segmentPath(dir, 1)) || !errors.Is(err, errTorn) ||
		!strings.Contains(err.Error(), "restore "+dir+" from a backup") {
		t.Fatalf("opening a log damaged before its end: %v, want an error naming the segment and what to do", err)
	}
	// A missing record is refused too.
	write(1, set(1), set(3))
	_, err = openEmbedded(dir, slog.New(slog.DiscardHandler), nil)
	if err == nil || !strings.Contains(err.Error(), "misses records") {
		t.Fatalf("opening a log with a gap: %v", err)
	}
}

// countingSync counts the syncs of a log and makes each take at least delay.
type countingSync struct {
	n     atomic.Int64
	delay time.Duration
}

func (c *countingSync) sync(f *os.File) error {
	c.n.Add(1)
	time.Sleep(c.delay)
	return f.Sync()
}

func TestEmbeddedGroupCommit(t *testing.T) {
	e := openTestEmbedded(t)
	syncs := &countingSync{delay: 2 * time.Millisecond}
	e.wal.mu.Lock()
	e.wal.syncFile = syncs.sync
	e.wal.mu.Unlock()
	const writers, each = 32, 20
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() { writeKeys(t, e.client, w*each, each) })
	}
	wg.Wait()
	if n := syncs.n.Load(); n > writers*each/4 {
		t.Errorf("%d writes took %d syncs: concurrent writers do not share them", writers*each, n)
	} else {
		t.Logf("%d writes, %d syncs", writers*each, n)
	}
}

// blockingSync holds every sync until released.
type blockingSync struct {
	release chan struct{}
	fail    error
}

func (b *blockingSync) sync(f *os.File) error {
	<-b.release
	if b.fail != nil {
		return b.fail
	}
	return f.Sync()
}

func TestEmbeddedAnswersOnlyOnceOnDisk(t *testing.T) {
	e := openTestEmbedded(t)
	e.stuckAfter = 300 * time.Millisecond
	hold := &blockingSync{release: make(chan struct{})}
	var once sync.Once
	release := func() { once.Do(func() { close(hold.release) }) }
	t.Cleanup(release) // before Close, which syncs
	e.wal.mu.Lock()
	e.wal.syncFile = hold.sync
	e.wal.mu.Unlock()
	done := make(chan error, 1)
	go func() { done <- e.client.Set(ctx, "k", "v", 0).Err() }()
	select {
	case err := <-done:
		t.Fatalf("the write was answered (%v) before its record was synced", err)
	case <-time.After(200 * time.Millisecond):
	}
	// Meanwhile reads are answered, and the store reports itself stuck once the disk
	// has held a write for longer than it may.
	ok(t, e.client.Exists(ctx, "other").Err())
	deadline := time.Now().Add(5 * time.Second)
	for e.live() == nil {
		if time.Now().After(deadline) {
			t.Fatal("Live still reports nothing 5s after the disk stopped")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := e.live(); !strings.Contains(err.Error(), "disk") {
		t.Errorf("Live: %v, want it to name the disk", err)
	}
	release()
	ok(t, <-done)
	deadline = time.Now().Add(5 * time.Second)
	for e.live() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("Live still reports %v after the disk came back", e.live())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestEmbeddedFailedSyncIsNotAcknowledged(t *testing.T) {
	e, err := openEmbedded(t.TempDir(), slog.New(slog.DiscardHandler), nil)
	ok(t, err)
	ok(t, e.client.Set(ctx, "before", "1", 0).Err())
	fail := &blockingSync{release: make(chan struct{}), fail: syscall.EIO}
	close(fail.release)
	e.wal.mu.Lock()
	e.wal.syncFile = fail.sync
	e.wal.mu.Unlock()
	err = e.client.Set(ctx, "k", "v", 0).Err()
	if err == nil || !strings.Contains(err.Error(), "cannot write its log") || !strings.Contains(err.Error(), "input/output error") {
		t.Fatalf("a write whose sync failed got %v, want an error", err)
	}
	// From then on the store refuses everything: what it holds in memory is more than
	// what the disk holds.
	for _, cmd := range []redis.Cmder{e.client.Set(ctx, "k2", "v", 0), e.client.Get(ctx, "before")} {
		if err := cmd.Err(); err == nil || !strings.Contains(err.Error(), "cannot write its log") {
			t.Errorf("%s after the log failed got %v, want a refusal", cmd.Name(), err)
		}
	}
	if e.m.Exists("k2") {
		t.Error("a refused write changed the store")
	}
	if err := e.live(); err == nil || !errors.Is(err, syscall.EIO) {
		t.Errorf("Live after the log failed: %v", err)
	}
	if err := e.Close(); !errors.Is(err, syscall.EIO) {
		t.Errorf("Close after the log failed: %v, want the sync's error", err)
	}
	// What was acknowledged before is kept.
	if !openedWith(t, e.dir, "before") {
		t.Error("the write acknowledged before the failure is lost")
	}
}

// openedWith reports whether the store in dir, opened as a start does, holds key.
func openedWith(t *testing.T, dir, key string) bool {
	t.Helper()
	e, err := openEmbedded(dir, slog.New(slog.DiscardHandler), nil)
	ok(t, err)
	defer func() { ok(t, e.Close()) }()
	return e.m.Exists(key)
}
