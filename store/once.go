package store

import (
	"context"
	"time"
)

// Once records key for ttl and reports whether this call was the first to record it
// (SET NX PX, timed by Redis's clock): the Slack transport asks it before acting on an
// envelope, so that one Slack delivers again (the same envelope_id, trigger_id or
// event_id) is acted on once across every replica. The key is kept under
// "<prefix>{gb}:once:<key>" and expires after ttl.
func (r *Redis) Once(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	first, err := r.client.SetNX(ctx, r.keys.base+"once:"+key, 1, ttl).Result()
	if err != nil {
		return false, wrap(err, "record once %s", key)
	}
	return first, nil
}
