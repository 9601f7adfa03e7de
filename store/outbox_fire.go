package store

import (
	"context"
	"time"

	"github.com/goalbot/goalbot"
)

// Fire records occurrence key (goal, event, period, level) and queues its alerts for
// delivery from notBefore, atomically and only the first time key is seen: an event
// fires once, to the recipients resolved then. It reports whether it fired. An
// occurrence of a goal that no longer exists is an ENOTFOUND error. The alerts of one
// occurrence share their goal (a digest's have none).
func (r *Redis) Fire(ctx context.Context, key string, alerts []goalbot.Alert, notBefore time.Time) (bool, error) {
	fired, errs, err := r.FireAll(ctx, []string{key}, [][]goalbot.Alert{alerts}, notBefore)
	if err != nil {
		return false, err
	}
	return fired[0], errs[0]
}

// Fired reports whether occurrence key has fired.
func (r *Redis) Fired(ctx context.Context, key string) (bool, error) {
	ok, err := r.client.HExists(ctx, r.keys.outbox("fired"), key).Result()
	return ok, wrap(err, "check occurrence %s", key)
}
