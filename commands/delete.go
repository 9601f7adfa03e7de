package commands

import (
	"context"

	"github.com/goalbot/goalbot"
)

// MaxDelete is the most goals one confirmation deletes: it names every one of them.
const MaxDelete = 100

// DeleteAsked is a delete awaiting confirmation: the goals it will delete, each of
// which the user may delete. Nothing is deleted before the confirmation
// (ConfirmDelete), which checks the permissions again.
type DeleteAsked struct {
	unchanged
	Goals []*goalbot.Goal
}

// IDs are the ids of the goals to delete.
func (d DeleteAsked) IDs() []string {
	ids := make([]string, len(d.Goals))
	for i, g := range d.Goals {
		ids[i] = g.ID
	}
	return ids
}

// AskDelete loads the goals ids (goal ids such as G12, as typed) for a confirmation,
// after checking that actor may delete each; it deletes nothing.
func (a *App) AskDelete(ctx context.Context, actor Actor, ids []string) (DeleteAsked, error) {
	ids, err := Command{Args: ids}.GoalIDs()
	if err != nil {
		return DeleteAsked{}, err
	}
	gs, err := a.CheckDelete(ctx, actor, ids)
	if err != nil {
		return DeleteAsked{}, err
	}
	return DeleteAsked{Goals: gs}, nil
}

// Deleted is goals deleted, once confirmed.
type Deleted struct {
	IDs []string
}

// Changes are the goals deleted.
func (d Deleted) Changes() Changes { return Changes{Goals: d.IDs} }

// ConfirmDelete deletes the goals of a confirmation after checking again that actor
// may delete each (nothing is deleted when one is refused).
func (a *App) ConfirmDelete(ctx context.Context, actor Actor, ids []string) (Deleted, error) {
	if err := a.DeleteGoals(ctx, actor, ids); err != nil {
		return Deleted{}, err
	}
	return Deleted{IDs: ids}, nil
}
