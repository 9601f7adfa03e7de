package engine

import (
	"context"
	"errors"
	"fmt"
)

// MeasureGoals measures the goals with these ids now (`/goal refresh ID`), whatever
// changed since their last measurement.
func (e *Engine) MeasureGoals(ctx context.Context, ids []string) (res PassResult, err error) {
	res = PassResult{At: e.Clock.Now()}
	gs, prevs, err := e.Store.GoalsWithMeasurements(ctx, ids)
	if err != nil {
		return res, fmt.Errorf("load goals %v: %w", ids, err)
	}
	subs, err := e.subscriptions(ctx)
	if err != nil {
		return res, err
	}
	sv := &saver{e: e}
	err = e.measure(ctx, res.At, gs, prevs, nil, subs, newSumCache(res.At), sv, true, &res)
	sv.waitInto(&res, &err)
	return res, errors.Join(err, e.flushStale(ctx, &res))
}

// Refresh measures the goals with these ids now, or runs a whole pass (under the pass
// lease) when there are none, and reports how many goals it measured.
func (r *Runner) Refresh(ctx context.Context, ids []string) (int, error) {
	var res PassResult
	var err error
	if len(ids) == 0 {
		res, err = r.Engine.LockedPass(ctx, r.Coord, r.Owner)
	} else {
		res, err = r.Engine.MeasureGoals(ctx, ids)
	}
	return res.Measured, err
}
