package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// fireAllScript fires a batch of occurrences: each is recorded in the occurrence
// ledger and its alerts queued (see outbox_lane.go's put), only the first time its key is
// seen. KEYS: fired, ledger (declared; the rest is named from B), then per
// occurrence its goal and the goal's outbox set. ARGV: not-before (unix ms), B, then
// per occurrence its key, whether it has a goal ('1'/'0'), its goal id, its number
// of alerts n, and n quadruples of alert key, recipient, stale flag ('1' for a
// goal's stale alert) and JSON. Returns per occurrence 1 when fired, 0 when it had
// fired before, -1 when its goal is gone.
var fireAllScript = redis.NewScript(laneLua + `
local B = ARGV[2]
local out = {}
local a = 3
for g = 3, #KEYS, 2 do
  local key, hasGoal, goal, n = ARGV[a], ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
  local first = a + 4
  a = first + 4 * n
  if hasGoal == '1' and redis.call('EXISTS', KEYS[g]) == 0 then
    out[#out + 1] = -1
  elseif redis.call('HSETNX', KEYS[1], key, ARGV[1]) == 0 then
    out[#out + 1] = 0
  else
    for i = first, a - 1, 4 do
      if redis.call('HSETNX', KEYS[2], ARGV[i], 'queued') == 1 then
        put(B, ARGV[i + 1], ARGV[i], ARGV[i + 3], ARGV[1], goal, ARGV[i + 2])
        if hasGoal == '1' then redis.call('SADD', KEYS[g + 1], ARGV[i]) end
      end
    end
    out[#out + 1] = 1
  end
end
return out
`)

// fireChunk is how many occurrences one call of fireAllScript fires.
const fireChunk = 500

// FireAll fires many occurrences as Fire does, each atomically and only the first
// time its key is seen, in one pipelined round trip (a script call per 500):
// keys[i] queues alerts[i] from notBefore. It reports per occurrence whether it
// fired and its error (ENOTFOUND when its goal no longer exists), or a single error
// when Redis could not be asked.
func (r *Redis) FireAll(ctx context.Context, keys []string, alerts [][]goalbot.Alert, notBefore time.Time) ([]bool, []error, error) {
	if len(keys) != len(alerts) {
		return nil, nil, goalbot.Invalid("errors.store.fire_lists", goalbot.Args{"Keys": len(keys), "Lists": len(alerts)})
	}
	if len(keys) == 0 {
		return nil, nil, nil
	}
	var calls []scriptCall
	goals := make([]string, len(keys))
	k := r.keys
	for done := 0; done < len(keys); done += fireChunk {
		end := min(done+fireChunk, len(keys))
		c := scriptCall{keys: []string{k.outbox("fired"), k.outbox("ledger")},
			args: []any{notBefore.UnixMilli(), k.outbox("")}}
		for i := done; i < end; i++ {
			hasGoal, goalKey, goalSet := "0", k.goal("-"), k.outboxGoal("-")
			if len(alerts[i]) > 0 && goalOf(alerts[i][0]) != "" {
				goals[i] = alerts[i][0].GoalID
				hasGoal, goalKey, goalSet = "1", k.goal(goals[i]), k.outboxGoal(goals[i])
			}
			c.keys = append(c.keys, goalKey, goalSet)
			c.args = append(c.args, keys[i], hasGoal, goals[i], len(alerts[i]))
			for _, a := range alerts[i] {
				if a.QueuedAt.IsZero() {
					a.QueuedAt = r.now()
				}
				a.Attempts = 0
				body, err := json.Marshal(a)
				if err != nil {
					return nil, nil, fmt.Errorf("fire %s: encode alert: %w", keys[i], err)
				}
				c.args = append(c.args, a.Key, a.Recipient, staleFlag(a), body)
			}
		}
		calls = append(calls, c)
	}
	cmds, err := r.runScripts(ctx, fireAllScript, calls)
	if err != nil && !anyResult(cmds) {
		return nil, nil, wrap(err, "fire %d occurrences", len(keys))
	}
	fired, errs := make([]bool, len(keys)), make([]error, len(keys))
	for c, cmd := range cmds {
		base := c * fireChunk
		n := min(fireChunk, len(keys)-base)
		res, err := cmd.Int64Slice()
		if err == nil && len(res) != n {
			err = fmt.Errorf("%d answers for %d occurrences", len(res), n)
		}
		for j := 0; j < n; j++ {
			i := base + j
			switch {
			case err != nil:
				errs[i] = wrap(err, "fire %s", keys[i])
			case res[j] < 0:
				errs[i] = fmt.Errorf("fire %s: %w", keys[i], notFound("errors.store.missing_goal", goals[i]))
			default:
				fired[i] = res[j] == 1
			}
		}
	}
	return fired, errs, nil
}
