package bot

import (
	"context"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// DeleteSelected answers a list's Delete selected (`goal_delete_selected`): the goals
// ticked in the list's Select boxes, read from the click's state.values, get the same
// confirmation as `/goal delete ID…`; none ticked gets a message that says to tick
// them first.
func DeleteSelected(app Commander) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Interaction == nil {
			return goalbot.Errorf(goalbot.EINVALID, "this click names no button")
		}
		var ids []string
		if st := r.Interaction.BlockActionState; st != nil {
			ids = commands.SelectedGoals(st.Values)
		}
		reply, err := app.Click(ctx, commands.Actor{UserID: r.UserID}, commands.ActionDeleteSelected, strings.Join(ids, " "))
		return answer(ctx, r, reply, err)
	}
}
