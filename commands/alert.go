package commands

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
)

// Alerted is an alert as it is delivered, with what it shows loaded at that moment:
// the goal of a goal's alert (nil when it was deleted meanwhile), or the goals a
// digest or a group of stale goals names. Each surface renders it once, its own way
// (bot as a Slack message, the console as a line of text).
type Alerted struct {
	unchanged
	Alert goalbot.Alert
	Goal  *goalbot.Goal
	// Goals are a digest's or a stale group's goals, in the alert's order.
	Goals []AlertGoal
	// Outlook is an at_risk alert's outlook: where the period is heading and what
	// reaching its target takes now (nil when the goal has none).
	Outlook *goalbot.Outlook
}

// AlertGoal is one goal an alert names, as loaded when it is delivered.
type AlertGoal struct {
	ID       string
	Name     string   // "" when the goal was deleted meanwhile
	Headline *float64 // a digest's goals only; nil when unknown
}

// AlertGoals is what an alert's goals are read from (store.Redis implements it).
type AlertGoals interface {
	Goals(ctx context.Context, ids []string) ([]*goalbot.Goal, error)
	Measurements(ctx context.Context, ids []string) (map[string]*goalbot.Measurement, error)
}

// LoadAlert loads what alert a shows: nothing more for a source's or a tracking drift
// alert (they carry it), the goals of a digest (with their headline progress) or of a
// group of stale goals, else the alert's goal.
func LoadAlert(ctx context.Context, store AlertGoals, a goalbot.Alert) (Alerted, error) {
	out := Alerted{Alert: a}
	switch {
	case a.Event == goalbot.EventSourceFailed || a.Event == goalbot.EventDrift:
		return out, nil
	case a.Event == goalbot.EventStale && len(a.GoalIDs) > 0:
		gs, err := store.Goals(ctx, a.GoalIDs)
		if err != nil {
			return Alerted{}, fmt.Errorf("load the stale goals of %s: %w", a.Key, err)
		}
		out.Goals = namedGoals(a.GoalIDs, gs)
		return out, nil
	case a.Event == goalbot.EventDigest:
		return loadDigest(ctx, store, out)
	}
	gs, err := store.Goals(ctx, []string{a.GoalID})
	if err != nil {
		return Alerted{}, fmt.Errorf("load goal %s: %w", a.GoalID, err)
	}
	if len(gs) > 0 && gs[0] != nil {
		out.Goal = gs[0]
	}
	return out, nil
}

// loadDigest loads the goals of digest out.Alert with their headline progress.
func loadDigest(ctx context.Context, store AlertGoals, out Alerted) (Alerted, error) {
	a := out.Alert
	gs, err := store.Goals(ctx, a.GoalIDs)
	if err != nil {
		return Alerted{}, fmt.Errorf("load the goals of digest %s: %w", a.Key, err)
	}
	ms, err := store.Measurements(ctx, a.GoalIDs)
	if err != nil {
		return Alerted{}, fmt.Errorf("load the measurements of digest %s: %w", a.Key, err)
	}
	out.Goals = namedGoals(a.GoalIDs, gs)
	for i := range out.Goals {
		if m := ms[out.Goals[i].ID]; m != nil {
			out.Goals[i].Headline = m.Headline
		}
	}
	return out, nil
}

// namedGoals are the goals ids with their names from gs ("" for one deleted).
func namedGoals(ids []string, gs []*goalbot.Goal) []AlertGoal {
	names := map[string]string{}
	for _, g := range gs {
		if g != nil {
			names[g.ID] = g.Name
		}
	}
	out := make([]AlertGoal, len(ids))
	for i, id := range ids {
		out[i] = AlertGoal{ID: id, Name: names[id]}
	}
	return out
}

// LoadAlert is the package's LoadAlert on the app's store, with an at_risk alert's
// outlook as it is now.
func (a *App) LoadAlert(ctx context.Context, al goalbot.Alert) (Alerted, error) {
	out, err := LoadAlert(ctx, a.Store, al)
	if err != nil || al.Event != goalbot.EventAtRisk || out.Goal == nil {
		return out, err
	}
	views, err := a.views(ctx, []*goalbot.Goal{out.Goal})
	if err != nil {
		return Alerted{}, fmt.Errorf("load goal %s of alert %s: %w", out.Goal.ID, al.Key, err)
	}
	if out.Outlook, err = a.outlookOf(ctx, views[0]); err != nil {
		return Alerted{}, fmt.Errorf("load alert %s: %w", al.Key, err)
	}
	return out, nil
}
