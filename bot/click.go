package bot

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// ClickActions are the buttons of /goal's replies that GoalClick answers.
var ClickActions = []string{ActionShow, ActionChart, ActionEdit, ActionDelete, ActionDeleteConfirm,
	ActionDeleteCancel, ActionListMore, ActionFilterRemove}

// GoalClick answers the buttons of /goal's replies (ClickActions; an action_id's
// "#suffix" is ignored): refusals and forged values are told to the user as a typed
// command's are.
func GoalClick(app Commander, changed Changed) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Action == nil {
			return goalbot.Invalid("errors.bot.no_button", nil)
		}
		actor := r.Actor()
		o, err := refused(click(ctx, app, actor, r.Action.ActionID, r.Action.Value))
		return respond(ctx, r, o, err, replaces(r.Action.ActionID), changed)
	}
}

// click runs the use case of a button.
func click(ctx context.Context, app Commander, actor commands.Actor, actionID, value string) (commands.Outcome, error) {
	switch ActionBase(actionID) {
	case ActionShow:
		return app.Show(ctx, value)
	case ActionChart:
		return app.Chart(ctx, actor, value, "")
	case ActionEdit:
		return app.OpenEdit(ctx, actor, value)
	case ActionDelete:
		return app.AskDelete(ctx, actor, []string{value})
	case ActionDeleteConfirm:
		return app.ConfirmDelete(ctx, actor, strings.Fields(value))
	case ActionDeleteCancel:
		return kept{value}, nil
	case ActionListMore:
		f, cursor, err := parseMore(value)
		if err != nil {
			return nil, err
		}
		return app.List(ctx, f, cursor)
	case ActionFilterRemove:
		f, err := commands.FilterFromText(value)
		if err != nil {
			return nil, err
		}
		return app.List(ctx, f, "")
	}
	return nil, goalbot.Invalid("errors.bot.button", goalbot.Args{"Action": actionID})
}

// replaces reports whether the answer to a button takes the place of the message it
// is in: the next page of a list, a list made wider, a delete confirmed or cancelled.
func replaces(actionID string) bool {
	switch ActionBase(actionID) {
	case ActionListMore, ActionFilterRemove, ActionDeleteConfirm, ActionDeleteCancel:
		return true
	}
	return false
}

// refused turns a use case's error into the Refusal the user is told; only a fault of
// ours stays an error too.
func refused(o commands.Outcome, err error) (commands.Outcome, error) {
	if err == nil {
		return o, nil
	}
	r := commands.Refuse(err)
	if r.Code == goalbot.EINTERNAL {
		return r, err
	}
	return r, nil
}

// kept is a delete cancelled: the goals its confirmation named (as its button's value)
// stay.
type kept struct{ value string }

// Changes is none.
func (kept) Changes() commands.Changes { return commands.Changes{} }

// nothingSelected is Delete selected pressed with no row ticked.
type nothingSelected struct{}

// Changes is none.
func (nothingSelected) Changes() commands.Changes { return commands.Changes{} }

// DeleteSelected answers a list's Delete selected (`goal_delete_selected`): the goals
// ticked in the list's Select boxes, read from the click's state.values, get the same
// confirmation as `/goal delete ID…`, after the same permission check; none ticked
// gets a message that says to tick them first. Nothing is deleted before the
// confirmation.
func DeleteSelected(app Commander) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil {
			return goalbot.Invalid("errors.bot.no_button", nil)
		}
		var ids []string
		if st := r.Interaction.BlockActionState; st != nil {
			ids = SelectedGoals(st.Values)
		}
		o, err := refused(deleteSelected(ctx, app, r.Actor(), ids))
		return respond(ctx, r, o, err, false, nil)
	}
}

// deleteSelected asks to confirm deleting the goals ids ticked in a list.
func deleteSelected(ctx context.Context, app Commander, actor commands.Actor, ids []string) (commands.Outcome, error) {
	switch {
	case len(ids) == 0:
		return nothingSelected{}, nil
	case len(ids) > commands.ListPage:
		return nil, goalbot.Invalid("errors.bot.select_many", goalbot.Args{"Max": commands.ListPage})
	}
	o, err := app.AskDelete(ctx, actor, ids)
	if code := goalbot.ErrorCode(err); code == goalbot.EFORBIDDEN || code == goalbot.ENOTFOUND {
		return nil, goalbot.NewError(code, "errors.bot.untick", goalbot.Args{"Problem": err})
	}
	return o, err
}

// SelectedGoals are the goal ids ticked in a list message's row checkboxes
// (ActionSelect), read from a block_actions payload's state.values
// (block_id → action_id → value), in id order and each once. Other elements are
// ignored.
func SelectedGoals(values map[string]map[string]slack.BlockAction) []string {
	var ids []string
	for _, actions := range values {
		for actionID, a := range actions {
			if ActionBase(actionID) != ActionSelect {
				continue
			}
			for _, o := range a.SelectedOptions {
				if id := strings.TrimSpace(o.Value); id != "" && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
	}
	slices.SortFunc(ids, compareIDs)
	return ids
}

// compareIDs orders goal ids by number (G2 before G10), anything else after them by
// text.
func compareIDs(a, b string) int {
	na, errA := strconv.Atoi(strings.TrimPrefix(a, "G"))
	nb, errB := strconv.Atoi(strings.TrimPrefix(b, "G"))
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(na, nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}
