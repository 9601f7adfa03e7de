package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// A goal's history lives in its own hash (goal:<id>, and deleted:<id> while it is
// deleted), so that a delete and a restore move it whole:
//
//	cn           how many changes were recorded (HINCRBY): edits, deletes, restores
//	c:<n>        change n (JSON, goalbot.Change), from 1; the latest MaxChanges are kept
//	p:<date>     the per-campaign figures of the period that starts on date, kept once
//	             when it settles (binary: format byte, the currency table, then per
//	             campaign its id and figures, as in goal_measurement_codec.go)
//
// The creation is not a change here: the goal's Creator and CreatedAt say it.

// MaxChanges is how many of a goal's latest changes the store keeps (a change older
// than that is dropped when a new one is recorded): hundreds of edits of a long goal
// fit, and a goal's hash stays bounded.
const MaxChanges = 1000

func (k keys) deletedGoal(id string) string { return k.base + "deleted:" + id }

// changesKept is how many changes a goal's history keeps.
func (r *Redis) changesKept() int {
	if r.keepOnly > 0 {
		return r.keepOnly
	}
	return MaxChanges
}

// Fields of a goal's hash that hold its history.
const (
	fieldChangeCount = "cn"
	changePrefix     = "c:"
	periodPrefix     = "p:"
)

// changeLua holds the Lua function the scripts that change a goal share: record adds
// a change (JSON; ” records nothing) to the history in a goal's hash and drops the
// change that falls out of the kept ones.
const changeLua = `
local function record(key, change, kept)
  if change == '' then return end
  local n = redis.call('HINCRBY', key, 'cn', 1)
  redis.call('HSET', key, 'c:' .. n, change)
  local old = n - tonumber(kept)
  if old >= 1 then redis.call('HDEL', key, 'c:' .. old) end
end
`

// changeJSON returns c as the history keeps it, its time in UTC (the store's clock
// when zero).
func (r *Redis) changeJSON(c goalbot.Change) (string, error) {
	if c.At.IsZero() {
		c.At = r.now()
	}
	c.At = c.At.UTC()
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode change: %w", err)
	}
	return string(b), nil
}

// restoreGoalScript puts a deleted goal back: its hash, measurement and history
// included, in every index it belongs to, as open or by its settled outcome and by
// its headline progress as its last measurement left them, and records the restore.
// KEYS: deleted goal, goal, goals, open, start, end, progress, the outcome sets
// exceeded, achieved, missed, then its index sets. ARGV: id, the goal's number, start,
// end, index sets as JSON, the change (JSON), how many changes are kept. Returns 1, 0
// when no such goal is deleted, 2 when the goal is not deleted.
var restoreGoalScript = redis.NewScript(changeLua + `
if redis.call('HEXISTS', KEYS[1], 'v') == 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], 'v') == 1 then return 2 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('PERSIST', KEYS[2])
local id, n = ARGV[1], ARGV[2]
for i = 11, #KEYS do redis.call('ZADD', KEYS[i], n, id) end
redis.call('HSET', KEYS[2], 'ix', ARGV[5])
redis.call('ZADD', KEYS[3], n, id)
redis.call('ZADD', KEYS[5], ARGV[3], id)
redis.call('ZADD', KEYS[6], ARGV[4], id)
local headline, outcome = '', ''
local mi = redis.call('HGET', KEYS[2], 'mi')
if mi then headline, outcome = string.match(mi, '^([^|]*)|(.*)$') end
if headline ~= '' then redis.call('ZADD', KEYS[7], headline, id) end
local names = {'exceeded', 'achieved', 'missed'}
if outcome == '' then redis.call('ZADD', KEYS[4], n, id) end
for i = 1, 3 do
  if names[i] == outcome then redis.call('ZADD', KEYS[7 + i], n, id) end
end
record(KEYS[2], ARGV[6], ARGV[7])
return 1
`)

// RestoreGoal puts deleted goal id back as it was when it was deleted, with its
// measurement and history, in every index and list, and records c (who restored it,
// and when) in its history. Its alerts are not queued again: the ledger keeps every
// occurrence that fired. A goal that is not deleted (or whose restore window has
// passed, so that it is gone) is an ENOTFOUND error; one that is not deleted, an
// ECONFLICT error.
func (r *Redis) RestoreGoal(ctx context.Context, id string, c goalbot.Change) error {
	vals, err := r.client.HMGet(ctx, r.keys.deletedGoal(id), fieldBody, fieldVersion).Result()
	if err != nil {
		return wrap(err, "restore goal %s", id)
	}
	g, err := r.decodeGoal(id, vals)
	if err != nil {
		return fmt.Errorf("restore goal %s: %w", id, err)
	}
	if g == nil {
		return fmt.Errorf("restore goal: %w", notFound("deleted goal", id))
	}
	ix, err := r.indexOf(g)
	if err != nil {
		return fmt.Errorf("restore goal %s: %w", id, err)
	}
	c.Kind = goalbot.ChangeRestored
	change, err := r.changeJSON(c)
	if err != nil {
		return fmt.Errorf("restore goal %s: %w", id, err)
	}
	k := r.keys
	keys := append([]string{k.deletedGoal(id), k.goal(id), k.goals(), k.goalsOpen(), k.goalsStart(), k.goalsEnd(),
		k.goalsProgress(), k.goalsOutcome(string(goalbot.Exceeded)), k.goalsOutcome(string(goalbot.Achieved)),
		k.goalsOutcome(string(goalbot.Missed))}, ix.sets...)
	res, err := restoreGoalScript.Run(ctx, r.client, keys, id, goalNumber(id), ix.start, ix.end, ix.setsJSON(), change, r.changesKept()).Int64()
	if err != nil {
		return wrap(err, "restore goal %s", id)
	}
	switch res {
	case 0:
		return fmt.Errorf("restore goal: %w", notFound("deleted goal", id))
	case 2:
		return goalbot.NewError(goalbot.ECONFLICT, "history.error.not_deleted", goalbot.Args{"Goal": id})
	}
	return nil
}

// GoalIssued reports whether id was ever given to a goal (ids are never reused): a
// goal that is not found but was issued was deleted.
func (r *Redis) GoalIssued(ctx context.Context, id string) (bool, error) {
	n := goalNumber(id)
	if n <= 0 {
		return false, nil
	}
	last, err := r.client.Get(ctx, r.keys.goalSeq()).Int64()
	switch {
	case err == redis.Nil:
		return false, nil
	case err != nil:
		return false, wrap(err, "read the goal sequence")
	}
	return n <= last, nil
}

// GoalHistory reads goal id's past, live or deleted: the goal, its latest
// measurement, `limit` of its recorded changes after the `skip` newest (newest
// first), and the per-campaign figures of its settled periods that start on starts
// (those kept). Two round trips; ENOTFOUND when there is no such goal, live or
// deleted.
func (r *Redis) GoalHistory(ctx context.Context, id string, skip, limit int, starts []goalbot.Date) (*goalbot.GoalHistory, error) {
	for try := 0; ; try++ {
		h, key, err := r.goalHead(ctx, id)
		if err != nil || key == "" {
			return h, err
		}
		found, err := r.goalPast(ctx, h, key, skip, limit, starts)
		if err != nil {
			return nil, fmt.Errorf("load the history of goal %s: %w", id, err)
		}
		if found || try == 2 {
			return h, nil
		}
		// Deleted or restored between the two reads: read it where it is now.
	}
}

// goalHead reads goal id, live or deleted, with its measurement and change count;
// key is the hash it was read from ("" when h is all there is to read).
func (r *Redis) goalHead(ctx context.Context, id string) (*goalbot.GoalHistory, string, error) {
	fields := []string{fieldBody, fieldVersion, fieldMeasurement, fieldMeasuredAt, fieldChangeCount}
	var live, dead *redis.SliceCmd
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		live = p.HMGet(ctx, r.keys.goal(id), fields...)
		dead = p.HMGet(ctx, r.keys.deletedGoal(id), fields...)
		return nil
	})
	if err != nil {
		return nil, "", wrap(err, "load the history of goal %s", id)
	}
	vals, key, deleted := live.Val(), r.keys.goal(id), false
	if vals[1] == nil {
		vals, key, deleted = dead.Val(), r.keys.deletedGoal(id), true
	}
	g, err := r.decodeGoal(id, vals[:2])
	if err != nil {
		return nil, "", fmt.Errorf("load the history of goal %s: %w", id, err)
	}
	if g == nil {
		return nil, "", fmt.Errorf("load the history of goal: %w", notFound("goal", id))
	}
	m, err := storedMeasurement(id, vals[2], vals[3])
	if err != nil {
		return nil, "", fmt.Errorf("load the history of goal %s: %w", id, err)
	}
	h := &goalbot.GoalHistory{Goal: g, Measurement: m, Deleted: deleted}
	if s, ok := vals[4].(string); ok {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, "", fmt.Errorf("load the history of goal %s: change count %q: %w", id, s, err)
		}
		h.ChangeCount, h.ChangesKept = n, min(n, r.changesKept())
	}
	return h, key, nil
}

// goalPast reads into h the changes and campaign figures asked for, from the hash at
// key; found is false when the goal is no longer there (moved meanwhile).
func (r *Redis) goalPast(ctx context.Context, h *goalbot.GoalHistory, key string, skip, limit int, starts []goalbot.Date) (bool, error) {
	var nums []int
	for n := h.ChangeCount - max(skip, 0); n > h.ChangeCount-h.ChangesKept && len(nums) < limit; n-- {
		nums = append(nums, n)
	}
	if len(nums) == 0 && len(starts) == 0 {
		return true, nil
	}
	fields := make([]string, 0, 1+len(nums)+len(starts))
	fields = append(fields, fieldVersion)
	for _, n := range nums {
		fields = append(fields, changePrefix+strconv.Itoa(n))
	}
	for _, d := range starts {
		fields = append(fields, periodPrefix+d.String())
	}
	vals, err := r.client.HMGet(ctx, key, fields...).Result()
	if err != nil {
		return false, wrap(err, "read")
	}
	if vals[0] == nil {
		return false, nil
	}
	for i, n := range nums {
		s, ok := vals[1+i].(string)
		if !ok {
			continue // dropped meanwhile by a newer change
		}
		var c goalbot.Change
		if err := json.Unmarshal([]byte(s), &c); err != nil {
			return false, fmt.Errorf("decode change %d: %w", n, err)
		}
		h.Changes = append(h.Changes, c)
	}
	for i, d := range starts {
		s, ok := vals[1+len(nums)+i].(string)
		if !ok {
			continue
		}
		cs, err := decodeCampaigns(s)
		if err != nil {
			return false, fmt.Errorf("decode the campaigns of the period from %s: %w", d, err)
		}
		if h.Campaigns == nil {
			h.Campaigns = map[goalbot.Date][]goalbot.CampaignFigures{}
		}
		h.Campaigns[d] = cs
	}
	return true, nil
}

// campaignsFormat is the first byte of a settled period's campaign figures.
const campaignsFormat byte = 1

// encodeCampaigns returns a settled period's campaign figures in the kept form.
func encodeCampaigns(cs []goalbot.CampaignFigures) []byte {
	e := binEncoder{b: make([]byte, 0, 8+32*len(cs))}
	e.byte(campaignsFormat)
	var cur []goalbot.CurrencyCode
	for i := range cs {
		for _, a := range cs[i].Spend {
			if !slices.Contains(cur, a.Currency) {
				cur = append(cur, a.Currency)
			}
		}
	}
	writeCurrencies(&e, cur)
	e.uint(uint64(len(cs)))
	for i := range cs {
		e.str(cs[i].Campaign)
		figures(&e, &cs[i].Figures)
	}
	return e.b
}

// decodeCampaigns reads what encodeCampaigns wrote.
func decodeCampaigns(s string) ([]goalbot.CampaignFigures, error) {
	if s == "" || s[0] != campaignsFormat {
		return nil, fmt.Errorf("unknown format (written by a newer goalbot?)")
	}
	d := binDecoder{s: s, i: 1}
	readCurrencies(&d)
	n := d.count()
	cs := make([]goalbot.CampaignFigures, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		var c goalbot.CampaignFigures
		c.Campaign = d.str()
		readFigures(&d, &c.Figures)
		cs = append(cs, c)
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	return cs, nil
}

// settledCampaigns returns the hash fields and values that keep the campaign figures
// of m's periods that settled in m (the periods a stored measurement already had
// settled carry none), for saveMeasurementScript.
func settledCampaigns(m *goalbot.Measurement) []any {
	var out []any
	for i := range m.Periods {
		p := &m.Periods[i]
		if p.Settled && p.Campaigns != nil {
			out = append(out, periodPrefix+p.Start.String(), encodeCampaigns(p.Campaigns))
		}
	}
	return out
}
