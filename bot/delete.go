package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// deleteConfirmMessage asks, in p's language, to confirm a delete: it names every
// goal its button deletes (at most commands.MaxDelete), their names shortened as
// their number needs.
func deleteConfirmMessage(p *messages.Printer, d commands.DeleteAsked) Message {
	ids := d.IDs()
	lines := make([]string, len(d.Goals)+1)
	lines[0] = p.N("slack.delete.ask", len(d.Goals))
	name := FairShare(MaxBlockText-1000, len(d.Goals), len("• *G0000000* · "), 20, 5*goalbot.MaxNameLength)
	for i, g := range d.Goals {
		lines[i+1] = fmt.Sprintf("• *%s* · %s", g.ID, EscapeWithin(g.Name, name))
	}
	value := strings.Join(ids, " ")
	confirm := dangerButton(ActionDeleteConfirm, p.T("slack.button.delete"), value)
	confirm.Confirm = slack.NewConfirmationBlockObject(
		plain(truncate(p.N("slack.delete.confirm_title", len(d.Goals)), maxConfirmTitle)),
		mrkdwn(commands.DeleteNote(p)),
		plain(p.T("slack.button.delete")), plain(p.T("slack.delete.keep")))
	confirm.Confirm.Style = slack.StyleDanger
	blocks, _ := LineSections(lines, MaxBlockText)
	blocks = append(blocks, slack.NewActionBlock("", confirm, button(ActionDeleteCancel, p.T("slack.button.cancel"), value)))
	text := p.T("slack.delete.text", messages.Args{"IDs": strings.Join(ids, ", ")})
	return Message{Text: truncate(text, MaxFallbackText), Blocks: blocks}
}

// maxConfirmTitle is the longest title of a confirmation dialog.
const maxConfirmTitle = 100

// deletedMessage says which goals were deleted (in place of the confirmation).
func deletedMessage(p *messages.Printer, d commands.Deleted) Message {
	return textMessage(p, p.T("slack.delete.done", messages.Args{"IDs": strings.Join(d.IDs, ", ")})+" "+commands.RestoreHint(p, d.IDs))
}

// keptMessage answers a confirmation's Cancel (in its place): the goals it named
// stay.
func keptMessage(p *messages.Printer, k kept) Message {
	return textMessage(p, p.T("slack.delete.kept", messages.Args{"IDs": Escape(k.value)}))
}
