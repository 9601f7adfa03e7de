package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Leases and pacing shared by replicas. Their keys:
//
//	lease:<name>                string  owner of a lease (leader, pass, sync), PX = its ttl
//	pace:<channel>              string  a channel's sending slot, PX = the pacing interval
//	dirty                       set     campaigns whose metrics changed since the leader last measured

// holdLeaseScript takes a lease for an owner or renews it when that owner holds it.
// KEYS: lease. ARGV: owner, ttl (ms). Returns 1 when the owner holds it now.
var holdLeaseScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if v == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`)

// releaseLeaseScript deletes a lease when the owner holds it. KEYS: lease. ARGV: owner.
var releaseLeaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// HoldLease takes lease name for owner, or renews it when owner holds it, for ttl
// (Redis's own clock), and reports whether owner holds it now. It is what lets one
// replica lead and passes run one at a time.
func (r *Redis) HoldLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	n, err := holdLeaseScript.Run(ctx, r.client, []string{r.keys.base + "lease:" + name}, owner, ttl.Milliseconds()).Int64()
	if err != nil {
		return false, wrap(err, "hold lease %s", name)
	}
	return n == 1, nil
}

// ReleaseLease gives lease name up when owner holds it.
func (r *Redis) ReleaseLease(ctx context.Context, name, owner string) error {
	return wrap(releaseLeaseScript.Run(ctx, r.client, []string{r.keys.base + "lease:" + name}, owner).Err(), "release lease %s", name)
}

// ReserveChannel takes channel's next sending slot: at most one per interval across
// every replica, timed by Redis's clock. It returns 0 when the slot is taken now, or
// how long until the next one is free.
func (r *Redis) ReserveChannel(ctx context.Context, channel string, interval time.Duration, _ time.Time) (time.Duration, error) {
	key := r.keys.base + "pace:" + channel
	ok, err := r.client.SetNX(ctx, key, 1, interval).Result()
	if err != nil {
		return 0, wrap(err, "pace channel %s", channel)
	}
	if ok {
		return 0, nil
	}
	ttl, err := r.client.PTTL(ctx, key).Result()
	if err != nil {
		return 0, wrap(err, "pace channel %s", channel)
	}
	return max(ttl, time.Millisecond), nil
}

// takeDirtyScript returns and clears the set of touched campaigns. KEYS: dirty.
var takeDirtyScript = redis.NewScript(`
local m = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
return m
`)

// MarkDirty records campaigns whose metrics changed, for the leader to measure their
// goals within seconds.
func (r *Redis) MarkDirty(ctx context.Context, campaigns []string) error {
	if len(campaigns) == 0 {
		return nil
	}
	args := make([]any, len(campaigns))
	for i, c := range campaigns {
		args[i] = c
	}
	return wrap(r.client.SAdd(ctx, r.keys.base+"dirty", args...).Err(), "mark %d campaigns touched", len(campaigns))
}

// TakeDirty returns the campaigns marked since the last take, and clears them.
func (r *Redis) TakeDirty(ctx context.Context) ([]string, error) {
	out, err := takeDirtyScript.Run(ctx, r.client, []string{r.keys.base + "dirty"}).StringSlice()
	return out, wrap(err, "take touched campaigns")
}
