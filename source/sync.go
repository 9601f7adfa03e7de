package source

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/goalbot/goalbot"
)

// syncSource pulls one source and records what happened in its status, its metrics
// and, when it begins to fail, an alert to the admins.
func (s *Syncer) syncSource(ctx context.Context, src *Source, req Request) (Result, error) {
	res := Result{Name: src.Name}
	st, err := s.Store.SourceStatus(ctx, src.Name)
	if err != nil {
		res.Error = goalbot.M("sources.status_unread", goalbot.Args{"Problem": err})
		return res, err
	}
	if req.Scheduled && st.Stopped && st.Credentials == src.Credentials {
		res.Skipped = goalbot.M("sources.stopped", goalbot.Args{"Problem": st.Error})
		return res, nil
	}
	now := s.wall()
	var pullErr error
	if src.Puller != nil {
		pullErr = s.pullBy(ctx, src, req, &st, &res)
	} else {
		pullErr = s.pull(ctx, src, req, &st, &res)
	}
	s.Metrics.pulled(src.Name, res.Rows, s.wall().Sub(now), pullErr)
	st.LastRun = now.UTC()
	if s.Interval > 0 {
		st.NextRun = now.Add(s.Interval).UTC()
	}
	st.Accounts, st.Campaigns = res.Accounts, res.Campaigns
	if pullErr == nil {
		st.LastSuccess, st.Rows, st.Error = now.UTC(), res.Rows, goalbot.Message{}
		st.FailingSince, st.Stopped, st.Credentials = time.Time{}, false, ""
	} else {
		res.Error = st.Error
		s.Logger.Error("pull failed", "source", src.Name, "rows", res.Rows, "err", pullErr)
		st.Stopped = KindOf(pullErr) == Auth
		st.Credentials = ""
		if st.Stopped {
			st.Credentials = src.Credentials
		}
		if st.FailingSince.IsZero() {
			st.FailingSince = now.UTC()
			if err := s.alert(ctx, src, st, now); err != nil {
				s.Logger.Error("queue the source_failed alert", "source", src.Name, "err", err)
			}
		}
	}
	if err := s.Store.SaveSourceStatus(context.WithoutCancel(ctx), st); err != nil {
		return res, fmt.Errorf("save the status of source %s: %w", src.Name, err)
	}
	return res, nil
}

// pull pulls every account of src; st's error and backfilled accounts are updated.
// An Auth error stops the pull at once; another account's failure does not stop the
// rest.
func (s *Syncer) pull(ctx context.Context, src *Source, req Request, st *goalbot.SourceStatus, res *Result) error {
	fail := func(err error, account string) error {
		st.Error = Words(err)
		if account != "" {
			st.Error = goalbot.M("sources.account", goalbot.Args{"Problem": st.Error, "Account": account})
		}
		s.Metrics.failed(src.Name, KindOf(err))
		return err
	}
	accounts, err := src.Client.Accounts(ctx)
	if err != nil {
		return fail(fmt.Errorf("list the accounts of %s: %w", src.Label, err), "")
	}
	res.Accounts = len(accounts)
	today, now := s.Sink.Today(), s.Clock.Now()
	var errs []error
	for _, a := range accounts {
		accID := src.AccountID(a.ID)
		err := s.pullAccount(ctx, src, a, req, st, res, today, now)
		if err == nil {
			continue
		}
		if len(errs) == 0 {
			_ = fail(err, accID)
		} else {
			s.Metrics.failed(src.Name, KindOf(err))
		}
		errs = append(errs, fmt.Errorf("account %s: %w", accID, err))
		if KindOf(err) == Auth || ctx.Err() != nil {
			break
		}
	}
	if len(errs) > 1 {
		st.Error = goalbot.M("sources.accounts_failed", goalbot.Args{"Problem": st.Error, "Failed": len(errs)})
	}
	return errors.Join(errs...)
}

// pullAccount pulls one account's window.
func (s *Syncer) pullAccount(ctx context.Context, src *Source, a Account, req Request, st *goalbot.SourceStatus, res *Result,
	today goalbot.Date, now time.Time) error {
	accID := src.AccountID(a.ID)
	camps, err := src.Client.Campaigns(ctx, a)
	if err != nil {
		return fmt.Errorf("list the campaigns of account %s: %w", accID, err)
	}
	res.Campaigns += len(camps)
	backfilled := slices.Contains(st.Backfilled, accID)
	days := s.lookback()
	if !backfilled {
		days = s.backfill()
	}
	w, ok := accountWindow(src, a, now, today, days, req.From, req.To)
	if !ok {
		return nil
	}
	if req.Progress != nil {
		req.Progress(src.Name, len(camps)*w.days(), 0)
	}
	p := &accountPull{src: src, account: a, accID: accID, accName: cleanName(a.Name, accID), sink: s.Sink}
	if req.Progress != nil {
		p.progress = func(rows int) { req.Progress(src.Name, 0, rows) }
	}
	n, err := p.pull(ctx, camps, w)
	res.Rows += n
	if err != nil {
		return err
	}
	if !backfilled && req.From.IsZero() {
		st.Backfilled = append(st.Backfilled, accID)
	}
	return nil
}

func (s *Syncer) lookback() int {
	if s.LookbackDays > 0 {
		return s.LookbackDays
	}
	return DefaultLookbackDays
}

func (s *Syncer) backfill() int {
	if s.BackfillDays > 0 {
		return s.BackfillDays
	}
	return DefaultBackfillDays
}

// alert queues the source_failed alert of st's spell of failures to every admin,
// once (the store's ledger keeps its key).
func (s *Syncer) alert(ctx context.Context, src *Source, st goalbot.SourceStatus, now time.Time) error {
	if len(s.Admins) == 0 {
		s.Logger.Warn("a source fails and GOALBOT_ADMINS names nobody to tell", "source", src.Name, "error", st.Error)
		return nil
	}
	alerts := make([]goalbot.Alert, len(s.Admins))
	for i, admin := range s.Admins {
		alerts[i] = goalbot.SourceAlert(src.Name, goalbot.M("sources.labelled", goalbot.Args{"Network": src.Label, "Problem": st.Error}), admin, st.FailingSince, now)
	}
	_, err := s.Store.Fire(ctx, goalbot.SourceAlertKey(src.Name, st.FailingSince), alerts, now)
	return err
}

// Statuses returns the status of every configured source, in the configured order
// (a source never pulled has a zero status).
func (s *Syncer) Statuses(ctx context.Context) ([]goalbot.SourceStatus, error) {
	out := make([]goalbot.SourceStatus, len(s.Sources))
	for i, src := range s.Sources {
		st, err := s.Store.SourceStatus(ctx, src.Name)
		if err != nil {
			return nil, fmt.Errorf("load the status of source %s: %w", src.Name, err)
		}
		out[i] = st
	}
	return out, nil
}
