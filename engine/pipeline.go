package engine

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
)

// A pass overlaps its Redis work with its computing: while one batch is measured, a
// loader reads the next batch's goals and measurements, and a saver writes the
// previous batch's measurements. Each runs one request at a time, so at most three
// batches are in memory.

// loaded is one batch of goals with their previous measurements, or why it could not
// be read.
type loaded struct {
	goals []*goalbot.Goal
	prevs map[string]*goalbot.Measurement
	err   error
}

// load reads the goals ids in batches, one batch ahead of the consumer. stop ends it
// early and waits until it has; it must be called.
func (e *Engine) load(ctx context.Context, ids []string) (<-chan loaded, func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan loaded, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		for len(ids) > 0 {
			n := min(len(ids), e.batchSize())
			gs, prevs, err := e.Store.GoalsWithMeasurements(ctx, ids[:n])
			if err != nil {
				err = fmt.Errorf("load %d goals: %w", n, err)
			}
			ids = ids[n:]
			select {
			case out <- loaded{goals: gs, prevs: prevs, err: err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	stop := func() {
		cancel()
		for range out { // let a blocked send go
		}
		<-done
	}
	return out, stop
}

// saver saves batches of measurements in the background, one batch at a time.
type saver struct {
	e        *Engine
	mu       sync.Mutex
	inflight sync.WaitGroup
	measured int
	errs     []error

	// changed are the goals of the saved batches whose shown figures changed, for
	// Engine.Changed once every batch is saved (ctx is the pass's).
	changed []string
	ctx     context.Context
}

// save waits for the previous batch to be saved, then starts saving ms (over prevs,
// the measurements they replace) and recording that the measurements of goals touch
// still hold at now. changed are the batch's goals whose shown figures changed
// (reported by wait).
func (s *saver) save(ctx context.Context, ms []goalbot.Measurement, prevs []*goalbot.Measurement, touch []string, now time.Time, changed []string) {
	s.inflight.Wait()
	if len(changed) > 0 {
		s.changed, s.ctx = append(s.changed, changed...), ctx
	}
	if len(ms)+len(touch) == 0 {
		return
	}
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		n, errs := s.e.saveAll(ctx, ms, prevs)
		t, terrs := s.e.touchAll(ctx, touch, now)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.measured += n + t
		s.errs = append(append(s.errs, errs...), terrs...)
	}()
}

// wait waits for the last save, tells Engine.Changed which goals changed, and
// returns how many measurements were saved, and the errors.
func (s *saver) wait() (int, []error) {
	s.inflight.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.changed) > 0 && s.e.Changed != nil {
		if err := s.e.Changed(s.ctx, s.changed); err != nil {
			s.errs = append(s.errs, fmt.Errorf("report %d changed goals: %w", len(s.changed), err))
		}
		s.changed = nil
	}
	return s.measured, s.errs
}

// saveAll saves measurements over the ones they replace; a goal deleted meanwhile is
// not an error (there is nothing to save).
func (e *Engine) saveAll(ctx context.Context, ms []goalbot.Measurement, prevs []*goalbot.Measurement) (int, []error) {
	saved, err := e.Store.SaveMeasurementsOver(ctx, ms, prevs)
	if err != nil {
		return 0, []error{fmt.Errorf("save measurements of %d goals: %w", len(ms), err)}
	}
	n := 0
	var errs []error
	for i, err := range saved {
		switch {
		case err == nil:
			n++
		case goalbot.ErrorCode(err) != goalbot.ENOTFOUND:
			errs = append(errs, fmt.Errorf("save measurement of goal %s: %w", ms[i].GoalID, err))
		}
	}
	return n, errs
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
	n := 0
	var errs []error
	for i, err := range done {
		switch {
		case err == nil:
			n++
		case goalbot.ErrorCode(err) != goalbot.ENOTFOUND:
			errs = append(errs, fmt.Errorf("touch measurement of goal %s: %w", ids[i], err))
		}
	}
	return n, errs
}
