package bot

import (
	"context"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// ActionShowGoal is the action_id of the buttons that show a goal (value: its id),
// such as an alert's "View goal" (SPEC §2 `goal_show`).
const ActionShowGoal = "goal_show"

// ShowGoal answers a goal_show click with the goal's summary, to the user who
// clicked.
func ShowGoal(goals Goals) Handler {
	return func(ctx context.Context, r *Request) error {
		id := ""
		if r.Action != nil {
			id = r.Action.Value
		}
		if id == "" {
			return goalbot.Errorf(goalbot.EINVALID, "this button names no goal")
		}
		v, err := goals.GetGoal(ctx, id)
		if err != nil {
			return err
		}
		text := goalDetail(v)
		return r.Reply(ctx, Message{Text: v.Goal.ID + " " + Escape(v.Goal.Name), Blocks: []slack.Block{section(text)}})
	}
}
