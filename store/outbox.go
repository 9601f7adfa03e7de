package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// The alert ledger and outbox (outbox*.go): every alert's fate, kept for ever, and
// the alerts waiting to be delivered, one lane per recipient. Its keys:
//
//	outbox:ledger               hash    alert key → queued, delivered, failed: <reason>, dropped (kept for ever)
//	outbox:alert                hash    alert key → alert JSON, while queued or in flight
//	outbox:due                  zset    alert key, score = not before (unix ms): the first alert of each lane
//	outbox:lane:<recipient>     list    the recipient's queued alerts, in order; only the first is due or
//	                                    in flight, the next is due once it is delivered or failed (outbox_lane.go)
//	outbox:parked               hash    alert key → not before (unix ms), for alerts behind another in their lane
//	outbox:stale:<recipient>    hash    goal id → its stale alert JSON, waiting for its evaluation to end
//	outbox:stale                zset    recipients with pending stale alerts, score = the first one's not before
//	outbox:members:<group key>  hash    goal id → stale alert JSON, the goals of a queued stale group
//	outbox:grouped              hash    a goal's stale alert key → p:<recipient> while pending, g:<group key> once grouped
//	outbox:groups               string  last stale group number (INCR)
//	outbox:inflight             zset    alert key, score = end of the taker's lease (unix ms)
//	outbox:attempts             hash    alert key → times taken
//	outbox:goal:<id>            set     alert keys queued for a goal (to drop them with it)
//	outbox:fired                hash    occurrence key (goal:event:period[:level]) → when it fired (kept for ever)

func (k keys) outbox(part string) string     { return k.base + "outbox:" + part }
func (k keys) outboxGoal(goal string) string { return k.base + "outbox:goal:" + goal }

// The states an alert's ledger entry records.
const (
	alertQueued    = "queued"
	alertDelivered = "delivered"
	alertFailed    = "failed: " // followed by the reason
	alertDropped   = "dropped"  // its goal was deleted before delivery
)

// queueAlertScript queues an alert unless its key was ever queued. KEYS: ledger, goal,
// the goal's outbox set (” keys are unused for a digest). ARGV: key, alert JSON,
// not-before (unix ms), whether it has a goal ('1'/'0'), B, recipient, goal id,
// whether it is a goal's stale alert ('1'/'0'). Returns 1 when queued, 0 when the key
// was queued before, -1 when its goal is gone.
var queueAlertScript = redis.NewScript(laneLua + `
if ARGV[4] == '1' and redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[1], ARGV[1], 'queued') == 0 then return 0 end
put(ARGV[5], ARGV[6], ARGV[1], ARGV[2], ARGV[3], ARGV[7], ARGV[8])
if ARGV[4] == '1' then redis.call('SADD', KEYS[3], ARGV[1]) end
return 1
`)

// takeDueScript moves the due alerts in flight under a lease, after returning to due
// the alerts whose lease ended (their taker died) and flushing the pending stale
// groups older than the cutoff (their evaluation died). KEYS: due, inflight, alert,
// attempts, stale. ARGV: now (unix ms), limit, lease end (unix ms), B, cutoff (unix
// ms). Returns {alert JSON, attempts, {member JSON…}, …}: a stale group's members,
// none for any other alert.
var takeDueScript = redis.NewScript(laneLua + `
for _, r in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', ARGV[5])) do flush(ARGV[4], r) end
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])) do
  redis.call('ZREM', KEYS[2], k)
  redis.call('ZADD', KEYS[1], ARGV[1], k)
end
local out = {}
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))) do
  redis.call('ZREM', KEYS[1], k)
  local body = redis.call('HGET', KEYS[3], k)
  if body then
    redis.call('ZADD', KEYS[2], ARGV[3], k)
    out[#out + 1] = body
    out[#out + 1] = redis.call('HINCRBY', KEYS[4], k, 1)
    out[#out + 1] = redis.call('HVALS', ARGV[4] .. 'members:' .. k)
  end
end
return out
`)

// finishAlertScript records an alert's delivery or permanent failure (and its
// members', for a stale group), takes it out of the outbox and makes the next alert
// of its lane due. KEYS: ledger, alert, due, inflight, attempts (declared; named
// from B). ARGV: B, key, state. Returns 1, 2 when it was already finished (nothing
// changes), 0 when it was never queued.
var finishAlertScript = redis.NewScript(laneLua + `
return finish(ARGV[1], ARGV[2], ARGV[3])
`)

// requeueScript puts a queued or in-flight alert back in the outbox, due at
// not-before. KEYS: alert, due, inflight. ARGV: key, not-before (unix ms). Returns 1,
// or 0 when the alert is not in the outbox.
var requeueScript = redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
`)

// QueueAlert queues a for delivery from notBefore on, unless an alert with a.Key was
// ever queued (the ledger keeps every key): it reports whether it queued. QueuedAt is
// set to the store's clock when zero. An alert of a goal that no longer exists is an
// ENOTFOUND error.
func (r *Redis) QueueAlert(ctx context.Context, a goalbot.Alert, notBefore time.Time) (bool, error) {
	if a.Key == "" {
		return false, goalbot.Invalid("errors.store.alert_key", nil)
	}
	if a.QueuedAt.IsZero() {
		a.QueuedAt = r.now()
	}
	a.Attempts = 0
	body, err := json.Marshal(a)
	if err != nil {
		return false, fmt.Errorf("queue alert %s: encode: %w", a.Key, err)
	}
	k := r.keys
	hasGoal, goalKey, goalSet := "0", k.goal("-"), k.outboxGoal("-")
	if a.GoalID != "" && len(a.GoalIDs) == 0 {
		hasGoal, goalKey, goalSet = "1", k.goal(a.GoalID), k.outboxGoal(a.GoalID)
	}
	n, err := queueAlertScript.Run(ctx, r.client, []string{k.outbox("ledger"), goalKey, goalSet},
		a.Key, body, notBefore.UnixMilli(), hasGoal, k.outbox(""), a.Recipient, goalOf(a), staleFlag(a)).Int64()
	if err != nil {
		return false, wrap(err, "queue alert %s", a.Key)
	}
	if n < 0 {
		return false, fmt.Errorf("queue alert %s: %w", a.Key, notFound("errors.store.missing_goal", a.GoalID))
	}
	return n == 1, nil
}

// TakeDueAlerts takes up to limit alerts due at now, oldest first, and holds them
// in flight until now+lease: until then no other taker gets them, and if they are
// neither delivered, failed nor requeued by then they are due again. Each alert's
// Attempts counts its takes, this one included. Only the first queued alert of each
// recipient is ever due (see outbox_lane.go); a stale group is taken as one alert naming
// its goals (goalbot.StaleGroup).
func (r *Redis) TakeDueAlerts(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]goalbot.Alert, error) {
	if limit <= 0 {
		return nil, nil
	}
	k := r.keys
	res, err := takeDueScript.Run(ctx, r.client,
		[]string{k.outbox("due"), k.outbox("inflight"), k.outbox("alert"), k.outbox("attempts"), k.outbox("stale")},
		now.UnixMilli(), limit, now.Add(lease).UnixMilli(), k.outbox(""), now.Add(-staleGroupHold).UnixMilli()).Slice()
	if err != nil {
		return nil, wrap(err, "take due alerts")
	}
	out := make([]goalbot.Alert, 0, len(res)/3)
	for i := 0; i+2 < len(res); i += 3 {
		a, err := takenAlert(res[i], res[i+2])
		if err != nil {
			return nil, fmt.Errorf("take due alerts: %w", err)
		}
		n, _ := res[i+1].(int64)
		a.Attempts = int(n)
		out = append(out, a)
	}
	return out, nil
}

// takenAlert decodes a taken alert's JSON and, for a stale group, its members' (as
// takeDueScript returns them) into the alert that names them all.
func takenAlert(body, members any) (goalbot.Alert, error) {
	var a goalbot.Alert
	s, _ := body.(string)
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		return a, fmt.Errorf("decode %q: %w", s, err)
	}
	raw, _ := members.([]any)
	if len(raw) == 0 {
		return a, nil
	}
	ms := make([]goalbot.Alert, len(raw))
	for i, m := range raw {
		s, _ := m.(string)
		if err := json.Unmarshal([]byte(s), &ms[i]); err != nil {
			return a, fmt.Errorf("decode a member of %s %q: %w", a.Key, s, err)
		}
	}
	return goalbot.StaleGroup(a.Key, ms), nil
}

// goalOf is the goal whose alert a is ("" for a digest or a stale group).
func goalOf(a goalbot.Alert) string {
	if len(a.GoalIDs) > 0 {
		return ""
	}
	return a.GoalID
}

// staleFlag says ('1') whether a is one goal's stale alert, which waits in its
// recipient's pending stale group rather than in its lane.
func staleFlag(a goalbot.Alert) string {
	if a.GroupsAsStale() {
		return "1"
	}
	return "0"
}

// MarkDelivered records that alert key was delivered and takes it out of the
// outbox. Marking a finished alert again changes nothing; an unknown key is an
// ENOTFOUND error.
func (r *Redis) MarkDelivered(ctx context.Context, key string) error {
	return r.finish(ctx, key, alertDelivered)
}

// MarkFailed records that alert key can never be delivered, and why, and takes it
// out of the outbox.
func (r *Redis) MarkFailed(ctx context.Context, key, reason string) error {
	return r.finish(ctx, key, alertFailed+reason)
}

// finish records state as alert key's end.
func (r *Redis) finish(ctx context.Context, key, state string) error {
	k := r.keys
	n, err := finishAlertScript.Run(ctx, r.client,
		[]string{k.outbox("ledger"), k.outbox("alert"), k.outbox("due"), k.outbox("inflight"), k.outbox("attempts")},
		k.outbox(""), key, state).Int64()
	if err != nil {
		return wrap(err, "record alert %s", key)
	}
	if n == 0 {
		return fmt.Errorf("record alert: %w", notFound("errors.store.missing_alert", key))
	}
	return nil
}

// Requeue puts alert key (taken or still queued) back in the outbox, due at
// notBefore: a passing failure, a rate limit. An alert not in the outbox is an
// ENOTFOUND error.
func (r *Redis) Requeue(ctx context.Context, key string, notBefore time.Time) error {
	k := r.keys
	n, err := requeueScript.Run(ctx, r.client,
		[]string{k.outbox("alert"), k.outbox("due"), k.outbox("inflight")}, key, notBefore.UnixMilli()).Int64()
	if err != nil {
		return wrap(err, "requeue alert %s", key)
	}
	if n == 0 {
		return fmt.Errorf("requeue alert: %w", notFound("errors.store.missing_queued_alert", key))
	}
	return nil
}

// AlertState returns what the ledger records of alert key: "queued", "delivered",
// "failed: <reason>", "dropped", or "" when it was never queued.
func (r *Redis) AlertState(ctx context.Context, key string) (string, error) {
	s, err := r.client.HGet(ctx, r.keys.outbox("ledger"), key).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return s, wrap(err, "load alert %s", key)
}

// OutboxStats returns how many alerts are queued (due, waiting behind another alert
// of their recipient, or in a pending stale group: one a group) or in flight, and how
// long the oldest due alert has waited at now (0 when none is due).
func (r *Redis) OutboxStats(ctx context.Context, now time.Time) (depth int, oldest time.Duration, err error) {
	var due, inflight, parked, stale *redis.IntCmd
	var first *redis.ZSliceCmd
	_, err = r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		due = p.ZCard(ctx, r.keys.outbox("due"))
		inflight = p.ZCard(ctx, r.keys.outbox("inflight"))
		parked = p.HLen(ctx, r.keys.outbox("parked"))
		stale = p.ZCard(ctx, r.keys.outbox("stale"))
		first = p.ZRangeWithScores(ctx, r.keys.outbox("due"), 0, 0)
		return nil
	})
	if err != nil {
		return 0, 0, wrap(err, "measure outbox")
	}
	depth = int(due.Val() + inflight.Val() + parked.Val() + stale.Val())
	if z := first.Val(); len(z) > 0 {
		if at := time.UnixMilli(int64(z[0].Score)); at.Before(now) {
			oldest = now.Sub(at)
		}
	}
	return depth, oldest, nil
}
