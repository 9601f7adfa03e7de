package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/alicebob/miniredis/v2"
	"github.com/alicebob/miniredis/v2/server"
)

// errGap is a log whose records do not follow each other.
var errGap = errors.New("the log misses records")

// replica is a miniredis built from a snapshot and the log segments after it: the
// embedded store's server at start, and the private copy that a compaction builds
// and writes as the next snapshot.
type replica struct {
	m       *miniredis.Miniredis
	srv     *server.Server
	exp     *expiry
	scripts *scripts
	peer    *server.Peer
	out     bytes.Buffer
	w       *bufio.Writer
	last    uint64 // number of the last record applied
	nextSeg uint64 // the first segment not applied
}

// newReplica starts a miniredis without a listener and loads the snapshot of dir
// into it, if there is one.
func newReplica(dir string, sc *scripts) (*replica, error) {
	m := miniredis.NewMiniRedis()
	// Dial starts the server on in-memory connections only; its first connection is
	// not needed.
	c, err := m.Dial()
	if err != nil {
		return nil, fmt.Errorf("start the embedded server: %w", err)
	}
	c.Close()
	r := &replica{m: m, srv: m.Server(), scripts: sc, exp: newExpiry(m, 0)}
	r.w = bufio.NewWriter(&r.out)
	r.peer = server.NewPeer(r.w)
	r.srv.SetPreHook(r.exp.preHook)
	h, err := loadSnapshot(dir, m, r.exp)
	if err != nil {
		m.Close()
		return nil, err
	}
	r.last, r.nextSeg = h.lastLSN, max(h.nextSegment, 1)
	return r, nil
}

// preHook runs before every command of a server, those of scripts included: it
// refuses what the embedded store cannot keep and notes the keys that may get a
// time to live.
func (x *expiry) preHook(c *server.Peer, cmd string, args ...string) bool {
	if why := refusal(cmd, args); why != "" {
		c.WriteError(strings.TrimSuffix(strings.TrimPrefix(string(refusedReply(cmd, why)), "-"), "\r\n"))
		return true
	}
	x.track(cmd, args)
	return false
}

// replaySegment applies the records of a segment file. It returns the size of the
// records it applied, and errTorn (wrapped) when a record is cut short or damaged.
func (r *replica) replaySegment(ctx context.Context, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("replay log: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var valid int64
	for {
		if err := ctx.Err(); err != nil {
			return valid, err
		}
		rec, n, err := readRecord(br)
		if errors.Is(err, io.EOF) {
			return valid, nil
		}
		if err != nil {
			return valid, fmt.Errorf("replay log segment %s at byte %d: %w", path, valid, err)
		}
		if err := r.apply(rec); err != nil {
			return valid, fmt.Errorf("replay log segment %s at byte %d: %w", path, valid, err)
		}
		valid += n
	}
}

// apply runs one record as the store ran it: at its clock, with the times to live
// set before a command that reads them, with the random source seeded as it was.
func (r *replica) apply(rec record) error {
	if rec.lsn != r.last+1 {
		return fmt.Errorf("record %d follows record %d: %w", rec.lsn, r.last, errGap)
	}
	for _, cmd := range rec.cmds {
		r.scripts.sha(strings.ToUpper(cmd[0]), cmd[1:])
	}
	r.exp.advance(rec.clock)
	if r.scripts.ttlSensitive(rec.cmds) {
		r.exp.sync()
	}
	if needsSeed(rec.cmds) {
		r.m.Seed(int(rec.lsn))
	}
	for _, cmd := range rec.cmds {
		r.srv.Dispatch(r.peer, cmd)
	}
	r.peer.Flush()
	r.out.Reset() // the replies were those the writes got
	r.exp.settle()
	r.last = rec.lsn
	return nil
}

// writeSnapshot writes the replica, which nothing else changes, as the snapshot of
// dir, and returns how many keys it holds; it gives up when ctx ends.
func (r *replica) writeSnapshot(ctx context.Context, dir string) (int, error) {
	r.exp.sync()
	return writeSnapshot(ctx, filepath.Join(dir, snapshotFile), r.m,
		snapshotHeader{clock: r.exp.clock, lastLSN: r.last, nextSegment: r.nextSeg})
}

func (r *replica) close() { r.m.Close() }
