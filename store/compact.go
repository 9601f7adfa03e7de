package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// A compaction folds the closed log segments into the snapshot without touching the
// server: it builds a private copy of the store from the snapshot and those segments,
// as a start does, writes the copy as the next snapshot (atomically: a temporary
// file, synced, renamed, the directory synced) and then removes the segments. The
// server keeps serving meanwhile; a compaction cut short leaves the old snapshot and
// every segment, which the next start or compaction reads again.

// compactLoop compacts whenever a segment is closed, until Close; from is the first
// segment written by this process, so that segments replayed at start are compacted
// first.
func (e *embedded) compactLoop(from uint64) {
	defer e.workers.Done()
	pending := true
	if segs, err := listSegments(e.dir); err != nil || len(segs) == 0 || segs[0] >= from {
		pending = false
	}
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

// compact folds every closed segment into the snapshot.
func (e *embedded) compact() error {
	current := e.wal.current()
	segs, err := listSegments(e.dir)
	if err != nil {
		return err
	}
	var closed []uint64
	for _, n := range segs {
		if n < current {
			closed = append(closed, n)
		}
	}
	if len(closed) == 0 {
		return nil
	}
	path := filepath.Join(e.dir, snapshotFile)
	snap, err := readSnapshot(path)
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	rep, err := newReplica(snap, newScripts())
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	defer rep.close()
	for _, n := range closed {
		if n < rep.nextSeg {
			continue // removed by the next start
		}
		if _, err := rep.replaySegment(e.stopCtx, segmentPath(e.dir, n)); err != nil {
			return fmt.Errorf("compact: %w", err)
		}
		rep.nextSeg = n + 1
	}
	next, err := rep.snapshot()
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	if err := e.stopCtx.Err(); err != nil {
		return err
	}
	if err := writeSnapshot(path, next); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	if fi, err := os.Stat(path); err == nil {
		e.wal.setSegmentLimit(fi.Size())
	}
	for _, n := range closed {
		if err := os.Remove(segmentPath(e.dir, n)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("compact: remove log segment: %w", err)
		}
	}
	return syncDir(e.dir)
}
