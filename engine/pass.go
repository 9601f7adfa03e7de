package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
)

// PassResult is what one evaluation pass did.
type PassResult struct {
	At       time.Time
	Measured int             // goals measured
	Queued   []goalbot.Alert // alerts queued by this pass
	Duration time.Duration
}

// Pass measures every goal that is not settled, at the clock's time.
func (e *Engine) Pass(ctx context.Context) (PassResult, error) {
	start := time.Now()
	res := PassResult{At: e.Clock.Now()}
	ids, err := e.Store.OpenGoalIDs(ctx)
	if err != nil {
		return res, fmt.Errorf("list open goals: %w", err)
	}
	subs, err := e.subscriptions(ctx)
	if err != nil {
		return res, err
	}
	var errs []error
	for len(ids) > 0 {
		n := min(len(ids), e.batchSize())
		gs, err := e.Store.Goals(ctx, ids[:n])
		ids = ids[n:]
		if err == nil {
			err = e.measure(ctx, res.At, gs, subs, &res)
		}
		if err != nil {
			errs = append(errs, err)
			if ctx.Err() != nil {
				break
			}
		}
	}
	if err := e.digests(ctx, res.At, subs, &res); err != nil {
		errs = append(errs, err)
	}
	res.Duration = time.Since(start)
	e.Metrics.pass(res)
	e.Logger.Info("evaluation pass", "at", res.At, "measured", res.Measured, "queued", len(res.Queued),
		"duration_ms", res.Duration.Milliseconds(), "errors", len(errs))
	return res, errors.Join(errs...)
}

// MeasureCampaigns measures the goals of campaigns (after an ingest touched them).
func (e *Engine) MeasureCampaigns(ctx context.Context, campaigns []string) (PassResult, error) {
	res := PassResult{At: e.Clock.Now()}
	gs, err := e.Store.GoalsByCampaigns(ctx, campaigns)
	if err != nil {
		return res, fmt.Errorf("load goals of %d campaigns: %w", len(campaigns), err)
	}
	subs, err := e.subscriptions(ctx)
	if err != nil {
		return res, err
	}
	for len(gs) > 0 {
		n := min(len(gs), e.batchSize())
		if err := e.measure(ctx, res.At, gs[:n], subs, &res); err != nil {
			return res, err
		}
		gs = gs[n:]
	}
	return res, nil
}

func (e *Engine) subscriptions(ctx context.Context) ([]goalbot.Subscription, error) {
	ps, err := e.Store.Subscriptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("load subscriptions: %w", err)
	}
	out := make([]goalbot.Subscription, len(ps))
	for i, s := range ps {
		out[i] = *s
	}
	return out, nil
}

// measure measures one batch of goals at now: one pipelined read of the metric sums
// they need (each campaign range once), then per goal its figures, its new events
// fired through the ledger, and its measurement saved. Alerts are queued before the
// measurement is saved, so a crash in between repeats the decision (the ledger
// absorbs it) rather than losing it.
func (e *Engine) measure(ctx context.Context, now time.Time, gs []*goalbot.Goal, subs []goalbot.Subscription, res *PassResult) error {
	ids := make([]string, 0, len(gs))
	for _, g := range gs {
		ids = append(ids, g.ID)
	}
	prevs, err := e.Store.Measurements(ctx, ids)
	if err != nil {
		return fmt.Errorf("load measurements: %w", err)
	}
	plan := newSumPlan()
	for _, g := range gs {
		if p := prevs[g.ID]; p != nil && p.Settled {
			continue
		}
		plan.add(g, prevs[g.ID], now)
	}
	totals, err := e.Store.SumRanges(ctx, plan.queries)
	if err != nil {
		return fmt.Errorf("sum metrics of %d ranges: %w", len(plan.queries), err)
	}
	last, err := e.Store.LastMetricAt(ctx, plan.campaigns())
	if err != nil {
		return fmt.Errorf("load last metrics: %w", err)
	}
	var errs []error
	for _, g := range gs {
		prev := prevs[g.ID]
		if prev != nil && prev.Settled {
			continue
		}
		m := goalbot.Measure(g, plan.sums(g, totals), prev, now, e.Settle)
		if err := e.fire(ctx, g, prev, &m, lastOf(g, last), subs, res); err != nil {
			errs = append(errs, fmt.Errorf("alerts of goal %s: %w", g.ID, err))
			continue // keep prev so that the next pass decides again
		}
		if err := e.Store.SaveMeasurement(ctx, m); err != nil {
			errs = append(errs, fmt.Errorf("save measurement of goal %s: %w", g.ID, err))
			continue
		}
		res.Measured++
	}
	return errors.Join(errs...)
}

// fire queues the alerts of every event that newly holds for g.
func (e *Engine) fire(ctx context.Context, g *goalbot.Goal, prev, m *goalbot.Measurement, last time.Time, subs []goalbot.Subscription, res *PassResult) error {
	status := g.Status(m, m.At)
	for _, o := range goalbot.Occurrences(g, prev, m, last) {
		alerts := goalbot.AlertsFor(g, o, subs, status, m.Headline, m.At)
		fired, err := e.Store.Fire(ctx, o.Key(), alerts, e.wall())
		if goalbot.ErrorCode(err) == goalbot.ENOTFOUND {
			return nil // the goal was deleted meanwhile: nothing to tell
		} else if err != nil {
			return fmt.Errorf("fire %s: %w", o.Key(), err)
		}
		if fired {
			res.Queued = append(res.Queued, alerts...)
			e.Metrics.queued(alerts)
		}
	}
	return nil
}

// lastOf returns the last accepted metrics row of any of g's campaigns.
func lastOf(g *goalbot.Goal, last map[string]time.Time) time.Time {
	var t time.Time
	for _, c := range g.Campaigns {
		if l := last[c]; l.After(t) {
			t = l
		}
	}
	return t
}

// digests queues the weekly digest of every subscription that asks for it, once the
// week's Monday 09:00 (workspace time) has passed.
func (e *Engine) digests(ctx context.Context, now time.Time, subs []goalbot.Subscription, res *PassResult) error {
	monday, dueAt := goalbot.DigestWeek(now, e.Workspace.Location())
	if now.Before(dueAt) {
		return nil
	}
	var errs []error
	for i := range subs {
		s := &subs[i]
		// A subscription made after this week's digest was due gets the next one.
		if !s.Wants(goalbot.EventDigest) || s.Failure != "" || s.CreatedAt.After(dueAt) {
			continue
		}
		gs, _, err := e.Store.ListGoals(ctx, s.Filter, now, "", 100)
		if err != nil {
			errs = append(errs, fmt.Errorf("digest of %s: %w", s.ID, err))
			continue
		}
		ids := make([]string, len(gs))
		for j, g := range gs {
			ids[j] = g.ID
		}
		a := goalbot.DigestAlert(s, monday, ids, now)
		fired, err := e.Store.Fire(ctx, a.Key, []goalbot.Alert{a}, e.wall())
		if err != nil {
			errs = append(errs, fmt.Errorf("digest of %s: %w", s.ID, err))
			continue
		}
		if fired {
			res.Queued = append(res.Queued, a)
			e.Metrics.queued([]goalbot.Alert{a})
		}
	}
	return errors.Join(errs...)
}
