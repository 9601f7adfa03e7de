package source

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/goalbot/goalbot"
)

// Puller is a source that pulls by itself rather than account by account through a
// Client: the CRM, whose contacts are counted for the catalog's campaigns. The Syncer
// still keeps its status, metrics, lease and source_failed alert.
type Puller interface {
	Pull(ctx context.Context, p *Pull) error
}

// Checker is a Puller with a check to run after every pull of the configured sources
// while its own last pull succeeded (the CRM's tracking drift, which compares its
// figures with the ad networks' once both are written).
type Checker interface {
	Check(ctx context.Context, now time.Time) error
}

// Pull is one pull of a Puller: what the Syncer hands it, and what it reports back.
type Pull struct {
	Request Request
	// Status is the source's status: the puller may set Unattributed.
	Status *goalbot.SourceStatus
	// Result counts what the pull found and wrote (Accounts, Campaigns, Rows).
	Result *Result
	// Sink writes rows.
	Sink Sink
	// Now is the clock's time (frozen with GOALBOT_NOW); Today the workspace's date.
	Now   time.Time
	Today goalbot.Date

	src                *Source
	lookback, backfill int
}

// Window returns the days to pull of account (a goalbot id such as hubspot-123),
// whose days are loc's: the request's days, a backfill the first time, or else the
// trailing window, and at least minDays back from its today; ok is false when there
// is none.
func (p *Pull) Window(account string, loc *time.Location, minDays int) (from, to goalbot.Date, ok bool) {
	days := p.lookback
	if !slices.Contains(p.Status.Backfilled, account) {
		days = p.backfill
	}
	w, ok := accountWindow(p.src, Account{Location: loc}, p.Now, p.Today, max(days, minDays), p.Request.From, p.Request.To)
	return w.from, w.to, ok
}

// Backfilled records that account's first pull succeeded: later pulls read the
// trailing window (a pull of days asked for by hand does not count).
func (p *Pull) Backfilled(account string) {
	if p.Request.From.IsZero() && !slices.Contains(p.Status.Backfilled, account) {
		p.Status.Backfilled = append(p.Status.Backfilled, account)
	}
}

// Progress tells the request's progress bar how many rows the pull plans to write
// (planned) or wrote (done).
func (p *Pull) Progress(planned, done int) {
	if p.Request.Progress != nil {
		p.Request.Progress(p.src.Name, planned, done)
	}
}

// pullBy pulls a Puller source; st's error is set when it fails.
func (s *Syncer) pullBy(ctx context.Context, src *Source, req Request, st *goalbot.SourceStatus, res *Result) error {
	p := &Pull{Request: req, Status: st, Result: res, Sink: s.Sink, Now: s.Clock.Now(), Today: s.Sink.Today(),
		src: src, lookback: s.lookback(), backfill: s.backfill()}
	err := src.Puller.Pull(ctx, p)
	if err != nil {
		st.Error = Words(err)
		s.Metrics.failed(src.Name, KindOf(err))
		return fmt.Errorf("pull %s: %w", src.Label, err)
	}
	return nil
}

// afterPull runs the checks of the configured Checker sources whose last pull
// succeeded; their failures are logged.
func (s *Syncer) afterPull(ctx context.Context) {
	for _, src := range s.Sources {
		c, ok := src.Puller.(Checker)
		if !ok {
			continue
		}
		st, err := s.Store.SourceStatus(ctx, src.Name)
		if err != nil {
			s.Logger.Error("load a source's status for its check", "source", src.Name, "err", err)
			continue
		}
		if st.LastSuccess.IsZero() || !st.Error.IsZero() {
			continue
		}
		if err := c.Check(ctx, s.Clock.Now()); err != nil {
			s.Logger.Error("check after the pull", "source", src.Name, "err", err)
		}
	}
}
