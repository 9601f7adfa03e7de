package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The embedded store's log is a run of segment files, wal-<n>.log, each a sequence of
// records (wal_record.go). Writes append to the newest segment; once it holds
// segmentLimit bytes the next record starts a new one, and the closed segments are
// compacted into the snapshot in the background (compact.go).

const (
	walPrefix = "wal-"
	walSuffix = ".log"
	// minSegment is the smallest size at which a segment is closed; a larger store
	// closes its segments at about its snapshot's size, so that the log never holds
	// much more than the store.
	minSegment = 4 << 20
)

// segmentPath is the path of segment n in dir.
func segmentPath(dir string, n uint64) string {
	return filepath.Join(dir, fmt.Sprintf("%s%010d%s", walPrefix, n, walSuffix))
}

// listSegments returns the numbers of the segments in dir, in order.
func listSegments(dir string) ([]uint64, error) {
	names, err := filepath.Glob(filepath.Join(dir, walPrefix+"*"+walSuffix))
	if err != nil {
		return nil, fmt.Errorf("list log segments: %w", err)
	}
	var segs []uint64
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(name), walPrefix), walSuffix)
		n, err := strconv.ParseUint(base, 10, 64)
		if err != nil {
			continue // not one of ours
		}
		segs = append(segs, n)
	}
	slices.Sort(segs)
	return segs, nil
}

// wal appends records and makes them durable: a syncer goroutine writes what was
// appended since its last round and syncs it, so that writers that append while a
// sync runs share the next one (group commit). append is called by one goroutine
// at a time (the store's writer lock); the others may be called by any.
type wal struct {
	dir           string
	mu            sync.Mutex           // guards what follows, up to durable
	syncFile      func(*os.File) error // (*os.File).Sync; tests make the disk fail or hang
	cond          *sync.Cond           // durable or err changed, under mu
	pending       []byte               // records appended and not yet taken by the syncer
	cuts          []cut                // where in pending new segments start
	last          uint64               // number of the last record appended
	pendingSince  time.Time            // when the oldest record of pending was appended
	inflightSince time.Time            // the same, for the records the syncer writes now
	closing       bool
	seg           uint64          // segment that the next record goes to
	segBytes      int64           // bytes appended to seg
	segLimit      int64           // size at which seg is closed
	loaded        map[string]bool // scripts that records of seg load

	durable atomic.Uint64         // number of the last record on disk
	err     atomic.Pointer[error] // the first write or sync that failed; sticky

	file   *os.File // owned by the syncer
	kick   chan struct{}
	closed chan struct{} // a segment was closed (for the compactor)
	done   chan struct{}
}

// cut is where a new segment starts in the pending bytes.
type cut struct {
	offset int
	seg    uint64
}

// openWAL starts a new segment seg in dir after the record last, and the syncer.
func openWAL(dir string, seg, last uint64, segLimit int64) (*wal, error) {
	f, err := createSegment(dir, seg)
	if err != nil {
		return nil, err
	}
	w := &wal{dir: dir, syncFile: (*os.File).Sync, last: last, seg: seg, segLimit: segLimit,
		loaded: map[string]bool{}, file: f,
		kick: make(chan struct{}, 1), closed: make(chan struct{}, 1), done: make(chan struct{})}
	w.cond = sync.NewCond(&w.mu)
	w.durable.Store(last)
	go w.syncLoop()
	return w, nil
}

// createSegment creates segment n and makes its name durable.
func createSegment(dir string, n uint64) (*os.File, error) {
	f, err := os.OpenFile(segmentPath(dir, n), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create log segment: %w", err)
	}
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, fmt.Errorf("create log segment %s: %w", f.Name(), err)
	}
	return f, nil
}

// next returns the number that the next record appended gets.
func (w *wal) next() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last + 1
}

// failed returns the error that stopped the log, or nil.
func (w *wal) failed() error {
	if err := w.err.Load(); err != nil {
		return *err
	}
	return nil
}

// append adds a record of cmds run at clock and returns its number; waitDurable
// tells when it is on disk. script returns the body of a script by its SHA1, for the
// first EVALSHA of each segment.
func (w *wal) append(clock int64, cmds [][]string, script func(sha string) string) uint64 {
	w.mu.Lock()
	if w.segBytes >= w.segLimit {
		w.seg++
		w.cuts = append(w.cuts, cut{offset: len(w.pending), seg: w.seg})
		w.segBytes = 0
		clear(w.loaded)
	}
	w.last++
	before := len(w.pending)
	w.pending = appendRecord(w.pending, record{lsn: w.last, clock: clock, cmds: w.withScripts(cmds, script)})
	w.segBytes += int64(len(w.pending) - before)
	if w.pendingSince.IsZero() {
		w.pendingSince = time.Now()
	}
	lsn := w.last
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
	return lsn
}

// withScripts puts a SCRIPT LOAD before each EVALSHA whose script no earlier record
// of the segment loads, so that each segment replays on its own.
func (w *wal) withScripts(cmds [][]string, script func(sha string) string) [][]string {
	var out [][]string
	for i, cmd := range cmds {
		name := strings.ToUpper(cmd[0])
		switch {
		case name == "EVALSHA" && len(cmd) > 1:
			sha := strings.ToLower(cmd[1])
			if w.loaded[sha] {
				break
			}
			if body := script(sha); body != "" {
				if out == nil {
					out = slices.Clone(cmds[:i])
				}
				out = append(out, []string{"SCRIPT", "LOAD", body})
				w.loaded[sha] = true
			}
		case name == "EVAL" && len(cmd) > 1:
			w.loaded[scriptSHA(cmd[1])] = true
		}
		if out != nil {
			out = append(out, cmd)
		}
	}
	if out == nil {
		return cmds
	}
	return out
}

// waitDurable waits until record lsn is on disk, or the log failed.
func (w *wal) waitDurable(lsn uint64) error {
	if w.durable.Load() >= lsn {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.durable.Load() < lsn && w.failed() == nil {
		w.cond.Wait()
	}
	if w.durable.Load() >= lsn {
		return nil
	}
	return w.failed()
}

// stalled returns how long the oldest record not yet on disk has waited.
func (w *wal) stalled(now time.Time) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	oldest := w.inflightSince
	if oldest.IsZero() {
		oldest = w.pendingSince
	}
	if oldest.IsZero() {
		return 0
	}
	return now.Sub(oldest)
}

// setSegmentLimit sets the size at which segments are closed.
func (w *wal) setSegmentLimit(n int64) {
	w.mu.Lock()
	w.segLimit = max(n, minSegment)
	w.mu.Unlock()
}

// current returns the segment that records are appended to.
func (w *wal) current() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seg
}

// syncLoop writes and syncs what was appended, round after round, until close.
func (w *wal) syncLoop() {
	defer close(w.done)
	for {
		<-w.kick
		w.mu.Lock()
		buf, cuts, last, closing, syncFile := w.pending, w.cuts, w.last, w.closing, w.syncFile
		w.pending, w.cuts = nil, nil
		w.inflightSince, w.pendingSince = w.pendingSince, time.Time{}
		failed := w.failed() != nil
		w.mu.Unlock()
		var err error
		if !failed && (len(buf) > 0 || len(cuts) > 0) {
			err = w.write(buf, cuts, syncFile)
		}
		w.mu.Lock()
		w.inflightSince = time.Time{}
		if err != nil {
			w.err.CompareAndSwap(nil, &err)
		}
		if w.failed() == nil {
			w.durable.Store(last)
		}
		w.cond.Broadcast()
		w.mu.Unlock()
		if closing {
			if w.file != nil {
				_ = w.file.Close()
			}
			return
		}
	}
}

// write writes buf to the segments, starting new ones at cuts, and syncs each.
func (w *wal) write(buf []byte, cuts []cut, syncFile func(*os.File) error) error {
	off := 0
	for _, c := range cuts {
		if err := w.writeFile(buf[off:c.offset], syncFile); err != nil {
			return err
		}
		if err := w.file.Close(); err != nil {
			return fmt.Errorf("close log segment: %w", err)
		}
		f, err := createSegment(w.dir, c.seg)
		if err != nil {
			w.file = nil
			return err
		}
		w.file = f
		off = c.offset
		select {
		case w.closed <- struct{}{}:
		default:
		}
	}
	return w.writeFile(buf[off:], syncFile)
}

// writeFile appends b to the current segment and syncs it.
func (w *wal) writeFile(b []byte, syncFile func(*os.File) error) error {
	if len(b) > 0 {
		if _, err := w.file.Write(b); err != nil {
			return fmt.Errorf("write log segment %s: %w", w.file.Name(), err)
		}
	}
	if err := syncFile(w.file); err != nil {
		return fmt.Errorf("sync log segment %s: %w", w.file.Name(), err)
	}
	return nil
}

// close writes what is pending, syncs it and stops the syncer.
func (w *wal) close() error {
	w.mu.Lock()
	w.closing = true
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
	<-w.done
	return w.failed()
}
