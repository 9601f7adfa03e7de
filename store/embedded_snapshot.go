package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// The snapshot (store.snap) is the whole store as of one log record, as records
// (wal_record.go): a header (the record number LastLSN and clock of the store, the
// first segment it does not hold), one record per key with the command that makes it
// (SET, HSET, RPUSH, SADD or ZADD) and its expiry (PEXPIREAT on the store's clock),
// then an end record with the number of keys. Streams are left out: the only one is
// the catalog's change stream, and a restarted process loads the catalog whole. It
// is written and read a key at a time, so it never sits whole in memory.
//
// A store written before the log has a gob snapshot, store.gob, read once and
// replaced by the first compaction.

const (
	snapshotFile    = "store.snap"
	oldSnapshotFile = "store.gob"
	snapshotVersion = "3"
)

// snapshotHeader is what a snapshot says of itself.
type snapshotHeader struct {
	clock       int64  // the store's clock (unix ns) that the expiries count from
	lastLSN     uint64 // the last log record it holds
	nextSegment uint64 // the first log segment it does not hold
}

// writeSnapshot writes m's contents, whose times to live count from h.clock, to path
// atomically: a temporary file in the same directory, synced, then renamed over path,
// and the directory synced. Nothing may change m meanwhile. It returns how many keys
// it wrote.
func writeSnapshot(ctx context.Context, path string, m *miniredis.Miniredis, h snapshotHeader) (int, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return 0, fmt.Errorf("write snapshot: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename, there is nothing left to remove
	w := bufio.NewWriterSize(f, 1<<20)
	n, err := encodeSnapshot(ctx, w, m, h)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return 0, fmt.Errorf("write snapshot %s: %w", path, err)
	}
	return n, nil
}

// encodeSnapshot writes the header, a record per key and the end record to w, until
// ctx ends.
func encodeSnapshot(ctx context.Context, w io.Writer, m *miniredis.Miniredis, h snapshotHeader) (int, error) {
	buf := appendRecord(nil, record{lsn: h.lastLSN, clock: h.clock,
		cmds: [][]string{{"SNAPSHOT", snapshotVersion, strconv.FormatUint(h.nextSegment, 10)}}})
	n := 0
	for _, k := range m.Keys() {
		cmds, err := keyCommands(m, k, h.clock)
		if err != nil {
			return 0, err
		}
		if cmds == nil {
			continue
		}
		buf = appendRecord(buf, record{cmds: cmds})
		n++
		if len(buf) >= 64<<10 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			if _, err := w.Write(buf); err != nil {
				return 0, err
			}
			buf = buf[:0]
		}
	}
	buf = appendRecord(buf, record{cmds: [][]string{{"END", strconv.Itoa(n)}}})
	_, err := w.Write(buf)
	return n, err
}

// keyCommands returns the commands that make key k as m holds it, with its expiry on
// clock; nil for a stream.
func keyCommands(m *miniredis.Miniredis, k string, clock int64) ([][]string, error) {
	var cmd []string
	var err error
	switch t := m.Type(k); t {
	case "string":
		var v string
		v, err = m.Get(k)
		cmd = []string{"SET", k, v}
	case "hash":
		var fields []string
		fields, err = m.HKeys(k)
		cmd = append(cmd, "HSET", k)
		for _, f := range fields {
			cmd = append(cmd, f, m.HGet(k, f))
		}
	case "list":
		var l []string
		l, err = m.List(k)
		cmd = append([]string{"RPUSH", k}, l...)
	case "set":
		var s []string
		s, err = m.Members(k)
		cmd = append([]string{"SADD", k}, s...)
	case "zset":
		var z map[string]float64
		z, err = m.SortedSet(k)
		cmd = append(cmd, "ZADD", k)
		for _, member := range slices.Sorted(mapKeys(z)) {
			cmd = append(cmd, strconv.FormatFloat(z[member], 'g', -1, 64), member)
		}
	case "stream":
		return nil, nil
	default:
		err = fmt.Errorf("the embedded store cannot keep keys of type %q", t)
	}
	if err != nil {
		return nil, fmt.Errorf("snapshot key %q: %w", k, err)
	}
	cmds := [][]string{cmd}
	if ttl := m.TTL(k); ttl > 0 {
		cmds = append(cmds, []string{"PEXPIREAT", k, strconv.FormatInt(time.Unix(0, clock).Add(ttl).UnixMilli(), 10)})
	}
	return cmds, nil
}

// mapKeys iterates over the keys of a map.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// loadSnapshot loads the snapshot of dir, if any, into m and gives x its clock and
// the keys' deadlines. It returns the snapshot's header (zero without one).
func loadSnapshot(dir string, m *miniredis.Miniredis, x *expiry) (snapshotHeader, error) {
	path := filepath.Join(dir, snapshotFile)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return loadOldSnapshot(filepath.Join(dir, oldSnapshotFile), m, x)
	}
	if err != nil {
		return snapshotHeader{}, fmt.Errorf("read snapshot: %w", err)
	}
	defer f.Close()
	h, err := decodeSnapshot(bufio.NewReaderSize(f, 1<<20), m, x)
	if err != nil {
		return snapshotHeader{}, fmt.Errorf("read snapshot %s: %w (the log segments since the last snapshot are kept; move the file away only to start from them alone)", path, err)
	}
	return h, nil
}

// decodeSnapshot reads a snapshot's records into m and x.
func decodeSnapshot(r *bufio.Reader, m *miniredis.Miniredis, x *expiry) (snapshotHeader, error) {
	head, _, err := readRecord(r)
	if err != nil {
		return snapshotHeader{}, fmt.Errorf("header: %w", err)
	}
	if c := head.cmds; len(c) != 1 || len(c[0]) != 3 || c[0][0] != "SNAPSHOT" {
		return snapshotHeader{}, errors.New("not a goalbot snapshot")
	} else if c[0][1] != snapshotVersion {
		return snapshotHeader{}, fmt.Errorf("format version %s, this goalbot reads %s", c[0][1], snapshotVersion)
	}
	next, err := strconv.ParseUint(head.cmds[0][2], 10, 64)
	if err != nil {
		return snapshotHeader{}, fmt.Errorf("header: %w", err)
	}
	h := snapshotHeader{clock: head.clock, lastLSN: head.lsn, nextSegment: next}
	x.setClock(h.clock)
	for n := 0; ; n++ {
		rec, _, err := readRecord(r)
		if err != nil {
			return snapshotHeader{}, fmt.Errorf("key %d: %w", n+1, err)
		}
		if c := rec.cmds[0]; c[0] == "END" {
			if len(c) != 2 || c[1] != strconv.Itoa(n) {
				return snapshotHeader{}, fmt.Errorf("the end record says %v keys, %d were read", c[1:], n)
			}
			return h, nil
		}
		if err := restoreKey(m, x, rec.cmds); err != nil {
			return snapshotHeader{}, err
		}
	}
}

// restoreKey makes a key from its snapshot commands, unless it expired by x's clock.
func restoreKey(m *miniredis.Miniredis, x *expiry, cmds [][]string) error {
	c := cmds[0]
	if len(c) < 2 {
		return fmt.Errorf("a key record without a key: %q", c)
	}
	k := c[1]
	var ttl time.Duration
	if len(cmds) > 1 {
		at, err := strconv.ParseInt(cmds[1][2], 10, 64)
		if err != nil {
			return fmt.Errorf("key %q: expiry %q: %w", k, cmds[1][2], err)
		}
		if ttl = time.UnixMilli(at).Sub(time.Unix(0, x.clock)); ttl <= 0 {
			return nil
		}
	}
	var err error
	switch c[0] {
	case "SET":
		err = m.Set(k, c[2])
	case "HSET":
		m.HSet(k, c[2:]...)
	case "RPUSH":
		_, err = m.Push(k, c[2:]...)
	case "SADD":
		_, err = m.SetAdd(k, c[2:]...)
	case "ZADD":
		for i := 2; i+1 < len(c) && err == nil; i += 2 {
			var score float64
			if score, err = strconv.ParseFloat(c[i], 64); err == nil {
				_, err = m.ZAdd(k, score, c[i+1])
			}
		}
	default:
		err = fmt.Errorf("unknown command %q", c[0])
	}
	if err != nil {
		return fmt.Errorf("restore key %q: %w", k, err)
	}
	if ttl > 0 {
		m.SetTTL(k, ttl)
		x.set(k, x.clock+int64(ttl))
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
