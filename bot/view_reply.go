package bot

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// inView reports whether r is a click in a view (the Home tab or a modal) rather than
// in a message: such a click has no response_url to answer through.
func (r *Request) inView() bool {
	return r.ResponseURL == "" && r.Interaction != nil && r.Interaction.View.ID != ""
}

// answerInView answers a click in a view with reply: a form opens (pushed over a
// modal the click came from), and a message is shown in a modal: a new one over the
// Home tab, or in place of the modal the click came from (so that a delete confirmed
// in it says so there).
func answerInView(ctx context.Context, r *Request, o commands.Outcome) error {
	fromModal := r.Interaction.View.Type == slack.VTModal
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	p := r.Printer()
	modal := ModalOf(p, o)
	if modal != nil && fromModal {
		if _, err := r.bot.api.PushViewContext(ctx, r.TriggerID, *modal); err != nil {
			return fmt.Errorf("push the %s form: %w", modal.CallbackID, err)
		}
		return nil
	}
	if modal != nil {
		return openView(ctx, r, *modal)
	}
	view := slack.ModalViewRequest{Type: slack.VTModal, Title: plain("goalbot"), Close: plainText(p.T("slack.modal.close"), maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: messageBlocks(MessageOf(p, o))}}
	if fromModal {
		v := r.Interaction.View
		if _, err := r.bot.api.UpdateViewContext(ctx, view, "", v.Hash, v.ID); err != nil {
			return fmt.Errorf("answer in the modal: %w", err)
		}
		return nil
	}
	return openView(ctx, r, view)
}
