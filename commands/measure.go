package commands

import (
	"context"
	"log/slog"
	"time"

	"github.com/goalbot/goalbot"
)

// A goal created or edited is measured before the reply is built, through Refresh
// (the engine's `/goal refresh` path: the same figures, and the same alerts through
// the same ledger, as a pass), within the measure budget. So `show`, `list`, App Home
// and the HTTP API show its figures at once, never the ones of its version before the
// edit. When the measurement cannot finish in time, the reply says that the figures
// follow, and the engine is asked to measure the goal within seconds (MeasureSoon).
//
// A stored measurement of an earlier version of its goal is not shown as current
// (GoalView.Measuring): `show` and GET /v1/goals/{id} measure the goal first (within
// the budget), lists ask for a measurement within seconds.

// DefaultMeasureBudget bounds the measurement of a goal on the request path when
// App.MeasureBudget is zero.
const DefaultMeasureBudget = 1500 * time.Millisecond

// replyMargin is the time a request with a deadline (a modal submission, answered in
// its ack within Slack's three seconds) keeps for its reply after a measurement.
const replyMargin = 400 * time.Millisecond

// soonTimeout bounds asking for a measurement within seconds.
const soonTimeout = 2 * time.Second

// measureNow measures g through Refresh within the measure budget and ctx's deadline
// (less replyMargin), and reports whether it did. When it did not (no engine, an
// error, no time left), it asks for a measurement within seconds.
func (a *App) measureNow(ctx context.Context, g *goalbot.Goal) bool {
	if a.Refresh == nil {
		return false
	}
	budget := a.MeasureBudget
	if budget <= 0 {
		budget = DefaultMeasureBudget
	}
	if dl, ok := ctx.Deadline(); ok {
		budget = min(budget, time.Until(dl)-replyMargin)
	}
	if budget > 0 {
		mctx, cancel := context.WithTimeout(ctx, budget)
		_, err := a.Refresh(mctx, []string{g.ID})
		cancel()
		if err == nil {
			return true
		}
		a.logger().WarnContext(ctx, "measure a goal before the reply; its figures follow", "goal", g.ID, "budget", budget, "err", err)
	}
	a.measureSoon(ctx, []*goalbot.Goal{g})
	return false
}

// measureSoon asks the engine to measure goals within seconds (their campaigns'
// goals, at the leader's next tick); nothing happens without MeasureSoon. It runs
// even when ctx has ended, within soonTimeout.
func (a *App) measureSoon(ctx context.Context, gs []*goalbot.Goal) {
	if a.MeasureSoon == nil || len(gs) == 0 {
		return
	}
	var campaigns []string
	seen := map[string]bool{}
	for _, g := range gs {
		for _, c := range g.Campaigns {
			if !seen[c] {
				seen[c] = true
				campaigns = append(campaigns, c)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), soonTimeout)
	defer cancel()
	if err := a.MeasureSoon(ctx, campaigns); err != nil {
		a.logger().ErrorContext(ctx, "ask for a measurement within seconds", "goals", len(gs), "err", err)
	}
}

// outdated reports whether m, g's stored measurement, is of an earlier version of g
// (an edit since), so that its figures are not g's. A settled measurement is final:
// an edit changes no ended period.
func outdated(g *goalbot.Goal, m *goalbot.Measurement) bool {
	return m != nil && !m.Settled && m.GoalVersion < g.Version
}

// measuring returns the goals of views whose figures are being measured.
func measuring(views []GoalView) []*goalbot.Goal {
	var out []*goalbot.Goal
	for _, v := range views {
		if v.Measuring {
			out = append(out, v.Goal)
		}
	}
	return out
}

// Figures is goal id with its figures as they are stored now (after a create or an
// edit, which measured it), or nil when it cannot be read: the answer then goes
// without them.
func (a *App) Figures(ctx context.Context, id string) *GoalView {
	v, err := a.ReadGoal(ctx, id)
	if err != nil {
		a.logger().WarnContext(ctx, "read the figures of a goal for a reply", "goal", id, "err", err)
		return nil
	}
	return &v
}

// logger returns the App's logger, or slog's default.
func (a *App) logger() *slog.Logger {
	if a.Logger == nil {
		return slog.Default()
	}
	return a.Logger
}
