package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
)

// A pass overlaps its Redis work with its computing, as a pipeline of stages that
// each run one request at a time, one batch ahead of the next: a loader reads a
// batch's goals and measurements; another stage the last accepted rows of their
// campaigns; a preparer their sums
// (pass.go); the measuring works out figures and events and fires alerts; a saver
// writes the measurements. So the measuring waits for Redis only to fire alerts, not
// behind the others' requests, and a handful of batches are in memory at once.

// loaded is one batch of goals with their previous measurements, or why it could not
// be read.
type loaded struct {
	goals []*goalbot.Goal
	prevs map[string]*goalbot.Measurement
	last  map[string]time.Time // the last accepted row of each of their campaigns
	err   error
}

// load reads the goals ids in batches, one batch ahead of the consumer. stop ends it
// early and waits until it has; it must be called.
//
// It runs as two stages, each one batch ahead of the next: one reads the goals and
// measurements, the other what their campaigns need (see more).
func (e *Engine) load(ctx context.Context, ids []string) (<-chan loaded, func()) {
	goals, stopGoals := stage(ctx, func(ctx context.Context, send func(loaded) bool) {
		for len(ids) > 0 {
			n := min(len(ids), e.batchSize())
			l := loaded{}
			l.goals, l.prevs, l.err = e.Store.GoalsWithMeasurements(ctx, ids[:n])
			if l.err != nil {
				l.err = fmt.Errorf("load %d goals: %w", n, l.err)
			}
			ids = ids[n:]
			if !send(l) {
				return
			}
		}
	})
	out, stopOut := stage(ctx, func(ctx context.Context, send func(loaded) bool) {
		for l := range goals {
			if l.err == nil {
				e.more(ctx, &l)
			}
			if !send(l) {
				return
			}
		}
	})
	return out, func() { stopOut(); stopGoals() }
}

// stage runs run in a goroutine of its own, which hands what it makes to the
// consumer of the channel returned with send, one ahead of it; send reports false
// once the stage is stopped. stop ends the stage early and waits until it has; it
// must be called.
func stage[T any](ctx context.Context, run func(ctx context.Context, send func(T) bool)) (<-chan T, func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan T, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		run(ctx, func(v T) bool {
			select {
			case out <- v:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	stop := func() {
		cancel()
		for range out { // let a blocked send go
		}
		<-done
	}
	return out, stop
}

// more reads what the measuring of a loaded batch needs besides its goals: the last
// accepted rows of their campaigns.
func (e *Engine) more(ctx context.Context, l *loaded) {
	campaigns := openCampaigns(l.goals, l.prevs)
	if len(campaigns) == 0 {
		return
	}
	var err error
	if l.last, err = e.Store.LastMetricAt(ctx, campaigns); err != nil {
		l.err = fmt.Errorf("load last metrics: %w", err)
	}
}

// openCampaigns returns the campaigns of the goals that prevs does not show settled,
// each once.
func openCampaigns(gs []*goalbot.Goal, prevs map[string]*goalbot.Measurement) []string {
	var campaigns []string
	seen := make(map[string]bool, len(gs))
	for _, g := range gs {
		if p := prevs[g.ID]; p != nil && p.Settled {
			continue
		}
		for _, c := range g.Campaigns {
			if !seen[c] {
				seen[c] = true
				campaigns = append(campaigns, c)
			}
		}
	}
	return campaigns
}

// savesInFlight is how many batches a saver records at once: one's alerts or
// measurements are encoded and sent while Redis runs the other's.
const savesInFlight = 2

// saver records measured batches in the background, savesInFlight at a time
// (batches hold different goals): their alerts, then their measurements.
type saver struct {
	e        *Engine
	mu       sync.Mutex
	inflight sync.WaitGroup
	slots    chan struct{} // one per batch being recorded
	measured int
	queued   []goalbot.Alert
	errs     []error

	// changed are the goals of the saved batches whose shown figures changed, for
	// Engine.Changed once every batch is saved (ctx is the pass's).
	changed []string
	ctx     context.Context
}

// recorded is what recording a batch did.
type recorded struct {
	measured int             // measurements saved or carried over
	queued   []goalbot.Alert // alerts queued
	changed  []string        // goals whose shown figures changed
	errs     []error
}

// run waits while savesInFlight batches are being recorded, then starts record.
func (s *saver) run(ctx context.Context, record func() recorded) {
	if s.slots == nil {
		s.slots = make(chan struct{}, savesInFlight)
	}
	s.slots <- struct{}{}
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		defer func() { <-s.slots }()
		r := record()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.measured += r.measured
		s.queued = append(s.queued, r.queued...)
		s.errs = append(s.errs, r.errs...)
		if len(r.changed) > 0 {
			s.changed, s.ctx = append(s.changed, r.changed...), ctx
		}
	}()
}

// waitInto waits for the last batch and adds what the batches did to res and err.
func (s *saver) waitInto(res *PassResult, err *error) {
	measured, queued, errs := s.wait()
	res.Measured += measured
	res.Queued = append(res.Queued, queued...)
	*err = errors.Join(append([]error{*err}, errs...)...)
}

// wait waits for the last batch, tells Engine.Changed which goals changed, and
// returns how many measurements were saved, the alerts queued, and the errors.
func (s *saver) wait() (int, []goalbot.Alert, []error) {
	s.inflight.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.changed) > 0 && s.e.Changed != nil {
		if err := s.e.Changed(s.ctx, s.changed); err != nil {
			s.errs = append(s.errs, fmt.Errorf("report %d changed goals: %w", len(s.changed), err))
		}
		s.changed = nil
	}
	return s.measured, s.queued, s.errs
}

// saveAll saves measurements; a goal deleted meanwhile is not an error (there is
// nothing to save).
func (e *Engine) saveAll(ctx context.Context, ms []goalbot.Measurement) (int, []error) {
	saved, err := e.Store.SaveMeasurements(ctx, ms)
	if err != nil {
		return 0, []error{fmt.Errorf("save measurements of %d goals: %w", len(ms), err)}
	}
	return countDone(saved, "save", func(i int) string { return ms[i].GoalID })
}

// touchAll records that the measurements of goals ids still hold at now, in one round
// trip; a goal deleted meanwhile is not an error.
func (e *Engine) touchAll(ctx context.Context, ids []string, now time.Time) (int, []error) {
	if len(ids) == 0 {
		return 0, nil
	}
	done, err := e.Store.TouchMeasurements(ctx, ids, now)
	if err != nil {
		return 0, []error{fmt.Errorf("touch measurements of %d goals: %w", len(ids), err)}
	}
	return countDone(done, "touch", func(i int) string { return ids[i] })
}

// countDone counts the goals whose measurement a store call wrote (errs[i] nil) and
// returns the errors of the others, but for goals deleted meanwhile (nothing to write).
func countDone(errs []error, verb string, id func(i int) string) (int, []error) {
	n := 0
	var out []error
	for i, err := range errs {
		switch {
		case err == nil:
			n++
		case goalbot.ErrorCode(err) != goalbot.ENOTFOUND:
			out = append(out, fmt.Errorf("%s measurement of goal %s: %w", verb, id(i), err))
		}
	}
	return n, out
}
