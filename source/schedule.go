package source

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Schedule pulls every source every interval, the first time at once, on the
// replica that elector elects (the engine's runner: the replica holding its leader
// lease). stop stops the schedule and waits for a running pull.
func (s *Syncer) Schedule(elector gocron.Elector, interval time.Duration) (stop func() error, err error) {
	sched, err := gocron.NewScheduler(gocron.WithDistributedElector(elector))
	if err != nil {
		return nil, fmt.Errorf("new sync scheduler: %w", err)
	}
	task := func(ctx context.Context) {
		res, err := s.Sync(ctx, Request{Scheduled: true})
		switch {
		case errors.Is(err, ErrBusy), errors.Is(err, context.Canceled):
		case err != nil:
			s.Logger.Error("scheduled pull failed", "err", err)
		default:
			for _, r := range res {
				s.Logger.Info("pulled", "source", r.Name, "accounts", r.Accounts, "campaigns", r.Campaigns, "rows", r.Rows,
					"error", r.Error, "skipped", r.Skipped)
			}
		}
	}
	if _, err := sched.NewJob(gocron.DurationJob(interval), gocron.NewTask(task), gocron.WithName("sync"),
		gocron.WithSingletonMode(gocron.LimitModeReschedule), gocron.WithStartAt(gocron.WithStartImmediately())); err != nil {
		return nil, fmt.Errorf("schedule the pulls: %w", err)
	}
	sched.Start()
	return sched.Shutdown, nil
}
