package store

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

func TestEmbeddedPersists(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	r, err := Open(ctx, Options{DataDir: dir, Logger: log})
	ok(t, err)
	if !strings.Contains(logs.String(), "for trying goalbot on one machine") {
		t.Errorf("no log line says what the embedded store is for:\n%s", logs.String())
	}
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", goalbot.Date{Year: 2026, Month: 3, Day: 2}, 5*goalbot.MicroUnit, 3)}, t0))
	ok(t, r.Client().Set(ctx, r.Key("dedupe:ev1"), "1", time.Hour).Err())
	ok(t, r.Client().Set(ctx, r.Key("dedupe:short"), "1", 50*time.Millisecond).Err())

	// What was acknowledged is on disk at once: the directory as a crash leaves it now,
	// without a Close, opens with it.
	crashed, err := Open(ctx, Options{DataDir: copyDir(t, dir), Logger: log})
	ok(t, err)
	got, err := crashed.Goal(ctx, g.ID)
	ok(t, err)
	sameGoal(t, got, g)
	ok(t, crashed.Close())

	// A second process (here: a second opener) is refused while the first holds the dir.
	_, err = Open(ctx, Options{DataDir: dir, Logger: log})
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("a second opener got %v, want a refusal naming %s", err, dir)
	}

	// A list changes nothing, so it writes nothing.
	before := r.embedded.wal.next()
	listAll(t, r, goalbot.Filter{Campaigns: []string{"c1"}})
	if after := r.embedded.wal.next(); after != before {
		t.Errorf("a list wrote %d log records", after-before)
	}
	ok(t, r.Client().Set(ctx, r.Key("last"), "1", 0).Err())

	ok(t, r.Close())
	ok(t, r.Close()) // twice is fine
	time.Sleep(60 * time.Millisecond)

	r, err = Open(ctx, Options{DataDir: dir, Logger: log})
	ok(t, err)
	defer r.Close()
	got, err = r.Goal(ctx, g.ID)
	ok(t, err)
	sameGoal(t, got, g)
	if ids := listAll(t, r, goalbot.Filter{Campaigns: []string{"c1"}}); len(ids) != 1 {
		t.Errorf("the indexes did not survive: %v", ids)
	}
	sums, err := r.SumRanges(ctx, []RangeQuery{{Campaign: "c1", From: goalbot.Date{Year: 2026, Month: 3, Day: 1}, To: goalbot.Date{Year: 2026, Month: 3, Day: 31}}})
	ok(t, err)
	if sums[0].Spend != 5*goalbot.MicroUnit {
		t.Errorf("metrics after reopening: %+v", sums[0])
	}
	if ttl := r.Client().TTL(ctx, r.Key("dedupe:ev1")).Val(); ttl < 59*time.Minute || ttl > time.Hour {
		t.Errorf("TTL after reopening %s, want just under 1h", ttl)
	}
	if n := r.Client().Exists(ctx, r.Key("dedupe:short")).Val(); n != 0 {
		t.Error("a key that expired while the store was closed came back")
	}
	if r.Client().Get(ctx, r.Key("last")).Val() != "1" {
		t.Error("the last change before Close was lost")
	}
	g2 := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g2))
	if g2.ID != "G2" {
		t.Errorf("the sequence did not survive: new id %s", g2.ID)
	}
}

// copyDir copies the files of dir, as they are now, to a new directory.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(dir)
	ok(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		ok(t, err)
		ok(t, os.WriteFile(filepath.Join(to, e.Name()), b, 0o600))
	}
	return to
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	quiet := slog.New(slog.DiscardHandler)
	r, err := Open(ctx, Options{DataDir: dir, KeyPrefix: "x", Logger: quiet})
	ok(t, err)
	ok(t, r.Client().Set(ctx, r.Key("schema"), "99", 0).Err())
	ok(t, r.Close())
	_, err = Open(ctx, Options{DataDir: dir, KeyPrefix: "x", Logger: quiet})
	if err == nil || !strings.Contains(err.Error(), "schema version 99") {
		t.Fatalf("opening a newer schema gave %v", err)
	}
	r, err = Open(ctx, Options{DataDir: dir, KeyPrefix: "other", Logger: quiet}) // another prefix is another store
	ok(t, err)
	ok(t, r.Close())
	_, err = Open(ctx, Options{DataDir: dir, KeyPrefix: "bad{tag}"})
	mustCode(t, err, goalbot.EINVALID)
}

func TestUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ok(t, err)
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	r := NewRedis(redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond, DisableIdentity: true}), "")
	defer r.Close()
	_, err = r.Goal(ctx, "G1")
	if !IsUnavailable(err) || goalbot.ErrorCode(err) != goalbot.EUNAVAILABLE {
		t.Fatalf("Goal on a closed port: %v (code %s)", err, goalbot.ErrorCode(err))
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), "load goal G1") {
		t.Errorf("the error lost its cause or what was being done: %v", err)
	}
	_, err = Open(ctx, Options{URL: "redis://" + addr + "/0?dial_timeout=200ms&max_retries=-1"})
	if !IsUnavailable(err) {
		t.Errorf("Open on a closed port: %v", err)
	}
}

func TestNewClient(t *testing.T) {
	c, err := NewClient("redis://localhost:6379/2")
	ok(t, err)
	if o := c.(*redis.Client).Options(); o.Addr != "localhost:6379" || o.DB != 2 || o.TLSConfig != nil {
		t.Errorf("one node: %+v", o)
	}
	c.Close()
	c, err = NewClient("rediss://u:p@cache.example:6380")
	ok(t, err)
	if o := c.(*redis.Client).Options(); o.TLSConfig == nil || o.Password != "p" {
		t.Errorf("rediss: %+v", o)
	}
	c.Close()
	c, err = NewClient("redis://n1:7000?addr=n2:7000&addr=n3:7000")
	ok(t, err)
	if o := c.(*redis.ClusterClient).Options(); len(o.Addrs) != 3 {
		t.Errorf("cluster: %+v", o.Addrs)
	}
	c.Close()
	c, err = NewClient("redis://s1:26379?master_name=mymaster&addr=s2:26379")
	ok(t, err)
	if o := c.(*redis.Client).Options(); o.Addr != "FailoverClient" {
		t.Errorf("sentinel: %+v", o.Addr)
	}
	c.Close()
	for _, bad := range []string{"http://localhost", "localhost:6379", "redis://h?bogus=1", "redis://u:s3cret@h?bogus=1", "redis://h:1?addr=h:2&bogus=1"} {
		_, err := NewClient(bad)
		mustCode(t, err, goalbot.EINVALID)
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}
