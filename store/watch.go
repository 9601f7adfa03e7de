package store

import (
	"context"
	"errors"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// maxWatchTries bounds how often a WATCH transaction is retried when a concurrent
// writer touched its keys.
const maxWatchTries = 20

// watch runs fn in an optimistic transaction on keys (WATCH, reads, MULTI/EXEC in fn)
// and retries it while another client changes the keys in between. Either fn's
// writes all apply or none does.
func (r *Redis) watch(ctx context.Context, fn func(*redis.Tx) error, keys ...string) error {
	for range maxWatchTries {
		err := r.client.Watch(ctx, fn, keys...)
		if !errors.Is(err, redis.TxFailedErr) {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return goalbot.Errorf(goalbot.EUNAVAILABLE, "The store is busy with other changes to the same data; please try again in a moment.")
}
