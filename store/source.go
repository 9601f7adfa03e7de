package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// sourcesKey is the hash of the pull sources' statuses: source name → JSON.
func (k keys) sources() string { return k.base + "sources" }

// SourceStatus returns what is known of pull source name; a source never pulled has
// a zero status with its name.
func (r *Redis) SourceStatus(ctx context.Context, name string) (goalbot.SourceStatus, error) {
	raw, err := r.client.HGet(ctx, r.keys.sources(), name).Bytes()
	if errors.Is(err, redis.Nil) {
		return goalbot.SourceStatus{Name: name}, nil
	}
	if err != nil {
		return goalbot.SourceStatus{}, wrap(err, "load source status %s", name)
	}
	var st goalbot.SourceStatus
	if err := json.Unmarshal(raw, &st); err != nil {
		return goalbot.SourceStatus{}, fmt.Errorf("decode source status %s: %w", name, err)
	}
	st.Name = name
	return st, nil
}

// SourceStatuses returns the status of every source that ever pulled, by name.
func (r *Redis) SourceStatuses(ctx context.Context) ([]goalbot.SourceStatus, error) {
	all, err := r.client.HGetAll(ctx, r.keys.sources()).Result()
	if err != nil {
		return nil, wrap(err, "load source statuses")
	}
	out := make([]goalbot.SourceStatus, 0, len(all))
	for name, raw := range all {
		var st goalbot.SourceStatus
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			return nil, fmt.Errorf("decode source status %s: %w", name, err)
		}
		st.Name = name
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b goalbot.SourceStatus) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// SaveSourceStatus keeps st as the status of source st.Name.
func (r *Redis) SaveSourceStatus(ctx context.Context, st goalbot.SourceStatus) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode source status %s: %w", st.Name, err)
	}
	return wrap(r.client.HSet(ctx, r.keys.sources(), st.Name, raw).Err(), "save source status %s", st.Name)
}
