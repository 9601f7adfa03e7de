package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// saveMeasurementScript keeps a goal's latest measurement and moves the goal between
// the progress, open and outcome indexes. KEYS: goal, progress, open, the outcome sets
// exceeded, achieved, missed. ARGV: id, measurement JSON, headline (” when unknown),
// settled outcome (” while not settled). Returns 1, or 0 when there is no such goal.
var saveMeasurementScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local id = ARGV[1]
redis.call('HSET', KEYS[1], 'm', ARGV[2])
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], id)
else
  redis.call('ZADD', KEYS[2], ARGV[3], id)
end
if ARGV[4] == '' then
  redis.call('ZADD', KEYS[3], ARGV[5], id)
else
  redis.call('ZREM', KEYS[3], id)
end
local names = {'exceeded', 'achieved', 'missed'}
for i = 1, 3 do
  if names[i] == ARGV[4] then
    redis.call('ZADD', KEYS[3 + i], ARGV[5], id)
  else
    redis.call('ZREM', KEYS[3 + i], id)
  end
end
return 1
`)

// SaveMeasurement keeps m as the latest measurement of goal m.GoalID and indexes the
// goal by its headline progress and, once m is settled, its outcome (a settled goal
// leaves the open goals). A goal deleted meanwhile gives an ENOTFOUND error.
func (r *Redis) SaveMeasurement(ctx context.Context, m goalbot.Measurement) error {
	keys, args, err := r.saveMeasurementArgs(m)
	if err != nil {
		return fmt.Errorf("save measurement of goal %s: %w", m.GoalID, err)
	}
	n, err := saveMeasurementScript.Run(ctx, r.client, keys, args...).Int64()
	if err != nil {
		return wrap(err, "save measurement of goal %s", m.GoalID)
	}
	if n == 0 {
		return fmt.Errorf("save measurement: %w", notFound("goal", m.GoalID))
	}
	return nil
}

// saveMeasurementArgs returns the keys and arguments of saveMeasurementScript for m.
func (r *Redis) saveMeasurementArgs(m goalbot.Measurement) ([]string, []any, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, nil, fmt.Errorf("encode: %w", err)
	}
	headline, outcome := "", ""
	if m.Headline != nil {
		headline = strconv.FormatFloat(*m.Headline, 'g', -1, 64)
	}
	if m.Settled {
		outcome = string(m.Total.Outcome())
	}
	k := r.keys
	keys := []string{
		k.goal(m.GoalID), k.goalsProgress(), k.goalsOpen(),
		k.goalsOutcome(string(goalbot.Exceeded)), k.goalsOutcome(string(goalbot.Achieved)), k.goalsOutcome(string(goalbot.Missed)),
	}
	return keys, []any{m.GoalID, string(b), headline, outcome, goalNumber(m.GoalID)}, nil
}

// Measurement returns the latest measurement of goal id: nil when it was never
// measured, an ENOTFOUND error when there is no such goal.
func (r *Redis) Measurement(ctx context.Context, id string) (*goalbot.Measurement, error) {
	vals, err := r.client.HMGet(ctx, r.keys.goal(id), fieldVersion, fieldMeasurement).Result()
	if err != nil {
		return nil, wrap(err, "load measurement of goal %s", id)
	}
	if vals[0] == nil {
		return nil, fmt.Errorf("load measurement: %w", notFound("goal", id))
	}
	m, err := decodeMeasurement(vals[1])
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
	cmds := make([]*redis.StringCmd, len(ids))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGet(ctx, r.keys.goal(id), fieldMeasurement)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "load measurements of %d goals", len(ids))
	}
	for i, c := range cmds {
		if err := c.Err(); errors.Is(err, redis.Nil) {
			continue
		} else if err != nil {
			return nil, wrap(err, "load measurement of goal %s", ids[i])
		}
		m, err := decodeMeasurement(c.Val())
		if err != nil {
			return nil, fmt.Errorf("load measurement of goal %s: %w", ids[i], err)
		}
		out[ids[i]] = m
	}
	return out, nil
}

// decodeMeasurement decodes a measurement as HGET or HMGET returns it (nil: none).
func decodeMeasurement(v any) (*goalbot.Measurement, error) {
	s, _ := v.(string)
	if s == "" {
		return nil, nil
	}
	m := new(goalbot.Measurement)
	if err := json.Unmarshal([]byte(s), m); err != nil {
		return nil, fmt.Errorf("decode measurement: %w", err)
	}
	return m, nil
}
