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

// snapshotVersion is the version of the snapshot file format.
const snapshotVersion = 1

// snapshot is the embedded store's contents as its file keeps them (gob): every key
// of database 0 with its type, value and expiry, streams excepted.
type snapshot struct {
	Version int
	SavedAt time.Time
	Keys    []snapKey
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

// takeSnapshot reads every key of m at now. Commands may run meanwhile (the embedded
// server keeps serving): each key is read whole under miniredis's lock, so a snapshot
// holds every key as it was at some instant of the snapshot.
func takeSnapshot(m *miniredis.Miniredis, now time.Time) (*snapshot, error) {
	s := &snapshot{Version: snapshotVersion, SavedAt: now}
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
			var l []string
			if l, err = m.List(k); err == nil {
				// miniredis hands out its own slice: copy it under its lock, so that
				// commands running meanwhile cannot change it as it is read.
				m.Lock()
				sk.List = append([]string(nil), l...)
				m.Unlock()
			}
		case "set":
			sk.Set, err = m.Members(k)
		case "zset":
			var z map[string]float64
			if z, err = m.SortedSet(k); err == nil {
				m.Lock() // as for lists: the map is miniredis's own
				sk.ZSet = make(map[string]float64, len(z))
				for member, score := range z {
					sk.ZSet[member] = score
				}
				m.Unlock()
			}
		case "", "none":
			continue // expired meanwhile
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

// restore writes s into m, leaving out the keys that expired by now.
func (s *snapshot) restore(m *miniredis.Miniredis, now time.Time) error {
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
			for f, v := range sk.Hash {
				m.HSet(sk.Key, f, v)
			}
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
