package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// fireScript records an occurrence in the occurrence ledger and queues its alerts,
// only the first time. KEYS: fired, ledger, alert, due, goal, goal's outbox set. ARGV:
// occurrence key, not-before (unix ms), has-goal ('1'/'0'), then alert key and JSON
// pairs. Returns 1 when fired, 0 when it had fired before, -1 when the goal is gone.
var fireScript = redis.NewScript(`
if ARGV[3] == '1' and redis.call('EXISTS', KEYS[5]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
for i = 4, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[2], ARGV[i], 'queued') == 1 then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
    redis.call('ZADD', KEYS[4], ARGV[2], ARGV[i])
    if ARGV[3] == '1' then redis.call('SADD', KEYS[6], ARGV[i]) end
  end
end
return 1
`)

// Fire records occurrence key (goal, event, period, level) and queues its alerts for
// delivery from notBefore, atomically and only the first time key is seen: an event
// fires once, to the recipients resolved then. It reports whether it fired. An
// occurrence of a goal that no longer exists is an ENOTFOUND error. The alerts of one
// occurrence share their goal (a digest's have none).
func (r *Redis) Fire(ctx context.Context, key string, alerts []goalbot.Alert, notBefore time.Time) (bool, error) {
	k := r.keys
	goalID := ""
	if len(alerts) > 0 && len(alerts[0].GoalIDs) == 0 {
		goalID = alerts[0].GoalID
	}
	hasGoal, goalKey, goalSet := "0", k.goal("-"), k.outboxGoal("-")
	if goalID != "" {
		hasGoal, goalKey, goalSet = "1", k.goal(goalID), k.outboxGoal(goalID)
	}
	args := []any{key, notBefore.UnixMilli(), hasGoal}
	for _, a := range alerts {
		if a.QueuedAt.IsZero() {
			a.QueuedAt = r.now()
		}
		a.Attempts = 0
		body, err := json.Marshal(a)
		if err != nil {
			return false, fmt.Errorf("fire %s: encode alert: %w", key, err)
		}
		args = append(args, a.Key, body)
	}
	n, err := fireScript.Run(ctx, r.client,
		[]string{k.outbox("fired"), k.outbox("ledger"), k.outbox("alert"), k.outbox("due"), goalKey, goalSet}, args...).Int64()
	if err != nil {
		return false, wrap(err, "fire %s", key)
	}
	if n < 0 {
		return false, fmt.Errorf("fire %s: %w", key, notFound("goal", goalID))
	}
	return n == 1, nil
}

// Fired reports whether occurrence key has fired.
func (r *Redis) Fired(ctx context.Context, key string) (bool, error) {
	ok, err := r.client.HExists(ctx, r.keys.outbox("fired"), key).Result()
	return ok, wrap(err, "check occurrence %s", key)
}
