package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// The App Home refresh keeps four keys. home:opened is the set of the users who have
// opened goalbot's Home tab (only they are republished); home:changed is the set of
// goals whose shown figures changed and whose viewers are still to be found;
// home:queue is the set of users whose Home tab is due for a republish (a set, so a
// user is queued once however many changes come before the publish); home:pace is
// the shared pacing slot, held for one interval after each publish by any replica.
func (k keys) homeOpened() string  { return k.base + "home:opened" }
func (k keys) homeChanged() string { return k.base + "home:changed" }
func (k keys) homeQueue() string   { return k.base + "home:queue" }
func (k keys) homePace() string    { return k.base + "home:pace" }

// markHomeScript records that a user opened the Home tab and drops them from the
// queue (they are being published now). KEYS: opened, queue. ARGV: user.
var markHomeScript = redis.NewScript(`
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`)

// MarkHomeOpened records that user has opened the Home tab (so later changes
// republish it) and takes them off the republish queue, since the caller publishes
// their Home now.
func (r *Redis) MarkHomeOpened(ctx context.Context, user string) error {
	err := markHomeScript.Run(ctx, r.client, []string{r.keys.homeOpened(), r.keys.homeQueue()}, user).Err()
	return wrap(err, "mark the home of %s opened", user)
}

// queueHomesScript queues those of the users who have opened the Home tab. KEYS:
// opened, queue. ARGV: users. Returns how many were queued anew.
var queueHomesScript = redis.NewScript(`
local n = 0
for _, u in ipairs(ARGV) do
  if redis.call('SISMEMBER', KEYS[1], u) == 1 then
    n = n + redis.call('SADD', KEYS[2], u)
  end
end
return n
`)

// QueueHomes queues the Home tabs of users for a republish, skipping users who have
// never opened it and users already queued; it returns how many were queued anew.
func (r *Redis) QueueHomes(ctx context.Context, users []string) (int, error) {
	if len(users) == 0 {
		return 0, nil
	}
	n, err := queueHomesScript.Run(ctx, r.client, []string{r.keys.homeOpened(), r.keys.homeQueue()}, strArgs(users)...).Int()
	return n, wrap(err, "queue the homes of %d users", len(users))
}

// queueChangedScript adds goals to the changed set unless nobody has opened the
// Home tab. KEYS: opened, changed. ARGV: goal ids.
var queueChangedScript = redis.NewScript(`
if redis.call('SCARD', KEYS[1]) == 0 then return 0 end
local n = 0
for _, id in ipairs(ARGV) do n = n + redis.call('SADD', KEYS[2], id) end
return n
`)

// QueueChangedGoals records goals whose shown figures changed, for a replica to find
// whose Home tabs show them (TakeChangedGoals). It does nothing while nobody has
// opened the Home tab.
func (r *Redis) QueueChangedGoals(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	err := queueChangedScript.Run(ctx, r.client, []string{r.keys.homeOpened(), r.keys.homeChanged()}, strArgs(ids)...).Err()
	return wrap(err, "queue %d changed goals", len(ids))
}

// TakeChangedGoals takes up to n goals off the changed set (each goal is taken by one
// caller only).
func (r *Redis) TakeChangedGoals(ctx context.Context, n int) ([]string, error) {
	ids, err := r.client.SPopN(ctx, r.keys.homeChanged(), int64(n)).Result()
	if err == redis.Nil {
		return nil, nil
	}
	return ids, wrap(err, "take changed goals")
}

// takeHomeScript takes one queued user when the pacing slot is free, and holds the
// slot for one interval. KEYS: queue, pace. ARGV: interval (ms). Returns {user, 0},
// {"", wait ms} while the slot is held, or {"", 0} when the queue is empty.
var takeHomeScript = redis.NewScript(`
if redis.call('SCARD', KEYS[1]) == 0 then return {'', 0} end
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then return {'', ttl} end
local u = redis.call('SPOP', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return {u, 0}
`)

// TakeHome takes the next user whose Home tab is due for a republish, at most one per
// interval across every replica (Redis's clock). It returns the user; or "" and how
// long until the next slot while the slot is taken; or "" and 0 when nobody is
// queued.
func (r *Redis) TakeHome(ctx context.Context, interval time.Duration) (string, time.Duration, error) {
	res, err := takeHomeScript.Run(ctx, r.client, []string{r.keys.homeQueue(), r.keys.homePace()}, max(interval.Milliseconds(), 1)).Slice()
	if err != nil {
		return "", 0, wrap(err, "take a home to publish")
	}
	user, _ := res[0].(string)
	wait, _ := res[1].(int64)
	return user, time.Duration(wait) * time.Millisecond, nil
}

// PauseHomes holds the pacing slot for d (Slack asked to retry after d), so that no
// replica publishes before then, and queues user again.
func (r *Redis) PauseHomes(ctx context.Context, user string, d time.Duration) error {
	_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, r.keys.homePace(), "1", max(d, time.Millisecond))
		if user != "" {
			p.SAdd(ctx, r.keys.homeQueue(), user)
		}
		return nil
	})
	return wrap(err, "pause home publishing")
}

// strArgs converts strings to command arguments.
func strArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
