package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Files of the embedded store's data directory.
const (
	snapshotFile = "store.gob"
	lockFile     = "goalbot.lock"
)

// flushEvery is how often the embedded store checks for changes to write; a change
// reaches the disk within about this long (well within SPEC's one second).
const flushEvery = 200 * time.Millisecond

// embedded is the store used without REDIS_URL: an in-process miniredis whose
// contents are written to a file in the data directory shortly after every change,
// and read back at start. The directory is locked (flock) while a process holds it.
type embedded struct {
	m      *miniredis.Miniredis
	client *redis.Client
	dir    string
	lock   *os.File
	log    *slog.Logger

	// mu is held shared by every command and alone by a snapshot, so that a
	// snapshot sees no command half-way.
	mu    sync.RWMutex
	dirty atomic.Bool

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// openEmbedded locks dir, starts the embedded server with the contents kept there,
// and starts writing changes back.
func openEmbedded(dir string, log *slog.Logger) (*embedded, error) {
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
	e := &embedded{dir: dir, lock: lock, log: log, stop: make(chan struct{}), done: make(chan struct{})}
	if err := e.start(); err != nil {
		return nil, errors.Join(err, unlockDir(lock))
	}
	go e.flushLoop()
	log.Info("using the embedded store: this mode is for trying goalbot on one machine; set REDIS_URL to run it for a team",
		"data_dir", dir, "keys", len(e.m.Keys()))
	return e, nil
}

// start loads the snapshot into a new miniredis and connects a client to it.
func (e *embedded) start() error {
	snap, err := readSnapshot(filepath.Join(e.dir, snapshotFile))
	if err != nil {
		return fmt.Errorf("open embedded store: %w", err)
	}
	e.m = miniredis.NewMiniRedis()
	e.m.ClockTTL(true)
	if err := e.m.Start(); err != nil {
		return fmt.Errorf("open embedded store: start: %w", err)
	}
	if snap != nil {
		if err := snap.restore(e.m, time.Now()); err != nil {
			e.m.Close()
			return fmt.Errorf("open embedded store: %w", err)
		}
	}
	e.client = redis.NewClient(&redis.Options{Addr: e.m.Addr(), DisableIdentity: true})
	e.client.AddHook(e)
	return nil
}

// DialHook implements redis.Hook.
func (e *embedded) DialHook(next redis.DialHook) redis.DialHook { return next }

// lockHeld marks the context of a command that holds the shared lock. go-redis runs
// the commands that set up a new connection (HELLO) through the hooks again, inside
// the command that needed the connection and with its context; taking the read lock
// a second time there would deadlock whenever a snapshot is waiting for the lock
// (a sync.RWMutex lets no new reader in past a waiting writer).
type lockHeld struct{}

// shared takes the shared lock for a command unless ctx already holds it; it returns
// the context to run the command with and the function that releases the lock.
func (e *embedded) shared(ctx context.Context) (context.Context, func()) {
	if ctx.Value(lockHeld{}) != nil {
		return ctx, func() {}
	}
	e.mu.RLock()
	return context.WithValue(ctx, lockHeld{}, true), e.mu.RUnlock
}

// ProcessHook implements redis.Hook: a command runs under the shared lock and marks
// the store changed unless it only reads.
func (e *embedded) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		ctx, unlock := e.shared(ctx)
		defer unlock()
		err := next(ctx, cmd)
		e.noteChange(cmd)
		return err
	}
}

// ProcessPipelineHook implements redis.Hook as ProcessHook does, for a pipeline.
func (e *embedded) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		ctx, unlock := e.shared(ctx)
		defer unlock()
		err := next(ctx, cmds)
		for _, c := range cmds {
			e.noteChange(c)
		}
		return err
	}
}

// noteChange marks the store changed when cmd may write. The list script writes
// only temporaries that it deletes before it returns, so it changes nothing.
func (e *embedded) noteChange(cmd redis.Cmder) {
	name, args := strings.ToUpper(cmd.Name()), cmd.Args()
	if len(args) > 1 && (name == "EVALSHA" && args[1] == listGoalsScript.Hash() || name == "EVAL" && args[1] == listGoalsLua) {
		return
	}
	if !e.m.IsReadOnlyCommand(name) {
		e.dirty.Store(true)
	}
}

// flushLoop writes the store whenever it changed, until Close.
func (e *embedded) flushLoop() {
	defer close(e.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			if err := e.flush(); err != nil {
				e.log.Error("write the embedded store", "data_dir", e.dir, "err", err)
			}
		}
	}
}

// flush writes a snapshot if anything changed since the last one.
func (e *embedded) flush() error {
	if !e.dirty.Load() {
		return nil
	}
	e.mu.Lock()
	e.dirty.Store(false)
	snap, err := takeSnapshot(e.m, time.Now())
	e.mu.Unlock()
	if err == nil {
		err = writeSnapshot(filepath.Join(e.dir, snapshotFile), snap)
	}
	if err != nil {
		e.dirty.Store(true) // try again at the next tick
	}
	return err
}

// Close writes the last changes, stops the server and releases the directory.
func (e *embedded) Close() error {
	e.closeOnce.Do(func() {
		close(e.stop)
		<-e.done
		e.closeErr = errors.Join(e.flush(), e.client.Close())
		e.m.Close()
		e.closeErr = errors.Join(e.closeErr, unlockDir(e.lock))
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
