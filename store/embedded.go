package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/alicebob/miniredis/v2/server"
	"github.com/redis/go-redis/v9"
)

// The embedded server (embedded*.go), used without REDIS_URL.
//
// The client reaches miniredis over in-memory pipes: there is no network listener.
// Each connection is served by a session of the store's own (embedded_conn.go) that
// runs each command on miniredis. Writes run one at a time, in the order an
// append-only log records them (embedded_wal.go, embedded_wal_record.go: length, CRC-32C, the commands,
// the store's clock); a write's reply goes out only once its record is synced, and
// writes that arrive while a sync runs share the next one (group commit). Reads run
// beside the writes and wait for nothing but the earlier writes of their connection.
// A transaction is logged at its EXEC, with its queued commands, unless WATCH aborted
// it; a script by its body (an EVALSHA's body once per log segment, as a SCRIPT LOAD);
// a write that failed is not logged, a script that failed half-way is (its replay
// fails the same way). Commands that draw from the random source (SPOP, scripts) run
// with it seeded by the record's number, and time runs on the store's clock, which
// the log records: a replay does what the writes did. Times to live run from
// deadlines on that clock (embedded_expiry.go), not from miniredis's clock, which walks every
// key on every command. Commands the store cannot keep are refused with a message:
// blocking ones, pub/sub, other databases, field expiry.
//
// At start the snapshot (embedded_snapshot.go) is loaded and the log segments after it
// replayed; a record cut short at the end of the last one was never acknowledged and
// is dropped, damage anywhere else stops the start. When a segment fills (at about the
// snapshot's size, at least 4 MiB) a compaction (embedded_compact.go) folds the closed segments
// into a new snapshot, built from the old one and the segments on a private copy, in a
// child process when Options.Compactor says so (goalbot does), so that no lock and no
// garbage collection of the server's waits for it. Once a sync fails the store
// answers every command with an error saying to restart: what it holds in memory is
// then more than what is on disk. Live reports a store whose log, writes or answers
// stopped moving, for /healthz.

// lockFile is the file of the data directory that a process holds (flock); the
// others are the snapshot (embedded_snapshot.go) and the log segments (embedded_wal.go).
const lockFile = "goalbot.lock"

const (
	// tickEvery is how often the embedded store's clock moves when nothing writes, and
	// so how late at most a key expires.
	tickEvery = 50 * time.Millisecond
	// probeEvery is how often the embedded store checks that it answers, and
	// probeTimeout how long a check waits.
	probeEvery   = time.Second
	probeTimeout = 5 * time.Second
	// stuckAfter is how long a part of the embedded store may stop moving before Live
	// reports it stuck.
	stuckAfter = 10 * time.Second
)

// embedded is the store used without REDIS_URL: an in-process miniredis, served to
// its go-redis client over in-memory connections (no network listener), whose every
// write is in an append-only log on disk before its reply goes out. The log is
// replayed at start and compacted into a snapshot in the background. The directory
// is locked (flock) while a process holds it.
//
// Writes run one at a time under order, so that the log holds them in the order they
// ran; reads run beside them. No lock is held while waiting for the disk: a write's
// reply waits for its record in the session that sends it (embedded_conn.go).
type embedded struct {
	m       *miniredis.Miniredis
	srv     *server.Server
	client  *redis.Client
	dir     string
	lock    *os.File
	log     *slog.Logger
	scripts *scripts
	exp     *expiry // under order
	wal     *wal
	now     func() time.Time

	order sync.Mutex

	compactor   Compactor
	compactMu   sync.Mutex  // one compaction at a time
	compacting  atomic.Bool // a compaction runs (benchmarks)
	compactions atomic.Int64

	stuckAfter time.Duration // read by live only, so tests may change it
	lastTick   atomic.Int64  // unix ns: the ticker took order then
	lastProbe  atomic.Int64  // unix ns: the client's last probe was answered then

	sessMu    sync.Mutex // guards closed and sessions.Add
	closed    bool
	sessions  sync.WaitGroup
	workers   sync.WaitGroup
	stop      chan struct{}
	stopCtx   context.Context
	cancel    context.CancelFunc
	closeOnce sync.Once
	closeErr  error
}

// openEmbedded locks dir, loads the snapshot and replays the log kept there, and
// starts serving; compactor runs its compactions (CompactDir when nil). The scripts
// in transient change nothing that lasts: they are run as reads and not logged.
func openEmbedded(dir string, log *slog.Logger, compactor Compactor, transient ...string) (*embedded, error) {
	if dir == "" {
		dir = DefaultDataDir
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open embedded store: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	if compactor == nil {
		compactor = CompactDir
	}
	e := &embedded{dir: dir, lock: lock, log: log, scripts: newScripts(transient...), now: time.Now,
		stuckAfter: stuckAfter, stop: make(chan struct{}), compactor: compactor}
	e.stopCtx, e.cancel = context.WithCancel(context.Background())
	if err := e.start(); err != nil {
		e.cancel()
		return nil, errors.Join(fmt.Errorf("open embedded store in %s: %w", dir, err), unlockDir(lock))
	}
	log.Info("using the embedded store: this mode is for trying goalbot on one machine; set REDIS_URL to run it for a team",
		"data_dir", dir, "keys", len(e.m.Keys()))
	return e, nil
}

// start loads the store, opens a new log segment and starts the client, the clock,
// the probe and the compactor.
func (e *embedded) start() error {
	if err := removeTemps(e.dir); err != nil {
		return err
	}
	rep, err := e.load()
	if err != nil {
		return err
	}
	e.m, e.srv, e.exp = rep.m, rep.srv, rep.exp
	limit := int64(minSegment)
	if fi, err := os.Stat(filepath.Join(e.dir, snapshotFile)); err == nil {
		limit = fi.Size()
	}
	if e.wal, err = openWAL(e.dir, rep.nextSeg, rep.last, max(limit, minSegment)); err != nil {
		rep.close()
		return err
	}
	e.client = redis.NewClient(&redis.Options{Addr: "embedded", Dialer: e.dial, DisableIdentity: true})
	now := e.now().UnixNano()
	e.lastTick.Store(now)
	e.lastProbe.Store(now)
	e.workers.Add(3)
	go e.every(tickEvery, e.tick)
	go e.every(probeEvery, e.probe)
	go e.compactLoop(rep.nextSeg)
	return nil
}

// load builds the server from the snapshot and the log segments after it. Segments
// that the snapshot holds are left over from a compaction cut short, and removed; a
// record cut short at the end of the last segment is a write that was never
// acknowledged, and is dropped.
func (e *embedded) load() (*replica, error) {
	rep, err := newReplica(e.dir, e.scripts)
	if err != nil {
		return nil, err
	}
	segs, err := listSegments(e.dir)
	if err != nil {
		rep.close()
		return nil, err
	}
	for i, n := range segs {
		path := segmentPath(e.dir, n)
		if n < rep.nextSeg {
			if err := os.Remove(path); err != nil {
				rep.close()
				return nil, fmt.Errorf("remove compacted log segment: %w", err)
			}
			continue
		}
		valid, err := rep.replaySegment(context.Background(), path)
		if errors.Is(err, errTorn) && i == len(segs)-1 {
			err = e.dropTornTail(path, valid)
		} else if errors.Is(err, errTorn) || errors.Is(err, errGap) {
			err = fmt.Errorf("%w; the log is damaged before its end: restore %s from a backup, or move %s and the segments after it out of the directory to start from the changes before it (those after are lost)",
				err, e.dir, filepath.Base(path))
		}
		if err != nil {
			rep.close()
			return nil, err
		}
		rep.nextSeg = n + 1
	}
	rep.exp.advance(e.now().UnixNano()) // what expired while the store was closed
	return rep, nil
}

// dropTornTail cuts the last segment after its last whole record.
func (e *embedded) dropTornTail(path string, valid int64) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("drop torn log record: %w", err)
	}
	e.log.Warn("the embedded store's log ends in a record cut short (the process stopped while writing it, before acknowledging it): dropping it",
		"segment", path, "kept_bytes", valid, "dropped_bytes", fi.Size()-valid)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("drop torn log record: %w", err)
	}
	err = f.Truncate(valid)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// removeTemps removes the temporary files of snapshots that a stopped process left.
func removeTemps(dir string) error {
	temps, err := filepath.Glob(filepath.Join(dir, snapshotFile+".tmp*"))
	if err != nil {
		return fmt.Errorf("remove temporary files: %w", err)
	}
	for _, t := range temps {
		if err := os.Remove(t); err != nil {
			return fmt.Errorf("remove temporary file: %w", err)
		}
	}
	return nil
}

// dial connects the client to the server over an in-memory pipe.
func (e *embedded) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	e.sessMu.Lock()
	defer e.sessMu.Unlock()
	if e.closed {
		return nil, errors.New("the embedded store is closed")
	}
	c, s := net.Pipe()
	e.sessions.Go(func() { e.serve(s) })
	return c, nil
}

// every runs f every d until Close.
func (e *embedded) every(d time.Duration, f func()) {
	defer e.workers.Done()
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			f()
		}
	}
}

// tick moves the clock, expiring keys.
func (e *embedded) tick() {
	e.order.Lock()
	now := e.now().UnixNano()
	e.exp.advance(now)
	e.order.Unlock()
	e.lastTick.Store(now)
}

// probe checks that the client is answered.
func (e *embedded) probe() {
	ctx, cancel := context.WithTimeout(e.stopCtx, probeTimeout)
	defer cancel()
	if e.client.Ping(ctx).Err() == nil {
		e.lastProbe.Store(e.now().UnixNano())
	}
}

// live returns an error when a part of the store stopped moving: the log failed or
// waits for the disk, writes wait for each other, or the client is not answered.
func (e *embedded) live() error {
	now := e.now()
	select {
	case <-e.stop:
		return errors.New("the embedded store is closed")
	default:
	}
	if err := e.wal.failed(); err != nil {
		return fmt.Errorf("the embedded store cannot write its log: %w", err)
	}
	if d := e.wal.stalled(now); d > e.stuckAfter {
		return fmt.Errorf("the embedded store has waited %s for the disk to keep a write", d.Round(time.Second))
	}
	if d := now.Sub(time.Unix(0, e.lastTick.Load())); d > e.stuckAfter {
		return fmt.Errorf("the embedded store's writes have been blocked for %s", d.Round(time.Second))
	}
	if d := now.Sub(time.Unix(0, e.lastProbe.Load())); d > e.stuckAfter {
		return fmt.Errorf("the embedded store has not answered for %s", d.Round(time.Second))
	}
	return nil
}

// Close stops serving, writes what the log holds to disk, stops the server and
// releases the directory.
func (e *embedded) Close() error {
	e.closeOnce.Do(func() {
		close(e.stop)
		e.cancel()
		e.workers.Wait()
		err := e.client.Close()
		if errors.Is(err, redis.ErrClosed) {
			err = nil // closed by its user first
		}
		e.sessMu.Lock()
		e.closed = true
		e.sessMu.Unlock()
		e.sessions.Wait()
		err = errors.Join(err, e.wal.close())
		e.m.Close()
		e.closeErr = errors.Join(err, unlockDir(e.lock))
		if e.closeErr != nil {
			e.closeErr = fmt.Errorf("close embedded store in %s: %w", e.dir, e.closeErr)
		}
	})
	return e.closeErr
}

// lockDir takes the exclusive lock of dir, or says which process holds it.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock data directory %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("the data directory %s is in use by another goalbot process (pid %s): stop that one first, or set GOALBOT_DATA_DIR to another directory, or set REDIS_URL so that several processes share one Redis",
				dir, strings.TrimSpace(string(holder)))
		}
		return nil, fmt.Errorf("lock data directory %s: %w", dir, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// unlockDir releases a lock taken by lockDir.
func unlockDir(f *os.File) error {
	return errors.Join(syscall.Flock(int(f.Fd()), syscall.LOCK_UN), f.Close())
}
