package store

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// snapshotVersion is the version of the snapshot file format: 2 added the clock and
// the log position; a version 1 snapshot is read as one taken at SavedAt with no log.
const snapshotVersion = 2

// snapshot is the embedded store's contents as its file keeps them (gob): every key
// of database 0 with its type, value and expiry, streams excepted, as of the log
// record LastLSN; the log segments from NextSegment on hold the writes since.
type snapshot struct {
	Version     int
	SavedAt     time.Time
	Clock       int64 // the store's clock (unix ns) that the expiries count from
	LastLSN     uint64
	NextSegment uint64
	Keys        []snapKey
}

// clock returns the store's clock at the snapshot (unix ns).
func (s *snapshot) clock() int64 {
	if s.Clock != 0 {
		return s.Clock
	}
	return s.SavedAt.UnixNano()
}

// snapKey is one key: Type says which of the value fields holds its value.
type snapKey struct {
	Key      string
	Type     string // string, hash, list, set, zset
	ExpireAt int64  // unix ms; 0 for no expiry
	Str      string
	Hash     map[string]string
	List     []string
	Set      []string
	ZSet     map[string]float64
}

// takeSnapshot reads every key of m, whose times to live count from clock (unix ns).
// Nothing may change m meanwhile: it is a compaction's private copy.
func takeSnapshot(m *miniredis.Miniredis, clock int64) (*snapshot, error) {
	now := time.Unix(0, clock)
	s := &snapshot{Version: snapshotVersion, SavedAt: time.Now(), Clock: clock}
	for _, k := range m.Keys() {
		sk := snapKey{Key: k, Type: m.Type(k)}
		if ttl := m.TTL(k); ttl > 0 {
			sk.ExpireAt = now.Add(ttl).UnixMilli()
		}
		var err error
		switch sk.Type {
		case "string":
			sk.Str, err = m.Get(k)
		case "hash":
			var fields []string
			if fields, err = m.HKeys(k); err == nil {
				sk.Hash = make(map[string]string, len(fields))
				for _, f := range fields {
					sk.Hash[f] = m.HGet(k, f)
				}
			}
		case "list":
			sk.List, err = m.List(k)
		case "set":
			sk.Set, err = m.Members(k)
		case "zset":
			sk.ZSet, err = m.SortedSet(k)
		case "stream":
			// Only the catalog's change stream: a restarted process has no search index
			// to bring up to date, it loads the catalog whole.
			continue
		default:
			err = fmt.Errorf("the embedded store cannot keep keys of type %s", sk.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot key %q: %w", k, err)
		}
		s.Keys = append(s.Keys, sk)
	}
	return s, nil
}

// restore writes s into m, leaving out the keys that expired by the snapshot's
// clock, and gives x the deadlines of the others.
func (s *snapshot) restore(m *miniredis.Miniredis, x *expiry) error {
	now := time.Unix(0, x.clock)
	for _, sk := range s.Keys {
		var ttl time.Duration
		if sk.ExpireAt > 0 {
			if ttl = time.UnixMilli(sk.ExpireAt).Sub(now); ttl <= 0 {
				continue
			}
		}
		var err error
		switch sk.Type {
		case "string":
			err = m.Set(sk.Key, sk.Str)
		case "hash":
			fv := make([]string, 0, 2*len(sk.Hash))
			for f, v := range sk.Hash {
				fv = append(fv, f, v)
			}
			m.HSet(sk.Key, fv...)
		case "list":
			_, err = m.Push(sk.Key, sk.List...)
		case "set":
			_, err = m.SetAdd(sk.Key, sk.Set...)
		case "zset":
			for member, score := range sk.ZSet {
				if _, err = m.ZAdd(sk.Key, score, member); err != nil {
					break
				}
			}
		default:
			err = fmt.Errorf("unknown type %q", sk.Type)
		}
		if err != nil {
			return fmt.Errorf("restore key %q: %w", sk.Key, err)
		}
		if ttl > 0 {
			m.SetTTL(sk.Key, ttl)
			x.set(sk.Key, x.clock+int64(ttl))
		}
	}
	return nil
}

// writeSnapshot writes s to path atomically: a temporary file in the same
// directory, synced, then renamed over path, and the directory synced.
func writeSnapshot(path string, s *snapshot) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename, there is nothing left to remove
	w := bufio.NewWriter(f)
	err = gob.NewEncoder(w).Encode(s)
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
		return fmt.Errorf("write snapshot %s: %w", path, err)
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

// readSnapshot reads the snapshot at path; nil when there is none yet.
func readSnapshot(path string) (*snapshot, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read snapshot: %w", err)
	}
	defer f.Close()
	s := new(snapshot)
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(s); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read snapshot %s: %w (move the file away to start empty)", path, err)
	}
	if s.Version > snapshotVersion {
		return nil, fmt.Errorf("read snapshot %s: format version %d is newer than this goalbot's %d", path, s.Version, snapshotVersion)
	}
	return s, nil
}
