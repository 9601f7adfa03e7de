package bot

import "strings"

// The ids of goalbot's Slack elements: the action_ids of buttons and inputs and the
// callback_ids of modals (see docs/contract.md). Handlers are routed by them.

// Action ids of the buttons of replies (and the list's paging, filter buttons and
// bulk delete).
const (
	ActionShow          = "goal_show"
	ActionEdit          = "goal_edit"
	ActionDelete        = "goal_delete"
	ActionDeleteConfirm = "goal_delete_confirm"
	ActionDeleteCancel  = "goal_delete_cancel"
	ActionFilter        = "goal_filter"
	ActionListMore      = "goal_list_more"
	// ActionNewGoal is the "New goal" button of list replies and the Home tab: it
	// opens the create wizard.
	ActionNewGoal = "goal_new"
	// ActionFilterRemove is a list's button for one of its filter terms (and its
	// Clear filters): its value is the list's filter without that term, and a click
	// replaces the list with that wider one. Several share one actions block, so
	// each carries a suffix (see ActionBase).
	ActionFilterRemove = "goal_filter_remove"
	// ActionSelect is the checkbox of a list row (option value: the goal id); ticking
	// it does nothing by itself.
	ActionSelect = "goal_select"
	// ActionDeleteSelected is a list's Delete selected button: it asks to confirm
	// deleting the goals ticked with ActionSelect, as `/goal delete ID…` does.
	ActionDeleteSelected = "goal_delete_selected"
)

// ActionShowGoal is the action_id of the buttons that show a goal (value: its id),
// such as an alert's "View goal".
const ActionShowGoal = ActionShow

// Ids of the create wizard.
const (
	CallbackCreate   = "goal_create"
	ActionCreateBack = "goal_create_back"
	// ActionCreateShow is the button of a stand-in step (a step too large for an
	// ack, which follows by views.update).
	ActionCreateShow = "goal_create_show"
)

// CallbackEdit is the edit modal's callback_id.
const CallbackEdit = "goal_edit"

// Ids of the filter modal.
const (
	CallbackFilter    = "goal_filter"
	ActionFilterClear = "goal_filter_clear"
)

// ActionBase is an action_id without its "#suffix". Slack wants the action_ids of
// one block to differ, so buttons with the same action in one actions block are
// told apart by a suffix ("goal_filter_remove#2"); they are routed by the base.
func ActionBase(actionID string) string {
	base, _, _ := strings.Cut(actionID, "#")
	return base
}

// suffixed is actionID with suffix, for buttons that share an action in one block.
func suffixed(actionID, suffix string) string { return actionID + "#" + suffix }
