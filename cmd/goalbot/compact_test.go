package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/store"
)

func TestCompactionRunsInAChildProcess(t *testing.T) {
	dir := t.TempDir()
	var runs atomic.Int64
	compact := (&Main{}).compactor()
	if compact == nil {
		t.Skip("compactions run in a child process on Linux only")
	}
	open := func() *store.Redis {
		t.Helper()
		s, err := store.Open(context.Background(), store.Options{DataDir: dir, Logger: newLogger(io.Discard),
			Compactor: func(ctx context.Context, dir string, upto uint64) error {
				runs.Add(1)
				return compact(ctx, dir, upto)
			}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	day := goalbot.Date{Year: 2026, Month: 3, Day: 2}
	row := goalbot.Metric{Date: day, Network: "google", AccountID: "act-1", AccountName: "Acme", CampaignID: "cmp-1",
		CampaignName: "Spring", Currency: "USD", Totals: goalbot.Totals{Conversions: 7 * goalbot.MicroUnit}}
	if err := s.UpsertMetrics(context.Background(), []goalbot.Metric{row}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The next start writes a new log segment and folds the last one into the
	// snapshot, in a child process.
	s = open()
	defer s.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, snapErr := os.Stat(filepath.Join(dir, "store.snap"))
		segs, _ := filepath.Glob(filepath.Join(dir, "wal-*.log"))
		if snapErr == nil && len(segs) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20s: snapshot %v, segments %v", snapErr, segs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if runs.Load() != 1 {
		t.Errorf("the compactor ran %d times, want 1", runs.Load())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open()
	sums, err := s.SumRanges(context.Background(), []store.RangeQuery{{Campaign: "cmp-1", From: day, To: day}})
	if err != nil || sums[0].Conversions != 7*goalbot.MicroUnit {
		t.Errorf("after the compaction: %+v, %v", sums, err)
	}
}

func TestInternalCompactArguments(t *testing.T) {
	m, _, _ := newTestMain(nil)
	if err := m.Run(context.Background(), []string{compactCommand, t.TempDir()}); err == nil {
		t.Error("internal-compact without a segment number ran")
	}
	if err := m.Run(context.Background(), []string{compactCommand, t.TempDir(), "x"}); err == nil {
		t.Error("internal-compact with a bad segment number ran")
	}
	if err := m.Run(context.Background(), []string{compactCommand, t.TempDir(), "5"}); err != nil {
		t.Errorf("internal-compact of an empty directory: %v", err)
	}
}
