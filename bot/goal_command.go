package bot

import (
	"context"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
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
	Execute(ctx context.Context, actor commands.Actor, channel, text string) (commands.Outcome, error)
	Click(ctx context.Context, actor commands.Actor, actionID, value string) (commands.Outcome, error)
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

// answer posts the outcome of a command or a click; a fault of ours goes to the
// handler's error path, which logs it and tells the user.
func answer(ctx context.Context, r *Request, o commands.Outcome, err error) error {
	if err != nil {
		return err
	}
	if r.inView() { // a click on the Home tab or in a modal
		return answerInView(ctx, r, o)
	}
	if modal := modalOf(o); modal != nil && r.TriggerID != "" {
		return openView(ctx, r, *modal)
	}
	return r.Reply(ctx, messageOf(o))
}

// modalOf is the form an outcome opens, or nil.
func modalOf(o commands.Outcome) *slack.ModalViewRequest {
	if reply, ok := o.(commands.Reply); ok {
		return reply.Modal
	}
	return nil
}
