package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// bulkChunk is how many writes one pipelined round trip of a bulk load carries.
const bulkChunk = 1000

// CreateGoals stores new goals as CreateGoal does (each gets the next id and version
// 1, atomically with its indexes), a thousand per pipelined round trip. It is for
// filling a store fast (benchmarks, demos); a failure may leave the goals before it
// created.
func (r *Redis) CreateGoals(ctx context.Context, gs []*goalbot.Goal) error {
	if err := createGoalScript.Load(ctx, r.client).Err(); err != nil {
		return wrap(err, "create goals: load script")
	}
	for done := 0; done < len(gs); done += bulkChunk {
		chunk := gs[done:min(done+bulkChunk, len(gs))]
		cmds := make([]*redis.Cmd, len(chunk))
		_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, g := range chunk {
				keys, args, err := r.createGoalArgs(g)
				if err != nil {
					return fmt.Errorf("goal %d of %d: %w", done+i+1, len(gs), err)
				}
				cmds[i] = p.EvalSha(ctx, createGoalScript.Hash(), keys, args...)
			}
			return nil
		})
		if err != nil {
			return wrap(err, "create goals %d–%d", done+1, done+len(chunk))
		}
		for i, c := range cmds {
			n, err := c.Int64()
			if err != nil {
				return wrap(err, "create goal %d of %d", done+i+1, len(gs))
			}
			chunk[i].ID, chunk[i].Version = "G"+strconv.FormatInt(n, 10), 1
		}
	}
	return nil
}
