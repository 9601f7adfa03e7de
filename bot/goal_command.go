package bot

import (
	"context"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// CommandGoal is goalbot's slash command.
const CommandGoal = "/goal"

// Commander runs typed /goal commands and the use cases of the buttons of their
// replies (commands.App implements it).
type Commander interface {
	Execute(ctx context.Context, actor commands.Actor, channel, text string) (commands.Outcome, error)
	Show(ctx context.Context, id string) (commands.Shown, error)
	Chart(ctx context.Context, actor commands.Actor, id, channel string) (commands.Charted, error)
	OpenEdit(ctx context.Context, actor commands.Actor, id string) (commands.EditForm, error)
	AskDelete(ctx context.Context, actor commands.Actor, ids []string) (commands.DeleteAsked, error)
	ConfirmDelete(ctx context.Context, actor commands.Actor, ids []string) (commands.Deleted, error)
	List(ctx context.Context, f goalbot.Filter, cursor string) (commands.GoalPage, error)
}

// Changed is told what a request of user changed (commands.Changes), once it is
// answered: Homes.AfterChange queues the Home tabs that show it.
type Changed func(ctx context.Context, user string, c commands.Changes)

// GoalCommand answers /goal with the outcome of the typed command, and tells changed
// what it changed (a refusal changes nothing).
func GoalCommand(app Commander, changed Changed) Handler {
	return func(ctx context.Context, r *Request) error {
		text := ""
		if r.Command != nil {
			text = r.Command.Text
		}
		o, err := app.Execute(ctx, r.Actor(), r.ChannelID, text)
		return respond(ctx, r, o, err, false, changed)
	}
}

// respond answers a command or a click with its outcome (in place of the message
// clicked when replace, unless it is a refusal), then tells changed what it changed.
// A fault of ours goes to the handler's error path, which logs it and tells the user.
func respond(ctx context.Context, r *Request, o commands.Outcome, err error, replace bool, changed Changed) error {
	if err != nil {
		return err
	}
	err = answer(ctx, r, o, replace)
	if c := o.Changes(); changed != nil && !c.IsZero() {
		changed(ctx, r.UserID, c)
	}
	return err
}

// answer shows an outcome where the request came from: a form opens, a message
// answers (replacing the one clicked when replace).
func answer(ctx context.Context, r *Request, o commands.Outcome, replace bool) error {
	if c, ok := o.(commands.Charted); ok {
		return answerChart(ctx, r, c)
	}
	if r.inView() { // a click on the Home tab or in a modal
		return answerInView(ctx, r, o)
	}
	p := r.Printer()
	if modal := ModalOf(p, o); modal != nil && r.TriggerID != "" {
		return openView(ctx, r, *modal)
	}
	return r.Reply(ctx, replyOf(p, o, replace))
}

// replyOf is the message that answers o in p's language, in place of the message
// clicked when replace (a refusal never replaces it).
func replyOf(p *messages.Printer, o commands.Outcome, replace bool) Message {
	m := MessageOf(p, o)
	if _, refusal := o.(commands.Refusal); replace && !refusal {
		m.ReplaceOriginal = true
	}
	return m
}

// ModalOf is the modal, in p's language, of an outcome that is a form (a step of the
// create wizard, the edit form), or nil.
func ModalOf(p *messages.Printer, o commands.Outcome) *slack.ModalViewRequest {
	var v slack.ModalViewRequest
	switch o := o.(type) {
	case commands.CreateStep:
		v = createStepView(p, o)
	case commands.EditForm:
		v = editModal(p, o)
	default:
		return nil
	}
	return &v
}
