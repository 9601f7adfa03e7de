package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Each recipient's alerts are delivered one after another, in the order they were
// queued: the recipient's lane (outbox:lane:<recipient>, a list) holds its queued
// alerts in order, and only the first of them is due or in flight; the others wait
// in outbox:parked with the time they were queued for. Delivering the first, or
// failing it for good, makes the next one due. So a retry of an alert (a rate limit,
// a Retry-After) holds back every later alert to the same recipient, and two
// replicas taking due alerts at once never hold two alerts of one lane.
//
// A goal's stale alert does not enter its lane at once: it waits in its recipient's
// pending group (outbox:stale:<recipient>, goal id → alert) until the evaluation that
// queued it ends and flushes the group (FlushStale), which puts one alert for all
// the group's goals in the lane (outbox:members:<group key> holds its members until
// it is delivered). A group that no evaluation flushed (its replica died) is flushed
// by the next take of due alerts once it is staleGroupHold old. Before any other
// alert of a goal with a pending stale alert enters the same lane, the pending group
// is flushed, so that it keeps its place.

// staleGroupHold is how long a pending stale group may wait for the evaluation that
// began it to flush it, before a take of due alerts flushes it (that evaluation
// stopped). It is the pass lease's time to live: no pass runs longer.
const staleGroupHold = 5 * time.Minute

// laneLua holds the Lua functions that the outbox's scripts share. B is the outbox's
// key prefix ("<prefix>{gb}:outbox:"): the keys they touch are named from it, in the
// slot of every other key.
const laneLua = `
local function enqueue(B, r, key, nb)
  if redis.call('RPUSH', B .. 'lane:' .. r, key) == 1 then
    redis.call('ZADD', B .. 'due', nb, key)
  else
    redis.call('HSET', B .. 'parked', key, nb)
  end
end

local function advance(B, r, key)
  local lane = B .. 'lane:' .. r
  if redis.call('LINDEX', lane, 0) == key then
    redis.call('LPOP', lane)
    local nxt = redis.call('LINDEX', lane, 0)
    if nxt then
      local nb = redis.call('HGET', B .. 'parked', nxt) or '0'
      redis.call('HDEL', B .. 'parked', nxt)
      redis.call('ZADD', B .. 'due', nb, nxt)
    end
  elseif redis.call('LREM', lane, 1, key) > 0 then
    redis.call('HDEL', B .. 'parked', key)
  end
end

local function flush(B, r)
  local p = B .. 'stale:' .. r
  local nb = redis.call('ZSCORE', B .. 'stale', r) or '0'
  redis.call('ZREM', B .. 'stale', r)
  local kv = redis.call('HGETALL', p)
  if #kv == 0 then return '' end
  local gk = 'stale:' .. r .. ':' .. redis.call('INCR', B .. 'groups')
  local m = B .. 'members:' .. gk
  for i = 1, #kv, 2 do
    redis.call('HSET', m, kv[i], kv[i + 1])
    redis.call('HSET', B .. 'grouped', cjson.decode(kv[i + 1]).key, 'g:' .. gk)
  end
  redis.call('DEL', p)
  redis.call('HSET', B .. 'ledger', gk, 'queued')
  redis.call('HSET', B .. 'alert', gk, cjson.encode({key = gk, event = 'stale', recipient = r}))
  enqueue(B, r, gk, nb)
  return gk
end

local function put(B, r, key, body, nb, goal, stale)
  if stale == '1' then
    if redis.call('HSETNX', B .. 'stale:' .. r, goal, body) == 0 then
      redis.call('HSET', B .. 'ledger', key, 'dropped')
      return
    end
    redis.call('ZADD', B .. 'stale', 'NX', nb, r)
    redis.call('HSET', B .. 'grouped', key, 'p:' .. r)
    return
  end
  if goal ~= '' and redis.call('HEXISTS', B .. 'stale:' .. r, goal) == 1 then flush(B, r) end
  redis.call('HSET', B .. 'alert', key, body)
  enqueue(B, r, key, nb)
end

local function finish(B, key, state)
  if not redis.call('HGET', B .. 'ledger', key) then return 0 end
  local body = redis.call('HGET', B .. 'alert', key)
  if not body then return 2 end
  redis.call('HDEL', B .. 'alert', key)
  redis.call('ZREM', B .. 'due', key)
  redis.call('ZREM', B .. 'inflight', key)
  redis.call('HDEL', B .. 'attempts', key)
  redis.call('HSET', B .. 'ledger', key, state)
  local m = B .. 'members:' .. key
  for _, mb in ipairs(redis.call('HVALS', m)) do
    local mk = cjson.decode(mb).key
    redis.call('HSET', B .. 'ledger', mk, state)
    redis.call('HDEL', B .. 'grouped', mk)
  end
  redis.call('DEL', m)
  advance(B, cjson.decode(body).recipient, key)
  return 1
end

local function dropGoal(B, id, set)
  for _, key in ipairs(redis.call('SMEMBERS', set)) do
    local where = redis.call('HGET', B .. 'grouped', key)
    if where then
      redis.call('HDEL', B .. 'grouped', key)
      redis.call('HSET', B .. 'ledger', key, 'dropped')
      local rest = string.sub(where, 3)
      if string.sub(where, 1, 1) == 'p' then
        local p = B .. 'stale:' .. rest
        redis.call('HDEL', p, id)
        if redis.call('EXISTS', p) == 0 then redis.call('ZREM', B .. 'stale', rest) end
      else
        local m = B .. 'members:' .. rest
        redis.call('HDEL', m, id)
        if redis.call('EXISTS', m) == 0 then finish(B, rest, 'dropped') end
      end
    elseif redis.call('HEXISTS', B .. 'alert', key) == 1 then
      finish(B, key, 'dropped')
    end
  end
end
`

// flushStaleScript flushes the pending stale groups of recipients. KEYS: the stale
// set (declared; the others are named from B). ARGV: B, then the recipients. Returns
// per recipient the key of the group it queued, or ” when none was pending.
var flushStaleScript = redis.NewScript(laneLua + `
local out = {}
for i = 2, #ARGV do out[#out + 1] = flush(ARGV[1], ARGV[i]) end
return out
`)

// FlushStale puts the pending stale alerts of each of recipients into its lane as one
// alert (see laneLua's flush), and returns by recipient the key of the alert queued
// ("" when none was pending). An evaluation calls it for the recipients it gave
// stale alerts, once it has recorded all of them.
func (r *Redis) FlushStale(ctx context.Context, recipients []string) (map[string]string, error) {
	out := make(map[string]string, len(recipients))
	if len(recipients) == 0 {
		return out, nil
	}
	args := make([]any, 0, 1+len(recipients))
	args = append(args, r.keys.outbox(""))
	for _, rc := range recipients {
		args = append(args, rc)
	}
	res, err := flushStaleScript.Run(ctx, r.client, []string{r.keys.outbox("stale")}, args...).StringSlice()
	if err != nil {
		return nil, wrap(err, "flush the stale alerts of %d recipients", len(recipients))
	}
	if len(res) != len(recipients) {
		return nil, fmt.Errorf("flush stale alerts: %d answers for %d recipients", len(res), len(recipients))
	}
	for i, rc := range recipients {
		out[rc] = res[i]
	}
	return out, nil
}
