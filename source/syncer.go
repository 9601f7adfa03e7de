package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
)

// Store is what the Syncer keeps in the store (store.Redis implements it).
type Store interface {
	SourceStatus(ctx context.Context, name string) (goalbot.SourceStatus, error)
	SaveSourceStatus(ctx context.Context, st goalbot.SourceStatus) error
	// HoldLease takes lease name for owner, or renews it when owner holds it, for
	// ttl; it reports whether owner holds it now.
	HoldLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, owner string) error
	// Fire queues alerts once per occurrence key (the engine delivers them).
	Fire(ctx context.Context, key string, alerts []goalbot.Alert, notBefore time.Time) (bool, error)
}

// Sink is the ingest path (commands.App implements it).
type Sink interface {
	// IngestRows validates rows as POST /v1/metrics does and writes them atomically,
	// replacing the quantities of fields of the same (campaign, date) and keeping the
	// others, and has the goals of their campaigns measured within seconds.
	IngestRows(ctx context.Context, rows []goalbot.Metric, fields goalbot.Fields) error
	// Today is the workspace's date: rows dated after the day after it are refused.
	Today() goalbot.Date
}

// Defaults of the pull windows (GOALBOT_SYNC_LOOKBACK_DAYS, GOALBOT_SYNC_BACKFILL_DAYS).
const (
	DefaultLookbackDays = 30
	DefaultBackfillDays = 400
	// MaxDays bounds the days one pull may ask of an account.
	MaxDays = 3_700
)

// syncLease is held while a pull runs, so that pulls run one at a time across
// replicas.
const (
	syncLease    = "sync"
	syncLeaseTTL = time.Minute
)

// Syncer pulls the configured sources into the store.
type Syncer struct {
	Sources []*Source
	Store   Store
	Sink    Sink
	// Clock decides the days pulled (frozen with GOALBOT_NOW).
	Clock goalbot.Clock
	// Wall is the real time the statuses and the schedule are kept in (time.Now when
	// nil), even when Clock is frozen.
	Wall func() time.Time
	// LookbackDays is the trailing window each pull re-reads; BackfillDays the window
	// of an account's first pull.
	LookbackDays, BackfillDays int
	// Interval is the schedule's interval (GOALBOT_SYNC_INTERVAL), for next_run; 0
	// when nothing is scheduled.
	Interval time.Duration
	// Admins get the source_failed alert (GOALBOT_ADMINS).
	Admins []string
	// Owner names this replica in the sync lease.
	Owner   string
	Metrics *Metrics // nil: not counted
	Logger  *slog.Logger
}

// Request is what one Sync pulls.
type Request struct {
	// Source is the one source to pull; empty: every source.
	Source string
	// From and To, when set, are the days to pull instead of the trailing window
	// (each account's days, clipped to its today).
	From, To goalbot.Date
	// Scheduled is a pull of the schedule: a source stopped for refused credentials
	// is skipped, and when another replica pulls, this one does not wait.
	Scheduled bool
	// Progress, when set, is told how many rows a source plans to write (planned) or
	// wrote (done), as it goes. It is called from several goroutines.
	Progress func(source string, planned, done int)
}

// Result is what one pull of one source did.
type Result struct {
	Name      string          `json:"name"`
	Accounts  int             `json:"accounts"`
	Campaigns int             `json:"campaigns"`
	Rows      int64           `json:"rows"`
	Error     goalbot.Message `json:"error,omitzero"`
	// Skipped says why the source was not pulled (stopped, another pull runs).
	Skipped goalbot.Message `json:"skipped,omitzero"`
}

// ErrBusy is returned by a scheduled Sync while another replica pulls.
var ErrBusy = errors.New("another pull runs")

func (s *Syncer) wall() time.Time {
	if s.Wall != nil {
		return s.Wall()
	}
	return time.Now()
}

// Names returns the configured sources' names.
func (s *Syncer) Names() []string {
	out := make([]string, len(s.Sources))
	for i, src := range s.Sources {
		out[i] = src.Name
	}
	return out
}

// check validates a request: a configured source, and both days or none.
func (s *Syncer) check(req Request) error {
	var p goalbot.Problems
	if req.Source != "" && !slices.Contains(s.Names(), req.Source) {
		if len(s.Sources) == 0 {
			p.Add("source", "sources.request.none_configured", nil)
		} else {
			p.Add("source", "sources.request.unknown", goalbot.Args{"Source": goalbot.Quote(req.Source), "Sources": strings.Join(s.Names(), ", ")})
		}
	}
	switch {
	case req.From.IsZero() != req.To.IsZero():
		p.Add("from", "sources.request.both_dates", nil)
	case !req.From.IsZero() && req.To.Before(req.From):
		p.Add("to", "sources.request.order", goalbot.Args{"To": req.To, "From": req.From})
	case !req.From.IsZero() && goalbot.Days(req.From, req.To) > MaxDays:
		p.Add("from", "sources.request.too_long", goalbot.Args{"From": req.From, "To": req.To, "Max": MaxDays})
	}
	if len(s.Sources) == 0 && req.Source == "" {
		p.Add("source", "sources.request.none_configured", nil)
	}
	return p.Err()
}

// Sync pulls the sources req names, one pull at a time across replicas (it waits
// for another replica's pull to end, unless req is scheduled), and reports what each
// did. A source that fails is reported in its Result; the error is for a request
// that is invalid or a store that cannot be reached.
func (s *Syncer) Sync(ctx context.Context, req Request) ([]Result, error) {
	if err := s.check(req); err != nil {
		return nil, err
	}
	release, err := s.lock(ctx, req.Scheduled)
	if err != nil {
		return nil, err
	}
	defer release()
	var srcs []*Source
	for _, src := range s.Sources {
		if req.Source == "" || req.Source == src.Name {
			srcs = append(srcs, src)
		}
	}
	out := make([]Result, len(srcs))
	errs := make([]error, len(srcs))
	// The ad networks first, in parallel, then the CRM sources: their contacts are
	// counted for the campaigns the networks have just put in the catalog.
	for _, crm := range []bool{false, true} {
		var wg sync.WaitGroup
		for i, src := range srcs {
			if (src.Puller != nil) == crm {
				wg.Go(func() { out[i], errs[i] = s.syncSource(ctx, src, req) })
			}
		}
		wg.Wait()
	}
	s.afterPull(ctx)
	return out, errors.Join(errs...)
}

// lock takes the sync lease, waiting for another pull to end unless scheduled, and
// renews it while the pull runs; release gives it up.
func (s *Syncer) lock(ctx context.Context, scheduled bool) (release func(), err error) {
	token := fmt.Sprintf("%s/%d", s.Owner, time.Now().UnixNano())
	for {
		ok, err := s.Store.HoldLease(ctx, syncLease, token, syncLeaseTTL)
		if err != nil {
			return nil, fmt.Errorf("take the sync lease: %w", err)
		}
		if ok {
			break
		}
		if scheduled {
			return nil, ErrBusy
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for another pull to end: %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(syncLeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if _, err := s.Store.HoldLease(context.WithoutCancel(ctx), syncLease, token, syncLeaseTTL); err != nil {
					s.Logger.Warn("renew the sync lease", "err", err)
				}
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		if err := s.Store.ReleaseLease(context.WithoutCancel(ctx), syncLease, token); err != nil {
			s.Logger.Warn("release the sync lease", "err", err)
		}
	}, nil
}
