package store

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// SaveDraft keeps a create wizard's draft (opaque data) under id for ttl, at
// "<prefix>{gb}:draft:<id>"; saving again renews the ttl.
func (r *Redis) SaveDraft(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	if err := r.client.Set(ctx, r.keys.base+"draft:"+id, data, ttl).Err(); err != nil {
		return wrap(err, "save draft %s", id)
	}
	return nil
}

// Draft returns the draft saved under id; one that expired or never was is an
// ENOTFOUND error.
func (r *Redis) Draft(ctx context.Context, id string) ([]byte, error) {
	data, err := r.client.Get(ctx, r.keys.base+"draft:"+id).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, notFound("errors.store.missing_draft", id)
	}
	if err != nil {
		return nil, wrap(err, "load draft %s", id)
	}
	return data, nil
}

// DeleteDraft forgets the draft under id.
func (r *Redis) DeleteDraft(ctx context.Context, id string) error {
	if err := r.client.Del(ctx, r.keys.base+"draft:"+id).Err(); err != nil {
		return wrap(err, "delete draft %s", id)
	}
	return nil
}
