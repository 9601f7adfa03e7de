package engine

import (
	"context"
	"fmt"
)

// MeasureGoals measures the goals with these ids now (`/goal refresh ID`).
func (e *Engine) MeasureGoals(ctx context.Context, ids []string) (PassResult, error) {
	res := PassResult{At: e.Clock.Now()}
	gs, err := e.Store.Goals(ctx, ids)
	if err != nil {
		return res, fmt.Errorf("load goals %v: %w", ids, err)
	}
	subs, err := e.subscriptions(ctx)
	if err != nil {
		return res, err
	}
	if err := e.measure(ctx, res.At, gs, subs, &res); err != nil {
		return res, err
	}
	return res, nil
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
