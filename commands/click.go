package commands

import (
	"context"

	"github.com/goalbot/goalbot"
)

// Click answers a button of a reply (SPEC §2 action ids; an action_id's "#suffix"
// is ignored) for actor; refusals and bad values become replies, as in Execute. For
// ActionDeleteSelected, value is the ids ticked in the list (SelectedGoals), space
// separated.
func (a *App) Click(ctx context.Context, actor Actor, actionID, value string) (Outcome, error) {
	r, err := a.click(ctx, actor, actionID, value)
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.EINTERNAL {
			return Refuse(err), err
		}
		return Refuse(err), nil
	}
	return r, nil
}

func (a *App) click(ctx context.Context, actor Actor, actionID, value string) (Reply, error) {
	switch ActionBase(actionID) {
	case ActionShow:
		return a.ShowReply(ctx, value)
	case ActionEdit:
		return a.editModalReply(ctx, actor, value)
	case ActionDelete:
		gs, err := a.CheckDelete(ctx, actor, []string{value})
		if err != nil {
			return Reply{}, err
		}
		return DeleteConfirmReply(gs), nil
	case ActionDeleteConfirm:
		return a.ConfirmDelete(ctx, actor, value)
	case ActionDeleteCancel:
		return CancelDelete(value), nil
	case ActionListMore:
		r, err := a.MoreReply(ctx, value)
		r.Replace = true
		return r, err
	case ActionFilterRemove:
		return a.filterRemoveReply(ctx, value)
	case ActionDeleteSelected:
		return a.deleteSelected(ctx, actor, value)
	}
	return Reply{}, goalbot.Errorf(goalbot.EINVALID, "this button (%s) is not known to goalbot", actionID)
}
