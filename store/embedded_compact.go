package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// A compaction folds the closed log segments into the snapshot without touching the
// server: it builds a private copy of the store from the snapshot and those segments,
// as a start does, writes the copy as the next snapshot (atomically: a temporary
// file, synced, renamed, the directory synced) and then removes the segments. The
// server keeps serving meanwhile; a compaction cut short leaves the old snapshot and
// every segment, which the next start or compaction reads again.
//
// The copy is as large as the store, and building it in the server's process makes
// that process's garbage collector work hard, which commands feel; so goalbot runs
// it in a child process (Options.Compactor), and only tests and tools in this one.

// Compactor runs a compaction of the embedded store in dir: CompactDir(ctx, dir,
// upto), here or in another process. The store calls it from one goroutine at a time,
// while it holds the directory's lock.
type Compactor func(ctx context.Context, dir string, upto uint64) error

// CompactDir folds the log segments of the embedded store in dir numbered below upto
// into its snapshot. Only the process that holds the directory (or a child it runs
// for this) may call it: segments from upto on may be written meanwhile.
func CompactDir(ctx context.Context, dir string, upto uint64) error {
	segs, err := listSegments(dir)
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	rep, err := newReplica(dir, newScripts())
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	defer rep.close()
	var closed []uint64
	for _, n := range segs {
		if n >= upto {
			break
		}
		closed = append(closed, n)
		if n < rep.nextSeg {
			continue // held by the snapshot already: removed below
		}
		if _, err := rep.replaySegment(ctx, segmentPath(dir, n)); err != nil {
			return fmt.Errorf("compact: %w", err)
		}
		rep.nextSeg = n + 1
	}
	if len(closed) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	if _, err := rep.writeSnapshot(ctx, dir); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	for _, n := range closed {
		if err := os.Remove(segmentPath(dir, n)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("compact: remove log segment: %w", err)
		}
	}
	if err := os.Remove(filepath.Join(dir, oldSnapshotFile)); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("compact: remove the snapshot of an earlier goalbot: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	return nil
}

// compactLoop compacts whenever a segment is closed, until Close; from is the first
// segment written by this process, so that segments replayed at start are compacted
// first.
func (e *embedded) compactLoop(from uint64) {
	defer e.workers.Done()
	segs, err := listSegments(e.dir)
	pending := err == nil && len(segs) > 0 && segs[0] < from
	for {
		if !pending {
			select {
			case <-e.stop:
				return
			case <-e.wal.closed:
			}
		}
		pending = false
		if err := e.compact(); err != nil && e.stopCtx.Err() == nil {
			e.log.Error("compact the embedded store's log (it keeps growing until a compaction succeeds)", "data_dir", e.dir, "err", err)
		}
	}
}

// compact folds every closed segment into the snapshot, one compaction at a time, and
// closes segments at about the new snapshot's size from then on.
func (e *embedded) compact() error {
	e.compactMu.Lock()
	defer e.compactMu.Unlock()
	e.compacting.Store(true)
	defer e.compacting.Store(false)
	start := time.Now()
	if err := e.compactor(e.stopCtx, e.dir, e.wal.current()); err != nil {
		return err
	}
	fi, err := os.Stat(filepath.Join(e.dir, snapshotFile))
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	e.wal.setSegmentLimit(fi.Size())
	e.compactions.Add(1)
	e.log.Info("compacted the embedded store's log", "took", time.Since(start).Round(time.Millisecond), "snapshot_bytes", fi.Size())
	return nil
}
