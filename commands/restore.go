package commands

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// Restored is `/goal restore` and POST /v1/goals/{id}/restore: a deleted goal put
// back, with its figures, history and indexes, as it was when it was deleted.
type Restored struct {
	Goal *goalbot.Goal
	// Deleted is the delete it undid.
	Deleted goalbot.Change
}

// Changes are the goal restored.
func (r Restored) Changes() Changes { return Changes{Goals: []string{r.Goal.ID}} }

// RestoreGoal puts deleted goal id back for actor, who must be one who could delete
// it (its creator, a workspace admin or owner, a goalbot admin), within
// goalbot.RestoreWindow of the delete. Its alerts that fired before are not sent
// again. The goal is measured before RestoreGoal returns, within the measure budget.
func (a *App) RestoreGoal(ctx context.Context, actor Actor, id string) (Restored, error) {
	h, err := a.Store.GoalHistory(ctx, id, 0, 1, nil)
	if err != nil {
		return Restored{}, a.goneOr(ctx, id, err)
	}
	if !h.Deleted {
		return Restored{}, goalbot.NewError(goalbot.EINVALID, "history.error.not_deleted", messages.Args{"Goal": id})
	}
	del := goalbot.Change{Kind: goalbot.ChangeDeleted}
	if len(h.Changes) > 0 && h.Changes[0].Kind == goalbot.ChangeDeleted {
		del = h.Changes[0]
	}
	now := a.now()
	if !del.At.IsZero() && !now.Before(goalbot.RestoreBy(del.At)) {
		return Restored{}, goalbot.NewError(goalbot.EINVALID, "history.error.too_late", messages.Args{
			"Goal": id, "Deleted": del.At.In(h.Goal.Location()).Format("2006-01-02"),
			"Days": restoreDays()})
	}
	if err := a.mayManage(ctx, actor, h.Goal); err != nil {
		if goalbot.ErrorCode(err) == goalbot.EFORBIDDEN {
			return Restored{}, goalbot.NewError(goalbot.EFORBIDDEN, "history.error.restore_forbidden", messages.Args{"Goal": id})
		}
		return Restored{}, err
	}
	if err := a.Store.RestoreGoal(ctx, id, goalbot.Change{At: now.UTC(), By: actor.UserID}); err != nil {
		return Restored{}, fmt.Errorf("restore goal %s: %w", id, a.goneOr(ctx, id, err))
	}
	a.measureNow(ctx, h.Goal)
	return Restored{Goal: h.Goal, Deleted: del}, nil
}
