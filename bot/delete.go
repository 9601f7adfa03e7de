package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// NothingSelectedText answers Delete selected when no row is ticked.
const NothingSelectedText = "Nothing was deleted: tick the *Select* box of the goals you want to delete first, then press *Delete selected*."

// deleteConfirmMessage asks to confirm a delete: it names every goal its button
// deletes (at most commands.MaxDelete), their names shortened as their number needs.
func deleteConfirmMessage(d commands.DeleteAsked) Message {
	ids := d.IDs()
	lines := make([]string, len(d.Goals)+1)
	what := "this goal"
	if len(d.Goals) > 1 {
		what = fmt.Sprintf("these %d goals", len(d.Goals))
	}
	lines[0] = "Delete " + what + "?"
	name := FairShare(MaxBlockText-1000, len(d.Goals), len("• *G0000000* · "), 20, 5*goalbot.MaxNameLength)
	for i, g := range d.Goals {
		lines[i+1] = fmt.Sprintf("• *%s* · %s", g.ID, EscapeWithin(g.Name, name))
	}
	value := strings.Join(ids, " ")
	confirm := dangerButton(ActionDeleteConfirm, "Delete", value)
	confirm.Confirm = slack.NewConfirmationBlockObject(
		plain("Delete "+commands.Plural(len(d.Goals), "goal")+"?"),
		mrkdwn(commands.DeleteNote(messages.English())),
		plain("Delete"), plain("Keep them"))
	confirm.Confirm.Style = slack.StyleDanger
	blocks, _ := LineSections(lines, MaxBlockText)
	blocks = append(blocks, slack.NewActionBlock("", confirm, button(ActionDeleteCancel, "Cancel", value)))
	return Message{Text: truncate("Delete "+strings.Join(ids, ", ")+"? Confirm or cancel.", MaxFallbackText), Blocks: blocks}
}

// deletedMessage says which goals were deleted (in place of the confirmation).
func deletedMessage(d commands.Deleted) Message {
	return textMessage("🗑️ Deleted " + strings.Join(d.IDs, ", ") + ". " + commands.RestoreHint(messages.English(), d.IDs))
}

// keptMessage answers a confirmation's Cancel (in its place): the goals it named
// stay.
func keptMessage(k kept) Message {
	return textMessage("Nothing was deleted (" + Escape(k.value) + " kept).")
}
