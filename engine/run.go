package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Coordinator is what replicas share to divide the work (store.Redis implements it).
type Coordinator interface {
	// HoldLease takes lease name for owner, or renews it when owner holds it, for ttl;
	// it reports whether owner holds it now.
	HoldLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	// ReleaseLease gives lease name up when owner holds it.
	ReleaseLease(ctx context.Context, name, owner string) error
	// MarkDirty records campaigns whose metrics changed; TakeDirty returns and clears them.
	MarkDirty(ctx context.Context, campaigns []string) error
	TakeDirty(ctx context.Context) ([]string, error)
}

// Lease names and timings.
const (
	leaderLease = "leader" // the replica that runs scheduled passes and delivers
	passLease   = "pass"   // held while a pass runs, by whichever replica runs it
	leaseTTL    = 15 * time.Second
	// TickInterval is how often the leader measures goals touched by ingests and
	// delivers due alerts.
	TickInterval = time.Second
)

// Runner schedules the engine's work with gocron: a full pass every Interval and,
// every TickInterval, the goals that ingests touched and the delivery of due alerts.
// Only the replica that holds the leader lease runs them (gocron's distributed elector).
type Runner struct {
	Engine   *Engine
	Coord    Coordinator
	Interval time.Duration
	Owner    string // this replica's unique name

	sched gocron.Scheduler
}

// IsLeader implements gocron.Elector: nil when this replica holds the leader lease.
func (r *Runner) IsLeader(ctx context.Context) error {
	ok, err := r.Coord.HoldLease(ctx, leaderLease, r.Owner, leaseTTL)
	if err != nil {
		return fmt.Errorf("hold leader lease: %w", err)
	}
	if !ok {
		return errors.New("another replica leads")
	}
	return nil
}

// Start starts the scheduler.
func (r *Runner) Start() error {
	s, err := gocron.NewScheduler(gocron.WithDistributedElector(r))
	if err != nil {
		return fmt.Errorf("new scheduler: %w", err)
	}
	jobs := []struct {
		name  string
		every time.Duration
		task  func(context.Context)
	}{
		{"evaluate", r.Interval, func(ctx context.Context) { r.logErr("scheduled pass", r.pass(ctx)) }},
		{"tick", TickInterval, func(ctx context.Context) { r.logErr("tick", r.tick(ctx)) }},
	}
	for _, j := range jobs {
		if _, err := s.NewJob(gocron.DurationJob(j.every), gocron.NewTask(j.task), gocron.WithName(j.name),
			gocron.WithSingletonMode(gocron.LimitModeReschedule), gocron.WithStartAt(gocron.WithStartImmediately())); err != nil {
			return fmt.Errorf("schedule %s: %w", j.name, err)
		}
	}
	r.sched = s
	s.Start()
	return nil
}

// ReleaseTimeout bounds giving the leader lease up when the runner stops.
const ReleaseTimeout = 2 * time.Second

// Stop stops the scheduler, waiting for running jobs (whose contexts it cancels), and
// gives the leader lease up, so that another replica leads at once rather than when
// the lease expires. The release has a context of its own, ReleaseTimeout long: the
// shutdown's may have been spent by the parts that stopped before.
func (r *Runner) Stop(ctx context.Context) error {
	var errs []error
	if r.sched != nil {
		errs = append(errs, r.sched.Shutdown())
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ReleaseTimeout)
	defer cancel()
	if err := r.Coord.ReleaseLease(rctx, leaderLease, r.Owner); err != nil {
		errs = append(errs, fmt.Errorf("release the leader lease: %w", err))
	}
	return errors.Join(errs...)
}

func (r *Runner) logErr(what string, err error) {
	if err != nil && !errors.Is(err, context.Canceled) {
		r.Engine.Logger.Error(what+" failed", "err", err)
	}
}

// pass runs a full pass under the pass lease.
func (r *Runner) pass(ctx context.Context) error {
	_, err := r.Engine.LockedPass(ctx, r.Coord, r.Owner)
	return err
}

// tick (which also renews the leader lease, as gocron asks the elector before every
// run) measures the goals of campaigns that ingests touched, delivers due alerts and
// sets the outbox gauges.
func (r *Runner) tick(ctx context.Context) error {
	var errs []error
	if err := r.Engine.syncClock(ctx); err != nil {
		return err
	}
	camps, err := r.Coord.TakeDirty(ctx)
	if err != nil {
		errs = append(errs, fmt.Errorf("take touched campaigns: %w", err))
	} else if len(camps) > 0 {
		if _, err := r.Engine.MeasureCampaigns(ctx, camps); err != nil {
			errs = append(errs, err)
			errs = append(errs, r.Coord.MarkDirty(ctx, camps)) // try again next tick
		}
	}
	if _, err := r.Engine.Deliver(ctx, 200); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, r.Engine.observeOutbox(ctx))
	return errors.Join(errs...)
}

// observeOutbox sets the outbox gauges.
func (e *Engine) observeOutbox(ctx context.Context) error {
	if e.Metrics == nil {
		return nil
	}
	depth, oldest, err := e.Store.OutboxStats(ctx, e.wall())
	if err != nil {
		return fmt.Errorf("measure the outbox: %w", err)
	}
	e.Metrics.outbox(depth, oldest)
	return nil
}

// LockedPass runs a pass while holding the pass lease, waiting for a pass that another
// replica (or the scheduler) is running to finish first.
func (e *Engine) LockedPass(ctx context.Context, coord Coordinator, owner string) (PassResult, error) {
	token := owner + "/" + fmt.Sprint(time.Now().UnixNano())
	for {
		ok, err := coord.HoldLease(ctx, passLease, token, 5*time.Minute)
		if err != nil {
			return PassResult{}, fmt.Errorf("take pass lease: %w", err)
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			return PassResult{}, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err := e.syncClock(ctx); err != nil {
		return PassResult{}, errors.Join(err, coord.ReleaseLease(context.WithoutCancel(ctx), passLease, token))
	}
	res, err := e.Pass(ctx)
	if rerr := coord.ReleaseLease(context.WithoutCancel(ctx), passLease, token); rerr != nil {
		err = errors.Join(err, fmt.Errorf("release pass lease: %w", rerr))
	}
	return res, err
}
