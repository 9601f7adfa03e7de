package bot

import (
	"context"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// CommandGoal is goalbot's slash command.
const CommandGoal = "/goal"

// ActionShowGoal is the action_id of the buttons that show a goal (value: its id),
// such as an alert's "View goal" (SPEC §2 `goal_show`).
const ActionShowGoal = commands.ActionShow

// ClickActions are the buttons of /goal's replies that GoalClick answers.
var ClickActions = []string{commands.ActionShow, commands.ActionEdit, commands.ActionDelete, commands.ActionDeleteConfirm,
	commands.ActionDeleteCancel, commands.ActionListMore, commands.ActionFilterRemove}

// Commander runs typed /goal commands and the clicks on their replies
// (commands.App implements it).
type Commander interface {
	Execute(ctx context.Context, actor commands.Actor, channel, text string) (commands.Reply, error)
	Click(ctx context.Context, actor commands.Actor, actionID, value string) (commands.Reply, error)
}

// GoalCommand answers /goal with the reply of the typed command.
func GoalCommand(app Commander) Handler {
	return func(ctx context.Context, r *Request) error {
		text := ""
		if r.Command != nil {
			text = r.Command.Text
		}
		reply, err := app.Execute(ctx, commands.Actor{UserID: r.UserID}, r.ChannelID, text)
		return answer(ctx, r, reply, err)
	}
}

// GoalClick answers the buttons of /goal's replies.
func GoalClick(app Commander) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Action == nil {
			return goalbot.Errorf(goalbot.EINVALID, "this click names no button")
		}
		reply, err := app.Click(ctx, commands.Actor{UserID: r.UserID}, r.Action.ActionID, r.Action.Value)
		return answer(ctx, r, reply, err)
	}
}

// answer posts a command's reply; a fault of ours goes to the handler's error path,
// which logs it and tells the user.
func answer(ctx context.Context, r *Request, reply commands.Reply, err error) error {
	if err != nil {
		return err
	}
	if r.inView() { // a click on the Home tab or in a modal
		return answerInView(ctx, r, reply)
	}
	if reply.Modal != nil && r.TriggerID != "" {
		return openView(ctx, r, *reply.Modal)
	}
	return r.Reply(ctx, Message{Text: reply.Text, Blocks: reply.Blocks, InChannel: reply.InChannel, ReplaceOriginal: reply.Replace})
}
