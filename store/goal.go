package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// Goals and their indexes (goal*.go): the goals, their latest measurements, and the
// sorted sets that answer every list filter. Its keys:
//
//	seq:goal                    string  last goal number (INCR; never reused)
//	goal:<id>                   hash    body: the goal without id and version (binary,
//	                                    goal_binary.go; JSON when kept by an earlier goalbot);
//	                                    v: version; ix: JSON list of its index sets;
//	                                    m: latest measurement (binary, goal_measurement_codec.go);
//	                                    ma: when it was last found to hold (unix ns);
//	                                    mi: the headline|outcome the goal is indexed by;
//	                                    cn, c:<n>, p:<date>: its history (goal_history.go)
//	goals                       zset    every goal, score = its number (the list order)
//	goals:<field>:<value>       zset    goals by campaign, account, team, creator, duration, type
//	goals:open                  zset    goals whose figures are not settled
//	goals:outcome:<outcome>     zset    settled goals by outcome (exceeded, achieved, missed)
//	                                    (these index sorted sets are all scored by goal number)
//	goals:start, goals:end      zset    score = first instant of the range / first instant after it (unix s)
//	goals:progress              zset    score = headline progress, for goals where it is known
//	deleted:<id>                hash    a deleted goal's hash, as goal:<id> was, kept for
//	                                    goalbot.RestoreWindow (its time to live) outside every index
//	tmp:list:<name>             (any)   temporaries of the list script, deleted before it returns
//
// A list runs one script (goal_list_script.go says how it picks its way); a
// measurement is saved by another, which moves the goal between the progress, open
// and outcome sets.

func (k keys) goalSeq() string       { return k.base + "seq:goal" }
func (k keys) goal(id string) string { return k.base + "goal:" + id }
func (k keys) goals() string         { return k.base + "goals" }
func (k keys) goalsOpen() string     { return k.base + "goals:open" }
func (k keys) goalsStart() string    { return k.base + "goals:start" }
func (k keys) goalsEnd() string      { return k.base + "goals:end" }
func (k keys) goalsProgress() string { return k.base + "goals:progress" }
func (k keys) goalsOutcome(o string) string {
	return k.base + "goals:outcome:" + o
}

// goalsBy is the set of the goals whose field (campaign, account, team, creator,
// duration, type) has value.
func (k keys) goalsBy(field, value string) string {
	return k.base + "goals:" + field + ":" + value
}

// The fields of a goal's hash (goal:<id>).
const (
	fieldBody        = "body" // the goal as JSON, without id and version
	fieldVersion     = "v"    // the version, for optimistic concurrency
	fieldSets        = "ix"   // JSON list of the index sets it belongs to
	fieldMeasurement = "m"    // the latest measurement (goal_measurement_codec.go)
	fieldMeasuredAt  = "ma"   // when the latest measurement was last found to hold (unix ns)
)

// createGoalScript assigns the next id and writes the goal with its indexes.
// KEYS: seq, goals, open, start, end, then the index sets. ARGV: base, body, start,
// end, index sets as JSON. Returns the goal's number.
var createGoalScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
local id = 'G' .. n
for i = 6, #KEYS do redis.call('ZADD', KEYS[i], n, id) end
redis.call('HSET', ARGV[1] .. 'goal:' .. id, 'body', ARGV[2], 'v', 1, 'ix', ARGV[5])
redis.call('ZADD', KEYS[2], n, id)
redis.call('ZADD', KEYS[3], n, id)
redis.call('ZADD', KEYS[4], ARGV[3], id)
redis.call('ZADD', KEYS[5], ARGV[4], id)
return n
`)

// updateGoalScript replaces a goal whose version is the expected one, moves it
// between index sets and records the edit in its history. KEYS: goal, start, end,
// then the new index sets. ARGV: id, expected version, body, start, end, new sets as
// JSON, the goal's number, the change (JSON; ” records none), how many changes are
// kept. Returns {1, version}, {0, 0} when there is no such goal, {2, stored version}
// on a conflict.
var updateGoalScript = redis.NewScript(changeLua + `
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {0, 0} end
if tonumber(v) ~= tonumber(ARGV[2]) then return {2, tonumber(v)} end
local id = ARGV[1]
local new = {}
for i = 4, #KEYS do new[KEYS[i]] = true; redis.call('ZADD', KEYS[i], ARGV[7], id) end
local old = redis.call('HGET', KEYS[1], 'ix')
if old then
  for _, k in ipairs(cjson.decode(old)) do
    if not new[k] then redis.call('ZREM', k, id) end
  end
end
local nv = tonumber(v) + 1
redis.call('HSET', KEYS[1], 'body', ARGV[3], 'v', nv, 'ix', ARGV[6])
redis.call('ZADD', KEYS[2], ARGV[4], id)
redis.call('ZADD', KEYS[3], ARGV[5], id)
record(KEYS[1], ARGV[8], ARGV[9])
return {1, nv}
`)

// deleteGoalScript takes a goal out of every index and drops its queued alerts (their
// ledger entries stay, marked dropped; see outbox_lane.go's dropGoal), records the
// delete in its history and keeps its hash, measurement and history included, as
// deleted:<id> for the restore window (its time to live). KEYS: goal, goals, open,
// start, end, progress, the outcome sets (3), outbox ledger, alert, due, inflight,
// attempts (declared; named from B), the goal's outbox set, the deleted goal. ARGV:
// id, B, the expected version (0: any), the change (JSON), how many changes are
// kept, the restore window (ms). Returns {1, 0}, {0, 0} when there is no such goal,
// {2, stored version} on a conflict.
var deleteGoalScript = redis.NewScript(laneLua + changeLua + `
if redis.call('HEXISTS', KEYS[1], 'v') == 0 then return {0, 0} end
local id = ARGV[1]
local v = tonumber(redis.call('HGET', KEYS[1], 'v'))
if tonumber(ARGV[3]) ~= 0 and v ~= tonumber(ARGV[3]) then return {2, v} end
local ix = redis.call('HGET', KEYS[1], 'ix')
if ix then
  for _, k in ipairs(cjson.decode(ix)) do redis.call('ZREM', k, id) end
end
redis.call('ZREM', KEYS[2], id)
redis.call('ZREM', KEYS[3], id)
redis.call('ZREM', KEYS[4], id)
redis.call('ZREM', KEYS[5], id)
redis.call('ZREM', KEYS[6], id)
for i = 7, 9 do redis.call('ZREM', KEYS[i], id) end
dropGoal(ARGV[2], id, KEYS[15])
redis.call('DEL', KEYS[15])
record(KEYS[1], ARGV[4], ARGV[5])
redis.call('RENAME', KEYS[1], KEYS[16])
redis.call('PEXPIRE', KEYS[16], ARGV[6])
return {1, 0}
`)

// CreateGoal stores a new goal: it assigns g.ID (G<n> from an atomic sequence, never
// reused) and sets g.Version to 1. The caller sets CreatedAt, UpdatedAt and Creator.
func (r *Redis) CreateGoal(ctx context.Context, g *goalbot.Goal) error {
	keys, args, err := r.createGoalArgs(g)
	if err != nil {
		return fmt.Errorf("create goal: %w", err)
	}
	n, err := createGoalScript.Run(ctx, r.client, keys, args...).Int64()
	if err != nil {
		return wrap(err, "create goal")
	}
	g.ID, g.Version = "G"+strconv.FormatInt(n, 10), 1
	return nil
}

// createGoalArgs returns the keys and arguments of createGoalScript for g.
func (r *Redis) createGoalArgs(g *goalbot.Goal) ([]string, []any, error) {
	ix, err := r.indexOf(g)
	if err != nil {
		return nil, nil, err
	}
	body, err := goalBody(g)
	if err != nil {
		return nil, nil, err
	}
	k := r.keys
	keys := append([]string{k.goalSeq(), k.goals(), k.goalsOpen(), k.goalsStart(), k.goalsEnd()}, ix.sets...)
	return keys, []any{k.base, body, ix.start, ix.end, ix.setsJSON()}, nil
}

// UpdateGoal saves g if g.Version is the stored version, moving it between indexes as
// its fields changed, records c (the edit: its fields, who and when) in the goal's
// history unless c has no fields, and increments g.Version. When someone else saved
// the goal meanwhile it changes nothing and returns an ECONFLICT error.
func (r *Redis) UpdateGoal(ctx context.Context, g *goalbot.Goal, c goalbot.Change) error {
	ix, err := r.indexOf(g)
	if err != nil {
		return fmt.Errorf("update goal %s: %w", g.ID, err)
	}
	body, err := goalBody(g)
	if err != nil {
		return fmt.Errorf("update goal %s: %w", g.ID, err)
	}
	change := ""
	if len(c.Fields) > 0 {
		c.Kind = goalbot.ChangeEdited
		if change, err = r.changeJSON(c); err != nil {
			return fmt.Errorf("update goal %s: %w", g.ID, err)
		}
	}
	k := r.keys
	res, err := updateGoalScript.Run(ctx, r.client,
		append([]string{k.goal(g.ID), k.goalsStart(), k.goalsEnd()}, ix.sets...),
		g.ID, g.Version, body, ix.start, ix.end, ix.setsJSON(), goalNumber(g.ID), change, r.changesKept()).Int64Slice()
	if err != nil {
		return wrap(err, "update goal %s", g.ID)
	}
	switch res[0] {
	case 0:
		return fmt.Errorf("update goal: %w", notFound("errors.store.missing_goal", g.ID))
	case 2:
		return goalbot.NewError(goalbot.ECONFLICT, "errors.store.edit_conflict", goalbot.Args{"Goal": g.ID, "Version": res[1], "Edited": g.Version})
	}
	g.Version = res[1]
	return nil
}

// DeleteGoal deletes goal id as DeleteGoalAt does, at any version, by nobody named, now
// by the store's clock.
func (r *Redis) DeleteGoal(ctx context.Context, id string) error {
	return r.DeleteGoalAt(ctx, id, 0, goalbot.Change{At: r.now()})
}

// DeleteGoalAt deletes goal id as it was at version (any version when 0): it takes
// the goal out of every index and list, drops its queued alerts, records c (who
// deleted it, and when) in its history, and keeps the goal with its measurement and
// history for goalbot.RestoreWindow, so that RestoreGoal can put it back. When the
// goal has been saved since version, it deletes nothing and returns an ECONFLICT
// error.
func (r *Redis) DeleteGoalAt(ctx context.Context, id string, version int64, c goalbot.Change) error {
	c.Kind = goalbot.ChangeDeleted
	change, err := r.changeJSON(c)
	if err != nil {
		return fmt.Errorf("delete goal %s: %w", id, err)
	}
	k := r.keys
	res, err := deleteGoalScript.Run(ctx, r.client, []string{
		k.goal(id), k.goals(), k.goalsOpen(), k.goalsStart(), k.goalsEnd(), k.goalsProgress(),
		k.goalsOutcome(string(goalbot.Exceeded)), k.goalsOutcome(string(goalbot.Achieved)), k.goalsOutcome(string(goalbot.Missed)),
		k.outbox("ledger"), k.outbox("alert"), k.outbox("due"), k.outbox("inflight"), k.outbox("attempts"), k.outboxGoal(id),
		k.deletedGoal(id),
	}, id, k.outbox(""), version, change, r.changesKept(), goalbot.RestoreWindow.Milliseconds()).Int64Slice()
	if err != nil {
		return wrap(err, "delete goal %s", id)
	}
	switch res[0] {
	case 0:
		return fmt.Errorf("delete goal: %w", notFound("errors.store.missing_goal", id))
	case 2:
		return goalbot.NewError(goalbot.ECONFLICT, "errors.store.delete_conflict", goalbot.Args{"Goal": id, "Version": res[1], "Read": version})
	}
	return nil
}

// Goal returns goal id, or an ENOTFOUND error.
func (r *Redis) Goal(ctx context.Context, id string) (*goalbot.Goal, error) {
	vals, err := r.client.HMGet(ctx, r.keys.goal(id), fieldBody, fieldVersion).Result()
	if err != nil {
		return nil, wrap(err, "load goal %s", id)
	}
	g, err := r.decodeGoal(id, vals)
	if err != nil {
		return nil, fmt.Errorf("load goal %s: %w", id, err)
	}
	if g == nil {
		return nil, fmt.Errorf("load goal: %w", notFound("errors.store.missing_goal", id))
	}
	return g, nil
}

// Goals returns the goals with these ids that exist, in the order of ids (missing
// ones are left out), in one round trip.
func (r *Redis) Goals(ctx context.Context, ids []string) ([]*goalbot.Goal, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.SliceCmd, len(ids))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HMGet(ctx, r.keys.goal(id), fieldBody, fieldVersion)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "load %d goals", len(ids))
	}
	out := make([]*goalbot.Goal, 0, len(ids))
	for i, c := range cmds {
		g, err := r.decodeGoal(ids[i], c.Val())
		if err != nil {
			return nil, fmt.Errorf("load goal %s: %w", ids[i], err)
		}
		if g != nil {
			out = append(out, g)
		}
	}
	return out, nil
}

// decodeGoal makes a goal from its body and version as HMGET returns them; nil when
// the goal does not exist.
func (r *Redis) decodeGoal(id string, vals []any) (*goalbot.Goal, error) {
	body, _ := vals[0].(string)
	if body == "" {
		return nil, nil
	}
	r.bodiesRead.Add(1)
	version, _ := vals[1].(string)
	return parseGoal(id, body, version)
}
