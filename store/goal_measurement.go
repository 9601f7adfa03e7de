package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// saveMeasurementScript keeps goals' latest measurements and moves each goal between
// the progress, open and outcome indexes; one call saves a batch. A goal's field mi
// records the index state its last save left (headline and outcome), so that a save
// that leaves it as it was writes the measurement alone. KEYS: progress, open, the
// outcome sets exceeded, achieved, missed, then one goal per measurement. ARGV: per
// measurement its goal's id, the measurement, its headline (” when unknown), its
// settled outcome (” while not settled), the goal's number, its time (unix ns), and
// the number of periods that settled in it followed by a field and a value for each
// (their campaigns' figures, kept once: see goal_history.go).
// Of the indexes it changes only those whose part of the state changed (no state
// recorded: all). Returns per measurement 1, or 0 when there is no such goal.
var saveMeasurementScript = redis.NewScript(`
local names = {'exceeded', 'achieved', 'missed'}
local out = {}
local a = 0
local function keep(key)
  for j = 1, tonumber(ARGV[a + 7]) do redis.call('HSETNX', key, ARGV[a + 6 + 2 * j], ARGV[a + 7 + 2 * j]) end
end
for g = 6, #KEYS do
  local key, id, headline, outcome, num = KEYS[g], ARGV[a + 1], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local state = headline .. '|' .. outcome
  local cur = redis.call('HGET', key, 'mi')
  if cur == state then
    redis.call('HSET', key, 'm', ARGV[a + 2], 'ma', ARGV[a + 6])
    keep(key)
    out[#out + 1] = 1
  elseif redis.call('HEXISTS', key, 'v') == 0 then
    redis.call('DEL', key)
    redis.call('ZREM', KEYS[1], id)
    out[#out + 1] = 0
  else
    redis.call('HSET', key, 'm', ARGV[a + 2], 'ma', ARGV[a + 6], 'mi', state)
    keep(key)
    local wasHeadline, wasOutcome = nil, nil
    if cur then wasHeadline, wasOutcome = string.match(cur, '^([^|]*)|(.*)$') end
    if headline ~= wasHeadline then
      if headline == '' then
        redis.call('ZREM', KEYS[1], id)
      else
        redis.call('ZADD', KEYS[1], headline, id)
      end
    end
    if outcome ~= wasOutcome then
      if outcome == '' then
        redis.call('ZADD', KEYS[2], num, id)
      else
        redis.call('ZREM', KEYS[2], id)
      end
      for i = 1, 3 do
        if names[i] == outcome then
          redis.call('ZADD', KEYS[2 + i], num, id)
        else
          redis.call('ZREM', KEYS[2 + i], id)
        end
      end
    end
    out[#out + 1] = 1
  end
  a = a + 7 + 2 * tonumber(ARGV[a + 7])
end
return out
`)

// saveChunk is how many measurements one call of saveMeasurementScript saves: Redis
// runs each call whole, so it is kept to about a millisecond.
const saveChunk = 500

// SaveMeasurement keeps m as the latest measurement of goal m.GoalID and indexes the
// goal by its headline progress and, once m is settled, its outcome (a settled goal
// leaves the open goals). A goal deleted meanwhile gives an ENOTFOUND error.
func (r *Redis) SaveMeasurement(ctx context.Context, m goalbot.Measurement) error {
	errs, err := r.SaveMeasurements(ctx, []goalbot.Measurement{m})
	if err != nil {
		return err
	}
	return errs[0]
}

// SaveMeasurements saves many measurements as SaveMeasurement does, in one pipelined
// round trip (a script call per 500). It returns one error per measurement (nil when
// saved; ENOTFOUND when its goal was deleted meanwhile), or a single error when
// Redis could not be asked.
func (r *Redis) SaveMeasurements(ctx context.Context, ms []goalbot.Measurement) ([]error, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	errs := make([]error, len(ms))
	index := r.indexKeys()
	var cs []scriptCall
	for done := 0; done < len(ms); done += saveChunk {
		chunk := ms[done:min(done+saveChunk, len(ms))]
		c := scriptCall{keys: make([]string, 0, 5+len(chunk)), args: make([]any, 0, 7*len(chunk))}
		c.keys = append(c.keys, index[:]...)
		for i := range chunk {
			c.keys = append(c.keys, r.keys.goal(chunk[i].GoalID))
			c.args = append(c.args, measurementArgs(&chunk[i])...)
		}
		cs = append(cs, c)
	}
	cmds, err := r.runScripts(ctx, saveMeasurementScript, cs)
	if err != nil && !anyResult(cmds) {
		return nil, wrap(err, "save measurements of %d goals", len(ms))
	}
	for k, c := range cmds {
		chunk := ms[k*saveChunk : min((k+1)*saveChunk, len(ms))]
		res, err := c.Int64Slice()
		if err == nil && len(res) != len(chunk) {
			err = fmt.Errorf("%d answers for %d measurements", len(res), len(chunk))
		}
		for j := range chunk {
			i := k*saveChunk + j
			switch {
			case err != nil:
				errs[i] = wrap(err, "save measurement of goal %s", ms[i].GoalID)
			case res[j] == 0:
				errs[i] = fmt.Errorf("save measurement: %w", notFound("errors.store.missing_goal", ms[i].GoalID))
			}
		}
	}
	return errs, nil
}

// isNoScript reports whether err says a script is not loaded (a restarted or
// flushed Redis): the caller loads it and tries again.
func isNoScript(err error) bool { return redis.HasErrorPrefix(err, "NOSCRIPT") }

// anyResult reports whether any of a pipeline's commands got an answer, as opposed
// to none being sent or read.
func anyResult[C any, P interface {
	*C
	Err() error
}](cmds []P) bool {
	for _, c := range cmds {
		if c != nil && c.Err() == nil {
			return true
		}
	}
	return false
}

// saveMeasurementArgs returns the keys and arguments of saveMeasurementScript for m
// alone (the benchmarks' loader calls it; it cannot fail).
func (r *Redis) saveMeasurementArgs(m goalbot.Measurement) ([]string, []any, error) {
	index := r.indexKeys()
	return append(index[:], r.keys.goal(m.GoalID)), measurementArgs(&m), nil
}

// indexKeys returns the index sets a measurement moves a goal between: progress,
// open, and the outcome sets exceeded, achieved, missed.
func (r *Redis) indexKeys() [5]string {
	k := r.keys
	return [5]string{k.goalsProgress(), k.goalsOpen(),
		k.goalsOutcome(string(goalbot.Exceeded)), k.goalsOutcome(string(goalbot.Achieved)), k.goalsOutcome(string(goalbot.Missed))}
}

// measurementArgs returns the arguments of saveMeasurementScript for m.
func measurementArgs(m *goalbot.Measurement) []any {
	headline, outcome := indexState(m)
	kept := settledCampaigns(m)
	return append([]any{m.GoalID, encodeMeasurement(m), headline, outcome, goalNumber(m.GoalID), m.At.UnixNano(), len(kept) / 2}, kept...)
}

// indexState returns what of m the goal indexes hold: its headline ("" when
// unknown) and its settled outcome ("" while not settled). The goal's hash records
// them, as the field mi (the script joins them with |), with the
// measurement they are of.
func indexState(m *goalbot.Measurement) (headline, outcome string) {
	if m.Headline != nil {
		headline = strconv.FormatFloat(*m.Headline, 'g', -1, 64)
	}
	if m.Settled {
		outcome = string(m.Total.Outcome())
	}
	return headline, outcome
}

// Measurement returns the latest measurement of goal id: nil when it was never
// measured, an ENOTFOUND error when there is no such goal.
func (r *Redis) Measurement(ctx context.Context, id string) (*goalbot.Measurement, error) {
	vals, err := r.client.HMGet(ctx, r.keys.goal(id), fieldVersion, fieldMeasurement, fieldMeasuredAt).Result()
	if err != nil {
		return nil, wrap(err, "load measurement of goal %s", id)
	}
	if vals[0] == nil {
		return nil, fmt.Errorf("load measurement: %w", notFound("errors.store.missing_goal", id))
	}
	m, err := storedMeasurement(id, vals[1], vals[2])
	if err != nil {
		return nil, fmt.Errorf("load measurement of goal %s: %w", id, err)
	}
	return m, nil
}

// Measurements returns the latest measurement of each of these goals that exists and
// was measured, by goal id, in one round trip.
func (r *Redis) Measurements(ctx context.Context, ids []string) (map[string]*goalbot.Measurement, error) {
	out := make(map[string]*goalbot.Measurement, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cmds := make([]*redis.SliceCmd, len(ids))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HMGet(ctx, r.keys.goal(id), fieldMeasurement, fieldMeasuredAt)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "load measurements of %d goals", len(ids))
	}
	for i, c := range cmds {
		vals := c.Val()
		m, err := storedMeasurement(ids[i], vals[0], vals[1])
		if err != nil {
			return nil, fmt.Errorf("load measurement of goal %s: %w", ids[i], err)
		}
		if m != nil {
			out[ids[i]] = m
		}
	}
	return out, nil
}

// GoalsWithMeasurements returns the goals with these ids that exist, in the order of
// ids, and the latest measurement of each that was measured, by goal id: one HMGET a
// goal, all in one pipelined round trip.
func (r *Redis) GoalsWithMeasurements(ctx context.Context, ids []string) ([]*goalbot.Goal, map[string]*goalbot.Measurement, error) {
	ms := make(map[string]*goalbot.Measurement, len(ids))
	if len(ids) == 0 {
		return nil, ms, nil
	}
	cmds := make([]*redis.SliceCmd, len(ids))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HMGet(ctx, r.keys.goal(id), fieldBody, fieldVersion, fieldMeasurement, fieldMeasuredAt)
		}
		return nil
	})
	if err != nil {
		return nil, nil, wrap(err, "load %d goals with their measurements", len(ids))
	}
	gs := make([]*goalbot.Goal, 0, len(ids))
	for i, c := range cmds {
		vals := c.Val()
		g, err := r.decodeGoal(ids[i], vals[:2])
		if err != nil {
			return nil, nil, fmt.Errorf("load goal %s: %w", ids[i], err)
		}
		if g == nil {
			continue
		}
		gs = append(gs, g)
		m, err := storedMeasurement(ids[i], vals[2], vals[3])
		if err != nil {
			return nil, nil, fmt.Errorf("load goal %s: %w", ids[i], err)
		}
		if m != nil {
			ms[ids[i]] = m
		}
	}
	return gs, ms, nil
}

// storedMeasurement decodes goal id's measurement and the time it was last found to
// hold, as HMGET returns them (nil: never measured): its time is the later of its
// own and that.
func storedMeasurement(id string, m, at any) (*goalbot.Measurement, error) {
	out, err := decodeMeasurement(id, m)
	if out == nil || err != nil {
		return out, err
	}
	if s, ok := at.(string); ok {
		ns, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("decode time of measurement of goal %s: %w", id, err)
		}
		if t := time.Unix(0, ns); t.After(out.At) {
			out.At = t.UTC()
		}
	}
	return out, nil
}

// TouchMeasurements records that the latest measurements of goals ids still hold at
// at (nothing they depend on changed; see goalbot.Retime), in one pipelined round
// trip: the time alone is written. It returns one error per goal (ENOTFOUND when it
// was deleted meanwhile), or a single error when Redis could not be asked.
func (r *Redis) TouchMeasurements(ctx context.Context, ids []string, at time.Time) ([]error, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.IntCmd, len(ids))
	ns := at.UnixNano()
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HSet(ctx, r.keys.goal(id), fieldMeasuredAt, ns)
		}
		return nil
	})
	if err != nil && !anyResult(cmds) {
		return nil, wrap(err, "touch measurements of %d goals", len(ids))
	}
	errs := make([]error, len(ids))
	var created []int // goals whose field was new: deleted meanwhile, or never touched
	for i, c := range cmds {
		switch n, err := c.Result(); {
		case err != nil:
			errs[i] = wrap(err, "touch measurement of goal %s", ids[i])
		case n == 1:
			created = append(created, i)
		}
	}
	for _, i := range created {
		// A plain HSET cannot refuse a goal that was deleted: it made a hash of that
		// one field, which goes again (ids are never reused, so nothing else writes it).
		n, err := goneScript.Run(ctx, r.client, []string{r.keys.goal(ids[i])}).Int64()
		switch {
		case err != nil:
			errs[i] = wrap(err, "touch measurement of goal %s", ids[i])
		case n == 1:
			errs[i] = fmt.Errorf("touch measurement: %w", notFound("errors.store.missing_goal", ids[i]))
		}
	}
	return errs, nil
}

// goneScript deletes a goal's hash when it holds no goal (no version), as a touch of
// a deleted goal leaves it. KEYS: goal. Returns 1 when it deleted it.
var goneScript = redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], 'v') == 1 then return 0 end
return redis.call('DEL', KEYS[1])
`)

// scriptCall is one run of a script: its keys and arguments.
type scriptCall struct {
	keys []string
	args []any
}

// runScripts runs every call of s in one pipeline (EVALSHA), loading s first when
// Redis does not have it yet, and returns each call's command.
func (r *Redis) runScripts(ctx context.Context, s *redis.Script, calls []scriptCall) ([]*redis.Cmd, error) {
	cmds := make([]*redis.Cmd, len(calls))
	run := func() error {
		_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, c := range calls {
				cmds[i] = p.EvalSha(ctx, s.Hash(), c.keys, c.args...)
			}
			return nil
		})
		return err
	}
	err := run()
	if err != nil && isNoScript(err) {
		if err = s.Load(ctx, r.client).Err(); err == nil {
			err = run()
		}
	}
	return cmds, err
}
