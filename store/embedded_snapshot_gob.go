package store

import (
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// oldSnapshot is the snapshot that goalbot wrote before it kept a log (store.gob):
// every key of database 0 with its type, value and expiry (unix ms), as of SavedAt.
type oldSnapshot struct {
	Version int
	SavedAt time.Time
	Keys    []oldSnapKey
}

// oldSnapKey is one key: Type says which of the value fields holds its value.
type oldSnapKey struct {
	Key      string
	Type     string // string, hash, list, set, zset
	ExpireAt int64
	Str      string
	Hash     map[string]string
	List     []string
	Set      []string
	ZSet     map[string]float64
}

// loadOldSnapshot loads an old snapshot at path, if there is one, into m, with x's
// clock at its SavedAt.
func loadOldSnapshot(path string, m *miniredis.Miniredis, x *expiry) (snapshotHeader, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return snapshotHeader{}, nil
	}
	if err != nil {
		return snapshotHeader{}, fmt.Errorf("read snapshot: %w", err)
	}
	defer f.Close()
	var s oldSnapshot
	if err := gob.NewDecoder(f).Decode(&s); err != nil {
		return snapshotHeader{}, fmt.Errorf("read snapshot %s: %w (move the file away to start empty)", path, err)
	}
	if s.Version != 1 {
		return snapshotHeader{}, fmt.Errorf("read snapshot %s: format version %d is not one this goalbot reads", path, s.Version)
	}
	h := snapshotHeader{clock: s.SavedAt.UnixNano()}
	x.setClock(h.clock)
	for _, k := range s.Keys {
		if err := restoreKey(m, x, k.commands()); err != nil {
			return snapshotHeader{}, fmt.Errorf("read snapshot %s: %w", path, err)
		}
	}
	return h, nil
}

// commands returns the commands that make the key, as a snapshot record holds them.
func (k oldSnapKey) commands() [][]string {
	var cmd []string
	switch k.Type {
	case "string":
		cmd = []string{"SET", k.Key, k.Str}
	case "hash":
		cmd = []string{"HSET", k.Key}
		for f, v := range k.Hash {
			cmd = append(cmd, f, v)
		}
	case "list":
		cmd = append([]string{"RPUSH", k.Key}, k.List...)
	case "set":
		cmd = append([]string{"SADD", k.Key}, k.Set...)
	case "zset":
		cmd = []string{"ZADD", k.Key}
		for member, score := range k.ZSet {
			cmd = append(cmd, fmt.Sprint(score), member)
		}
	default:
		cmd = []string{k.Type, k.Key}
	}
	cmds := [][]string{cmd}
	if k.ExpireAt > 0 {
		cmds = append(cmds, []string{"PEXPIREAT", k.Key, fmt.Sprint(k.ExpireAt)})
	}
	return cmds
}
