package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// A goal's history: every period with its figures and outcome, the per-campaign
// figures of a period, and the changes made to the goal (its creation, each edit with
// its fields, deletes and restores), live or deleted (for goalbot.RestoreWindow).
// Slack and the console show a page of periods around the one asked for and a page
// of changes; the HTTP API asks for every period with its campaigns. The work is
// bounded by a goal's limits: at most goalbot.MaxPeriods periods of at most
// goalbot.MaxCampaigns campaigns, and a page of changes.

// Pages of a history, as `/goal history` shows them.
const (
	// PeriodsPerPage is how many periods one page of a history holds: half a year of
	// weeks, a year of months.
	PeriodsPerPage = 26
	// ChangesPerPage is how many changes one page of a history holds.
	ChangesPerPage = 10
	// MaxChangeLimit bounds the changes one request reads (the HTTP API's limit).
	MaxChangeLimit = 500
)

// PeriodState is where a period of a history stands.
type PeriodState string

// The states of a period.
const (
	PeriodPending     PeriodState = "pending"     // not begun
	PeriodRunning     PeriodState = "running"     // holds today
	PeriodProvisional PeriodState = "provisional" // ended; its figures may still change
	PeriodSettled     PeriodState = "settled"     // ended and settled: final
)

// HistoryPeriod is one period of a history with its figures.
type HistoryPeriod struct {
	// PeriodFigures are its figures (zero while the goal is being measured: see
	// Measured); Campaigns holds each campaign's when Detailed and known.
	goalbot.PeriodFigures
	// Index is its place among the goal's periods, from 0.
	Index int
	State PeriodState
	// Measured: its figures are known (false until the engine measured the goal as
	// it is).
	Measured bool
	// Detailed: its per-campaign figures were asked for. Campaigns is nil when they
	// are not known: a period that settled before goalbot kept them, one that ended
	// but is not settled yet, or one that has not begun.
	Detailed bool
}

// History is `/goal history` and GET /v1/goals/{id}/history: a goal's periods with
// their figures, the per-campaign figures of the periods asked for, and a page of
// its changes.
type History struct {
	unchanged
	Goal   *goalbot.Goal
	Status goalbot.Status
	// MeasuredAt is when its figures were measured (zero: not yet).
	MeasuredAt time.Time
	// Deleted is the goal's delete while it is deleted (nil when it is live), and
	// RestoreUntil when the restore window ends (zero once it has: the goal can no
	// longer be restored).
	Deleted      *goalbot.Change
	RestoreUntil time.Time
	// Periods are the periods asked for, in order; PeriodCount how many the goal has.
	Periods     []HistoryPeriod
	PeriodCount int
	// ChangeLog is this page of the changes made to the goal, newest first; the last
	// page ends with its creation. ChangeSkip newer ones come before the page;
	// ChangeTotal is how many changes there are to page through (the creation
	// included), ChangeLimit the page's size.
	ChangeLog                            []goalbot.Change
	ChangeSkip, ChangeLimit, ChangeTotal int
	// ChangesDropped are earlier changes no longer kept (the store keeps the latest
	// ones), shown where the creation is.
	ChangesDropped int
}

// HistoryQuery says which part of a goal's history to read.
type HistoryQuery struct {
	// Period is a day of the period whose per-campaign figures to show, and whose page
	// of periods (zero: the running period, else the latest one).
	Period goalbot.Date
	// AllPeriods asks for every period, each with its per-campaign figures (the HTTP
	// API) instead of a page with one period's.
	AllPeriods bool
	// ChangeSkip newest changes are skipped, and ChangeLimit read (ChangesPerPage when
	// 0, at most MaxChangeLimit).
	ChangeSkip, ChangeLimit int
}

// GoalHistory reads goal id's history as q asks, live or deleted (a live goal whose
// figures are not known for its version is measured first, within the measure
// budget). A goal deleted longer ago than goalbot.RestoreWindow is gone, and the
// error says so.
func (a *App) GoalHistory(ctx context.Context, id string, q HistoryQuery) (History, error) {
	skip, limit := max(q.ChangeSkip, 0), q.ChangeLimit
	if limit <= 0 {
		limit = ChangesPerPage
	}
	limit = min(limit, MaxChangeLimit)
	h, err := a.Store.GoalHistory(ctx, id, skip, limit, nil)
	if err != nil {
		return History{}, a.goneOr(ctx, id, err)
	}
	if !h.Deleted && (h.Measurement == nil || outdated(h.Goal, h.Measurement)) && a.measureNow(ctx, h.Goal) {
		if h, err = a.Store.GoalHistory(ctx, id, skip, limit, nil); err != nil {
			return History{}, a.goneOr(ctx, id, err)
		}
	}
	m := h.Measurement
	if m != nil && outdated(h.Goal, m) {
		m = nil
	}
	out := History{Goal: h.Goal, Status: h.Goal.Status(m, a.now()), ChangeSkip: skip, ChangeLimit: limit,
		ChangeTotal: h.ChangesKept + 1, ChangesDropped: h.ChangeCount - h.ChangesKept}
	if m != nil {
		out.MeasuredAt = m.At
	}
	if err := a.historyDeleted(ctx, id, h, &out); err != nil {
		return History{}, err
	}
	out.ChangeLog = h.Changes
	if skip <= h.ChangesKept && h.ChangesKept < skip+limit {
		g := h.Goal
		out.ChangeLog = append(out.ChangeLog, goalbot.Change{At: g.CreatedAt, By: g.Creator, Kind: goalbot.ChangeCreated})
	}
	if err := a.historyPeriods(ctx, h.Goal, m, q, &out); err != nil {
		return History{}, err
	}
	return out, nil
}

// historyDeleted sets out.Deleted from h, the history of a deleted goal (its newest
// change is the delete; read apart when the page asked for starts later).
func (a *App) historyDeleted(ctx context.Context, id string, h *goalbot.GoalHistory, out *History) error {
	if !h.Deleted {
		return nil
	}
	latest := h.Changes
	if out.ChangeSkip > 0 {
		first, err := a.Store.GoalHistory(ctx, id, 0, 1, nil)
		if err != nil {
			return a.goneOr(ctx, id, err)
		}
		latest = first.Changes
	}
	del := goalbot.Change{Kind: goalbot.ChangeDeleted}
	if len(latest) > 0 && latest[0].Kind == goalbot.ChangeDeleted {
		del = latest[0]
	}
	out.Deleted = &del
	if until := goalbot.RestoreBy(del.At); !del.At.IsZero() && a.now().Before(until) {
		out.RestoreUntil = until
	}
	return nil
}

// historyPeriods sets the periods of out that q asks for, with their figures from
// m (nil: not measured) and the per-campaign figures asked for.
func (a *App) historyPeriods(ctx context.Context, g *goalbot.Goal, m *goalbot.Measurement, q HistoryQuery, out *History) error {
	ps := g.Periods()
	out.PeriodCount = len(ps)
	detail, err := detailPeriod(g, ps, m, q.Period, a.now())
	if err != nil {
		return err
	}
	from, to := 0, len(ps)
	if !q.AllPeriods {
		from = max(detail, 0) / PeriodsPerPage * PeriodsPerPage
		to = min(from+PeriodsPerPage, len(ps))
	}
	today := goalbot.DateIn(a.now(), g.Location())
	var starts []goalbot.Date
	for i := from; i < to; i++ {
		hp := HistoryPeriod{Index: i, Detailed: q.AllPeriods || i == detail}
		hp.Period = ps[i]
		if m != nil && i < len(m.Periods) {
			hp.PeriodFigures, hp.Measured = m.Periods[i], true
			if !hp.Detailed || (hp.Settled && i != m.Current) {
				hp.Campaigns = nil // a settled period's are read below; a page shows one period's
			}
		}
		hp.State = periodState(hp, i, m, today)
		if hp.Detailed && hp.State == PeriodSettled {
			starts = append(starts, ps[i].Start)
		}
		out.Periods = append(out.Periods, hp)
	}
	if len(starts) == 0 {
		return nil
	}
	kept, err := a.Store.GoalHistory(ctx, g.ID, 0, 0, starts)
	if err != nil {
		return a.goneOr(ctx, g.ID, err)
	}
	for i := range out.Periods {
		if cs, ok := kept.Campaigns[out.Periods[i].Start]; ok && out.Periods[i].State == PeriodSettled {
			out.Periods[i].Campaigns = cs
		}
	}
	return nil
}

// periodState is where period i of a goal stands, from its measurement m (nil: by
// the dates alone, today being the goal's date now).
func periodState(p HistoryPeriod, i int, m *goalbot.Measurement, today goalbot.Date) PeriodState {
	switch {
	case p.Measured && p.Settled:
		return PeriodSettled
	case p.Measured && p.Ended:
		return PeriodProvisional
	case m != nil && i == m.Current:
		return PeriodRunning
	case today.Before(p.Start):
		return PeriodPending
	case !today.After(p.End):
		return PeriodRunning
	case m != nil:
		return PeriodPending // measured before the period began
	}
	return PeriodProvisional // ended; figures not known yet
}

// detailPeriod returns the index of the period of ps whose campaigns to show: the
// one holding day when given (refused when no period does), else the running one,
// else the latest that has ended, else the first; -1 for a goal without periods.
func detailPeriod(g *goalbot.Goal, ps []goalbot.Period, m *goalbot.Measurement, day goalbot.Date, now time.Time) (int, error) {
	if len(ps) == 0 {
		return -1, nil
	}
	if !day.IsZero() {
		for i, p := range ps {
			if p.Contains(day) {
				return i, nil
			}
		}
		return -1, goalbot.NewError(goalbot.EINVALID, "history.error.period_outside", messages.Args{
			"Date": day.String(), "Goal": g.ID, "First": g.Start.String(), "Last": g.End.String()})
	}
	if m != nil && m.Current >= 0 && m.Current < len(ps) {
		return m.Current, nil
	}
	i := goalbot.PeriodIndex(ps, now, g.Location())
	return min(max(i, 0), len(ps)-1), nil
}

// goneOr returns err, or, when err says that goal id is not found, an error that
// says so, or, when the id was issued (ids are never reused), that
// the goal was deleted longer ago than goalbot.RestoreWindow and is gone.
func (a *App) goneOr(ctx context.Context, id string, err error) error {
	if goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		return err
	}
	issued, ierr := a.Store.GoalIssued(ctx, id)
	if ierr != nil {
		return fmt.Errorf("look up goal %s: %w", id, ierr)
	}
	if !issued {
		return goalbot.NewError(goalbot.ENOTFOUND, "history.error.no_goal", messages.Args{"Goal": id})
	}
	return goalbot.NewError(goalbot.ENOTFOUND, "history.error.gone", messages.Args{"Goal": id, "Days": restoreDays()})
}

// historyKeys are the keys `/goal history` takes.
var historyKeys = []string{"period", "changes"}

// historyCommand is `/goal history ID [period:DATE] [changes:N]`.
func (a *App) historyCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	id, err := c.OneGoalID()
	if err != nil {
		return nil, err
	}
	var q HistoryQuery
	var p goalbot.Problems
	for _, kv := range c.Pairs {
		switch key, val := kv[0], kv[1]; key {
		case "period":
			d, err := goalbot.ParseDate(val)
			if err != nil {
				p.Add("period", "history.error.period_date", messages.Args{"Value": val})
				continue
			}
			q.Period = d
		case "changes":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				p.Add("changes", "history.error.changes_page", messages.Args{"Value": val})
				continue
			}
			q.ChangeSkip = (n - 1) * ChangesPerPage
		default:
			p.Add(key, "history.error.unknown_key", messages.Args{"Keys": strings.Join(historyKeys, ", ")})
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return a.GoalHistory(ctx, id, q)
}

// restoreCommand is `/goal restore ID`.
func (a *App) restoreCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	if len(c.Pairs) > 0 {
		return nil, goalbot.NewError(goalbot.EINVALID, "history.error.restore_takes_id", nil)
	}
	id, err := c.OneGoalID()
	if err != nil {
		return nil, err
	}
	return a.RestoreGoal(ctx, actor, id)
}
