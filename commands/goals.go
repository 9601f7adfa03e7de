package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// GoalView is a goal with what was last measured of it and its status now.
type GoalView struct {
	Goal *goalbot.Goal
	// Measurement is the goal's latest measurement; nil until the engine has measured
	// the goal as it is (a measurement of an earlier version of the goal is not shown).
	Measurement *goalbot.Measurement
	Status      goalbot.Status
	// Measuring: the goal's figures are not known for its version yet (never
	// measured, or changed since); they follow in a moment.
	Measuring bool
}

// Headline returns the goal's headline progress, nil when unknown.
func (v GoalView) Headline() *float64 {
	if v.Measurement == nil || v.Status == goalbot.Pending {
		return nil
	}
	return v.Measurement.Headline
}

// ProgressBar is the goal's headline progress as a bar, or, while its figures are
// being measured (never, or not since it changed), a bar that says so, in p's
// language.
func (v GoalView) ProgressBar(p *messages.Printer) string {
	if v.Measuring && v.Status != goalbot.Pending {
		return "▱▱▱▱▱▱▱▱▱▱ " + p.T("outcomes.measuring")
	}
	return p.ProgressBar(v.Headline())
}

// CreateGoal validates a draft with the catalog and stores the new goal for actor
// (its creator). Every problem is reported at once, field by field. The goal is
// measured before CreateGoal returns, within the measure budget (see measure.go).
func (a *App) CreateGoal(ctx context.Context, actor Actor, d goalbot.Draft) (*goalbot.Goal, error) {
	g, err := a.newGoal(ctx, actor, d)
	if err != nil {
		return nil, err
	}
	if err := a.Store.CreateGoal(ctx, g); err != nil {
		return nil, fmt.Errorf("create goal: %w", err)
	}
	a.measureNow(ctx, g)
	return g, nil
}

// checkDraft reports every problem of a draft, as CreateGoal would, storing nothing.
func (a *App) checkDraft(ctx context.Context, actor Actor, d goalbot.Draft) error {
	_, err := a.newGoal(ctx, actor, d)
	return err
}

// newGoal validates a draft with the catalog and returns the goal it makes for actor.
func (a *App) newGoal(ctx context.Context, actor Actor, d goalbot.Draft) (*goalbot.Goal, error) {
	if !actor.Admin || d.Creator == "" {
		d.Creator = actor.UserID
	}
	var p goalbot.Problems
	if d.Creator == "" {
		p.Add("creator", "errors.goal.creator_missing", nil)
	} else if _, ok := goalbot.UserID(d.Creator); !ok {
		p.Add("creator", "errors.goal.creator", goalbot.Args{"Creator": goalbot.Quote(d.Creator)})
	}
	g, err := goalbot.NewGoal(d, a.Settings, a.today())
	p = append(p, goalbot.ErrorFields(err)...)
	if err != nil && len(goalbot.ErrorFields(err)) == 0 {
		return nil, err
	}
	// The catalog's problems are reported with the others, even when the draft has
	// some: a goal of the draft's campaigns stands in for the one NewGoal refused.
	check := g
	if check == nil {
		check = &goalbot.Goal{Type: goalbot.Type(strings.ToLower(strings.TrimSpace(d.Type))), Campaigns: splitAll(d.Campaigns), Accounts: splitAll(d.Accounts)}
	}
	if len(check.Campaigns) > 0 {
		known, err := a.Store.Campaigns(ctx, check.Campaigns)
		if err != nil {
			return nil, fmt.Errorf("load campaigns: %w", err)
		}
		p = append(p, check.CheckCatalog(known)...)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	now := a.now().UTC()
	g.Creator, g.CreatedAt, g.UpdatedAt = d.Creator, now, now
	return g, nil
}

// splitAll splits comma-separated lists and drops blanks.
func splitAll(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, goalbot.SplitList(s)...)
	}
	return out
}

// GetGoal returns one goal with its latest measurement. A goal whose figures are not
// known for its version is measured first, within the measure budget.
func (a *App) GetGoal(ctx context.Context, id string) (GoalView, error) {
	v, err := a.ReadGoal(ctx, id)
	if err != nil || !v.Measuring || !a.measureNow(ctx, v.Goal) {
		return v, err
	}
	return a.ReadGoal(ctx, id)
}

// ReadGoal returns one goal with its latest measurement as stored, without measuring
// it (after a create or an edit, which just did).
func (a *App) ReadGoal(ctx context.Context, id string) (GoalView, error) {
	g, err := a.Store.Goal(ctx, id)
	if err != nil {
		return GoalView{}, err
	}
	views, err := a.views(ctx, []*goalbot.Goal{g})
	if err != nil {
		return GoalView{}, err
	}
	return views[0], nil
}

// ListGoals returns a page of the goals that match f, ordered by id number, and the
// cursor of the next page ("" when done).
func (a *App) ListGoals(ctx context.Context, f goalbot.Filter, cursor string, limit int) ([]GoalView, string, error) {
	gs, next, err := a.Store.ListGoals(ctx, f, a.now(), cursor, limit)
	if err != nil {
		return nil, "", fmt.Errorf("list goals: %w", err)
	}
	views, err := a.views(ctx, gs)
	if err != nil {
		return nil, "", err
	}
	a.measureSoon(ctx, measuring(views))
	return views, next, nil
}

func (a *App) views(ctx context.Context, gs []*goalbot.Goal) ([]GoalView, error) {
	ids := make([]string, len(gs))
	for i, g := range gs {
		ids[i] = g.ID
	}
	ms, err := a.Store.Measurements(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load measurements: %w", err)
	}
	now := a.now()
	out := make([]GoalView, len(gs))
	for i, g := range gs {
		m := ms[g.ID]
		if outdated(g, m) {
			m = nil
		}
		out[i] = GoalView{Goal: g, Measurement: m, Status: g.Status(m, now), Measuring: m == nil}
	}
	return out, nil
}

// UpdateGoal edits goal id for actor: only its creator, a workspace admin or owner, or
// a goalbot admin may. Targets change only for periods that have not ended; a
// concurrent edit is reported, never overwritten. The goal is measured before
// UpdateGoal returns, within the measure budget (see measure.go).
func (a *App) UpdateGoal(ctx context.Context, actor Actor, id string, u goalbot.GoalUpdate) (*goalbot.Goal, error) {
	return a.updateGoal(ctx, actor, id, 0, u)
}

// UpdateGoalAt is UpdateGoal of the goal as it was at version (any version when 0):
// when it has been saved since, nothing changes and the error is ECONFLICT.
func (a *App) UpdateGoalAt(ctx context.Context, actor Actor, id string, version int64, u goalbot.GoalUpdate) (*goalbot.Goal, error) {
	return a.updateGoal(ctx, actor, id, version, u)
}

// updateGoal is UpdateGoalAt.
func (a *App) updateGoal(ctx context.Context, actor Actor, id string, version int64, u goalbot.GoalUpdate) (*goalbot.Goal, error) {
	g, err := a.Store.Goal(ctx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && g.Version != version {
		return nil, goalbot.NewError(goalbot.ECONFLICT, "errors.goal.version", goalbot.Args{"Goal": id, "Version": g.Version, "Read": version})
	}
	if err := a.mayManage(ctx, actor, g); err != nil {
		return nil, err
	}
	if u.Targets != nil && !u.AllTargets {
		merged := g.Targets.Merge(*u.Targets)
		u.Targets = &merged
	}
	now := a.now()
	before := *g
	if err := g.Apply(u, now); err != nil {
		return nil, err
	}
	g.UpdatedAt = now.UTC()
	edit := goalbot.Change{At: g.UpdatedAt, By: actor.UserID, Fields: before.Diff(g)}
	if err := a.Store.UpdateGoal(ctx, g, edit); err != nil {
		return nil, fmt.Errorf("update goal %s: %w", id, err)
	}
	a.measureNow(ctx, g)
	return g, nil
}

// CheckDelete loads the goals actor asks to delete and checks that actor may delete
// each, without deleting anything (the confirmation step).
func (a *App) CheckDelete(ctx context.Context, actor Actor, ids []string) ([]*goalbot.Goal, error) {
	if len(ids) == 0 {
		return nil, goalbot.Invalid("errors.command.delete_none", nil)
	}
	out := make([]*goalbot.Goal, 0, len(ids))
	for _, id := range ids {
		g, err := a.Store.Goal(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := a.mayManage(ctx, actor, g); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// DeleteGoals deletes the goals after checking again that actor may delete every one;
// nothing is deleted when one is refused.
func (a *App) DeleteGoals(ctx context.Context, actor Actor, ids []string) error {
	if _, err := a.CheckDelete(ctx, actor, ids); err != nil {
		return err
	}
	for _, id := range ids {
		if err := a.Store.DeleteGoalAt(ctx, id, 0, a.deletedBy(actor)); err != nil {
			return fmt.Errorf("delete goal %s: %w", id, err)
		}
	}
	return nil
}

// DeleteGoalAt deletes goal id as DeleteGoals does, if it is still at version (any
// version when 0): when it has been saved since, nothing is deleted and the error is
// ECONFLICT.
func (a *App) DeleteGoalAt(ctx context.Context, actor Actor, id string, version int64) error {
	if _, err := a.CheckDelete(ctx, actor, []string{id}); err != nil {
		return err
	}
	if err := a.Store.DeleteGoalAt(ctx, id, version, a.deletedBy(actor)); err != nil {
		return fmt.Errorf("delete goal %s: %w", id, err)
	}
	return nil
}

// deletedBy is a delete by actor now, as a goal's history records it.
func (a *App) deletedBy(actor Actor) goalbot.Change {
	return goalbot.Change{At: a.now().UTC(), By: actor.UserID, Kind: goalbot.ChangeDeleted}
}

// IngestMetrics stores validated metrics rows atomically (and the catalog they
// describe), then tells the engine which campaigns changed.
func (a *App) IngestMetrics(ctx context.Context, rows []goalbot.Metric) error {
	return a.ingestFields(ctx, rows, goalbot.AllFields)
}

// ingestFields stores the quantities of fields of validated rows atomically, keeping
// the others of the same days, then tells the engine which campaigns changed.
func (a *App) ingestFields(ctx context.Context, rows []goalbot.Metric, fields goalbot.Fields) error {
	upsert := a.Store.UpsertMetrics
	if fields != goalbot.AllFields {
		upsert = func(ctx context.Context, rows []goalbot.Metric, at time.Time) error {
			return a.Store.UpsertMetricFields(ctx, rows, fields, at)
		}
	}
	if err := upsert(ctx, rows, a.now()); err != nil {
		return fmt.Errorf("store %d metrics rows: %w", len(rows), err)
	}
	if a.Ingested != nil {
		seen := map[string]bool{}
		var camps []string
		for _, r := range rows {
			if !seen[r.CampaignID] {
				seen[r.CampaignID] = true
				camps = append(camps, r.CampaignID)
			}
		}
		a.Ingested(camps)
	}
	return nil
}

// checkEvery is how many items a long loop handles between checks of its context.
const checkEvery = 1024

// IngestRows validates rows as POST /v1/metrics does (against the workspace's date)
// and writes their quantities of fields (the rest of each stored day is kept): all of
// them or, with a *RowErrors, none. The pull sources write their rows through it, an
// ad network its spend and conversions, the CRM its contacts.
func (a *App) IngestRows(ctx context.Context, rows []goalbot.Metric, fields goalbot.Fields) error {
	today := a.today()
	errs := &RowErrors{}
	for i := range rows {
		if i%checkEvery == 0 && ctx.Err() != nil { // a pull's batch is large: stop at the deadline
			return fmt.Errorf("validate metrics rows: %w", ctx.Err())
		}
		for _, p := range rows[i].Validate(today) {
			errs.Add(RowError{Row: i + 1, Field: p.Field, Error: p.Message})
		}
	}
	if errs.Len() > 0 {
		return errs
	}
	return a.ingestFields(ctx, rows, fields)
}

// Today returns the workspace's date now (rows dated after tomorrow are refused).
func (a *App) Today() goalbot.Date { return a.today() }

// Now returns the clock's time.
func (a *App) Now() time.Time { return a.now() }
