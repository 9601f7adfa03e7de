package commands

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// selectBox is a list row's checkbox (ActionSelect), its option's value the goal id.
func selectBox(id string) *slack.CheckboxGroupsBlockElement {
	return slack.NewCheckboxGroupsBlockElement(ActionSelect, option(id, "Select"))
}

// deleteSelectedButton is a list's Delete selected: the ids come from the message's
// state, so it carries no value.
func deleteSelectedButton() *slack.ButtonBlockElement {
	b := button(ActionDeleteSelected, "Delete selected", "")
	b.Style = slack.StyleDanger
	return b
}

// SelectedGoals are the goal ids ticked in a list message's row checkboxes
// (ActionSelect), read from a block_actions payload's state.values (block_id →
// action_id → value), in id order and each once. Other elements are ignored.
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

// NothingSelectedText answers Delete selected when no row is ticked.
const NothingSelectedText = "Nothing was deleted: tick the *Select* box of the goals you want to delete first, then press *Delete selected*."

// deleteSelected answers Delete selected (ActionDeleteSelected) for the ids ticked,
// space separated: the same confirmation as `/goal delete ID…`, after the same
// permission check; nothing is deleted before the confirmation.
func (a *App) deleteSelected(ctx context.Context, actor Actor, value string) (Reply, error) {
	ids := strings.Fields(value)
	switch {
	case len(ids) == 0:
		return textReply(NothingSelectedText), nil
	case len(ids) > ListPage:
		return Reply{}, goalbot.Errorf(goalbot.EINVALID, "select at most %d goals (one page) at once; nothing was deleted", ListPage)
	}
	ids, err := Command{Args: ids}.GoalIDs()
	if err != nil {
		return Reply{}, err
	}
	gs, err := a.CheckDelete(ctx, actor, ids)
	if code := goalbot.ErrorCode(err); code == goalbot.EFORBIDDEN || code == goalbot.ENOTFOUND {
		return Reply{}, goalbot.Errorf(code, "%s. Nothing was deleted: untick it and press Delete selected again.", goalbot.ErrorMessage(err))
	} else if err != nil {
		return Reply{}, err
	}
	return DeleteConfirmReply(gs), nil
}
