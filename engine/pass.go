package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
)

// PassResult is what one evaluation pass did.
type PassResult struct {
	At       time.Time
	Measured int // goals measured
	// Retimed counts the goals whose figures were carried over from their previous
	// measurement (nothing they depend on changed; see goalbot.Retime).
	Retimed int
	Queued  []goalbot.Alert // alerts queued by this pass
	// Grouped maps the key of each stale alert in Queued to the key of the alert that
	// tells its recipient about every goal that went stale in the pass.
	Grouped  map[string]string
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
	cache := newSumCache(res.At)
	sv := &saver{e: e}
	loads, stopLoad := e.load(ctx, ids)
	batches, stopPrepare := e.prepareAll(ctx, res.At, loads, cache)
	for b := range batches {
		err := b.err
		if err == nil && b.open != nil {
			err = e.finish(ctx, res.At, b, subs, sv, &res)
		}
		if err != nil {
			errs = append(errs, err)
			if ctx.Err() != nil {
				break
			}
		}
	}
	stopPrepare()
	stopLoad()
	measured, queued, serrs := sv.wait()
	res.Measured += measured
	res.Queued = append(res.Queued, queued...)
	errs = append(errs, serrs...)
	if err := e.flushStale(ctx, &res); err != nil {
		errs = append(errs, err)
	}
	if err := e.digests(ctx, res.At, subs, &res); err != nil {
		errs = append(errs, err)
	}
	res.Duration = time.Since(start)
	e.Metrics.pass(res)
	e.Logger.Info("evaluation pass", "at", res.At, "measured", res.Measured, "carried_over", res.Retimed, "queued", len(res.Queued),
		"duration_ms", res.Duration.Milliseconds(), "errors", len(errs))
	return res, errors.Join(errs...)
}

// MeasureCampaigns measures the goals of campaigns (after an ingest touched them).
func (e *Engine) MeasureCampaigns(ctx context.Context, campaigns []string) (res PassResult, err error) {
	res = PassResult{At: e.Clock.Now()}
	gs, err := e.Store.GoalsByCampaigns(ctx, campaigns)
	if err != nil {
		return res, fmt.Errorf("load goals of %d campaigns: %w", len(campaigns), err)
	}
	subs, err := e.subscriptions(ctx)
	if err != nil {
		return res, err
	}
	cache := newSumCache(res.At)
	sv := &saver{e: e}
	defer func() {
		sv.waitInto(&res, &err)
		err = errors.Join(err, e.flushStale(ctx, &res))
		e.Metrics.measuredGoals(res)
	}()
	for len(gs) > 0 {
		batch := gs[:min(len(gs), e.batchSize())]
		gs = gs[len(batch):]
		ids := make([]string, len(batch))
		for i, g := range batch {
			ids[i] = g.ID
		}
		prevs, err := e.Store.Measurements(ctx, ids)
		if err != nil {
			return res, fmt.Errorf("load measurements of %d goals: %w", len(ids), err)
		}
		if err := e.measure(ctx, res.At, batch, prevs, nil, subs, cache, sv, true, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// flushStale queues the stale alerts that res queued (held back until now, see
// Store.FlushStale) as one alert per recipient, and records in res which alert each
// joined. It runs even when ctx has ended (a measurement bounded by a request's
// deadline), within a few seconds of its own: the alerts are queued already.
func (e *Engine) flushStale(ctx context.Context, res *PassResult) error {
	var recipients []string
	seen := map[string]bool{}
	for _, a := range res.Queued {
		if a.GroupsAsStale() && !seen[a.Recipient] {
			seen[a.Recipient] = true
			recipients = append(recipients, a.Recipient)
		}
	}
	if len(recipients) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()
	groups, err := e.Store.FlushStale(ctx, recipients)
	if err != nil {
		return fmt.Errorf("queue the stale alerts of %d recipients: %w", len(recipients), err)
	}
	if res.Grouped == nil {
		res.Grouped = make(map[string]string)
	}
	for _, a := range res.Queued {
		if g := groups[a.Recipient]; g != "" && a.GroupsAsStale() {
			res.Grouped[a.Key] = g
		}
	}
	return nil
}

// flushTimeout bounds flushStale.
const flushTimeout = 5 * time.Second

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

// measure measures one batch of goals at now, given their previous measurements and
// the last accepted rows of their campaigns (nil: read them): prepare, then finish.
func (e *Engine) measure(ctx context.Context, now time.Time, gs []*goalbot.Goal, prevs map[string]*goalbot.Measurement,
	last map[string]time.Time, subs []goalbot.Subscription, cache *sumCache, sv *saver, fresh bool, res *PassResult) error {
	b, err := e.prepare(ctx, now, gs, prevs, last, cache, fresh)
	if err != nil || b.open == nil {
		return err
	}
	return e.finish(ctx, now, b, subs, sv, res)
}

// batch is one batch of goals on its way through a pass: read (loaded), then its
// sums (prepare), then measured and its alerts fired (finish), then saved (saver).
type batch struct {
	open    []*goalbot.Goal // the goals not settled (nil: none)
	prevs   map[string]*goalbot.Measurement
	last    map[string]time.Time
	ms      []goalbot.Measurement // by goal in open: the carried-over ones once prepared
	retimed []bool
	periods [][]goalbot.Period   // the periods of the goals measured afresh
	sums    [][][]goalbot.Totals // and their sums
	spend   []*goalbot.SpendDays // and the daily spend of the budgets among them
	err     error
}

// prepareAll prepares the loaded batches one after another, one batch ahead of the
// consumer, with cache (which it alone uses until stop returns). stop ends it early
// and waits until it has; it must be called.
func (e *Engine) prepareAll(ctx context.Context, now time.Time, loads <-chan loaded, cache *sumCache) (<-chan *batch, func()) {
	return stage(ctx, func(ctx context.Context, send func(*batch) bool) {
		for l := range loads {
			b := &batch{err: l.err}
			if l.err == nil {
				var err error
				if b, err = e.prepare(ctx, now, l.goals, l.prevs, l.last, cache, false); err != nil {
					b = &batch{err: err}
				}
			}
			if !send(b) {
				return
			}
		}
	})
}

// prepare reads what a batch of goals needs to be measured at now: a goal that
// nothing it depends on changed for since its previous measurement is carried over to
// now (goalbot.Retime), unless fresh is set (an ingest asked for it); the others take
// one pipelined read of the metric sums they need that the cache does not hold (each
// campaign's month piece once, see sumPlan).
func (e *Engine) prepare(ctx context.Context, now time.Time, gs []*goalbot.Goal, prevs map[string]*goalbot.Measurement,
	last map[string]time.Time, cache *sumCache, fresh bool) (*batch, error) {
	open := make([]*goalbot.Goal, 0, len(gs))
	for _, g := range gs {
		if p := prevs[g.ID]; p != nil && p.Settled {
			continue // settled: never measured again
		}
		open = append(open, g)
	}
	if len(open) == 0 {
		return &batch{}, nil
	}
	if last == nil {
		var err error
		if last, err = e.Store.LastMetricAt(ctx, openCampaigns(open, prevs)); err != nil {
			return nil, fmt.Errorf("load last metrics: %w", err)
		}
	}
	cache.changed(last)
	ms := make([]goalbot.Measurement, len(open))
	retimed := make([]bool, len(open))
	plan, budgets := newSumPlan(cache, len(open)), newBudgetPlan(cache)
	for i, g := range open {
		prev := prevs[g.ID]
		if !fresh && unchanged(g, prev, last) {
			ms[i], retimed[i] = goalbot.Retime(g, prev, now, e.Settle)
		}
		if !retimed[i] {
			plan.add(g, prev, now)
			budgets.add(g, plan.periods(g), now)
		}
	}
	// The budgets' days are read while the sums are: the two reads wait for Redis
	// once, not one after the other (they keep what they read in different parts of
	// the cache).
	fetched := make(chan error, 1)
	go func() { fetched <- budgets.fetch(ctx, e.Store) }()
	err := e.learnCurrencies(ctx, open, retimed)
	if err == nil && len(plan.queries) > 0 {
		var totals []goalbot.Totals
		if totals, err = e.Store.SumRanges(ctx, plan.queries); err != nil {
			err = fmt.Errorf("sum metrics of %d ranges: %w", len(plan.queries), err)
		} else {
			plan.read(totals)
		}
	}
	if ferr := <-fetched; err == nil {
		err = ferr
	}
	if err != nil {
		return nil, err
	}
	b := &batch{open: open, prevs: prevs, last: last, ms: ms, retimed: retimed,
		periods: make([][]goalbot.Period, len(open)), sums: make([][][]goalbot.Totals, len(open)),
		spend: make([]*goalbot.SpendDays, len(open))}
	for i, g := range open {
		if !retimed[i] {
			b.periods[i], b.sums[i] = plan.periods(g), plan.sums(g)
			if days, ok := budgets.days(g); ok {
				b.spend[i] = &days
			}
		}
	}
	return b, nil
}

// finish measures a prepared batch: per goal, its figures and the events that newly
// hold (on every core), then hands the batch to the saver (sv), which records its
// alerts and measurements (record) while the next batch is measured.
func (e *Engine) finish(ctx context.Context, now time.Time, b *batch, subs []goalbot.Subscription, sv *saver, res *PassResult) error {
	open, prevs, last, ms, retimed := b.open, b.prevs, b.last, b.ms, b.retimed
	// Each goal's figures and events depend on it alone: worked out on every core.
	occurrences := make([][]goalbot.Occurrence, len(open))
	statuses := make([]goalbot.Status, len(open))
	eachOnCores(len(open), func(i int) {
		g, prev := open[i], prevs[open[i].ID]
		if !retimed[i] {
			currencies := e.currenciesOf(g)
			ms[i] = goalbot.MeasurePeriods(g, b.periods[i], b.sums[i], currencies, prev, now, e.Settle)
			if b.spend[i] != nil {
				goalbot.MeasureBudget(g, &ms[i], *b.spend[i], currencies)
			}
		}
		statuses[i] = g.Status(&ms[i], now)
		occurrences[i] = goalbot.Occurrences(g, prev, &ms[i], lastOf(g, last), e.StaleAfter)
	})
	var f firings
	for i, g := range open {
		if retimed[i] {
			res.Retimed++
		}
		for _, o := range occurrences[i] {
			f.add(i, o.Key(), goalbot.AlertsFor(g, o, subs, statuses[i], ms[i].Headline, now))
		}
	}
	sv.run(ctx, func() recorded { return e.record(ctx, &f, b, now) })
	return nil
}

// record fires a measured batch's occurrences f through the ledger in one round
// trip, then saves its measurements in one more (the carried-over ones: their time).
// Alerts are queued before the measurements are saved, so a crash in between
// repeats the decision (the ledger absorbs it) rather than losing it; a goal whose
// alerts could not be recorded keeps its previous measurement, so that the next pass
// decides again.
func (e *Engine) record(ctx context.Context, f *firings, b *batch, now time.Time) recorded {
	var fired PassResult
	skip, err := e.fireAll(ctx, f, len(b.open), &fired)
	if err != nil {
		return recorded{errs: []error{err}} // nothing saved: the next pass decides again
	}
	out := recorded{queued: fired.Queued}
	save := make([]goalbot.Measurement, 0, len(b.ms))
	var touch []string
	for i, g := range b.open {
		prev := b.prevs[g.ID]
		switch {
		case skip[i] != nil:
			if goalbot.ErrorCode(skip[i]) != goalbot.ENOTFOUND { // a deleted goal: nothing to tell
				out.errs = append(out.errs, fmt.Errorf("alerts of goal %s: %w", g.ID, skip[i]))
			}
		case b.retimed[i]:
			touch = append(touch, g.ID) // only its time changed
		default:
			save = append(save, b.ms[i])
			if e.Changed != nil && ShownChanged(g, prev, &b.ms[i], now) {
				out.changed = append(out.changed, g.ID)
			}
		}
	}
	n, errs := e.saveAll(ctx, save)
	t, terrs := e.touchAll(ctx, touch, now)
	out.measured = n + t
	out.errs = append(append(out.errs, errs...), terrs...)
	return out
}

// eachOnCores calls do(i) for every i below n, spread over GOMAXPROCS goroutines
// (in this one when n is small); do must be safe to call concurrently.
func eachOnCores(n int, do func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/64)
	if workers < 2 {
		for i := 0; i < n; i++ {
			do(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				do(i)
			}
		}()
	}
	wg.Wait()
}

// firings are the occurrences of a batch with their alerts, and the goal (index in
// the batch) of each.
type firings struct {
	keys   []string
	alerts [][]goalbot.Alert
	owner  []int
}

func (f *firings) add(owner int, key string, alerts []goalbot.Alert) {
	f.keys = append(f.keys, key)
	f.alerts = append(f.alerts, alerts)
	f.owner = append(f.owner, owner)
}

// fireAll fires the batch's occurrences in one round trip and adds the alerts that
// were queued to res. It returns, for each of the batch's n goals, why its alerts
// could not all be recorded (nil when they were), or an error when none could be.
func (e *Engine) fireAll(ctx context.Context, f *firings, n int, res *PassResult) ([]error, error) {
	skip := make([]error, n)
	if len(f.keys) == 0 {
		return skip, nil
	}
	fired, errs, err := e.Store.FireAll(ctx, f.keys, f.alerts, e.wall())
	if err != nil {
		return nil, fmt.Errorf("fire %d occurrences: %w", len(f.keys), err)
	}
	for j, owner := range f.owner {
		switch {
		case errs[j] != nil:
			if skip[owner] == nil {
				skip[owner] = errs[j]
			}
		case fired[j]:
			res.Queued = append(res.Queued, f.alerts[j]...)
			e.Metrics.queued(f.alerts[j])
		}
	}
	return skip, nil
}

// retimeMargin is how much older than a goal's previous measurement the last
// accepted metrics rows of its campaigns must be for the measurement to be carried
// over (goalbot.Retime): a row is stamped when its ingest begins and is in the store
// once the ingest's transaction commits, a moment later.
const retimeMargin = time.Minute

// unchanged reports whether no metrics of g's campaigns were accepted since its
// previous measurement prev (with retimeMargin to spare), according to last.
func unchanged(g *goalbot.Goal, prev *goalbot.Measurement, last map[string]time.Time) bool {
	if prev == nil {
		return false
	}
	since := prev.At.Add(-retimeMargin)
	for _, c := range g.Campaigns {
		if !last[c].Before(since) {
			return false
		}
	}
	return true
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
// week's Monday 09:00 (workspace time) has passed: once per subscription and week
// (the ledger keeps each week's key), listing the goals the subscription matches
// when it fires.
func (e *Engine) digests(ctx context.Context, now time.Time, subs []goalbot.Subscription, res *PassResult) error {
	monday, dueAt := goalbot.DigestWeek(now, e.Workspace.Location())
	if now.Before(dueAt) {
		return nil
	}
	var f firings
	var errs []error
	for i := range subs {
		s := &subs[i]
		// A subscription made after this week's digest was due gets the next one.
		if !s.Wants(goalbot.EventDigest) || s.Failure != "" || s.CreatedAt.After(dueAt) {
			continue
		}
		a := goalbot.DigestAlert(s, monday, nil, now)
		if done, err := e.Store.Fired(ctx, a.Key); err != nil || done {
			if err != nil {
				errs = append(errs, fmt.Errorf("digest of %s: %w", s.ID, err))
			}
			continue
		}
		gs, _, err := e.Store.ListGoals(ctx, s.Filter, now, "", 100)
		if err != nil {
			errs = append(errs, fmt.Errorf("digest of %s: %w", s.ID, err))
			continue
		}
		a.GoalIDs = make([]string, len(gs))
		for j, g := range gs {
			a.GoalIDs[j] = g.ID
		}
		f.add(i, a.Key, []goalbot.Alert{a})
	}
	failed, err := e.fireAll(ctx, &f, len(subs), res)
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("digests: %w", err))...)
	}
	for i, err := range failed {
		if err != nil {
			errs = append(errs, fmt.Errorf("digest of %s: %w", subs[i].ID, err))
		}
	}
	return errors.Join(errs...)
}
