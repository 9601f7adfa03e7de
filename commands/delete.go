package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// MaxDelete is the most goals one confirmation deletes: it names every one of them
// within one message.
const MaxDelete = 100

// DeleteConfirmReply asks to confirm deleting goals (at most MaxDelete): it names every
// goal its button deletes, their names shortened as their number needs. Nothing is
// deleted before the confirmation, which re-checks permissions.
func DeleteConfirmReply(goals []*goalbot.Goal) Reply {
	ids := make([]string, len(goals))
	lines := make([]string, len(goals)+1)
	what := "this goal"
	if len(goals) > 1 {
		what = fmt.Sprintf("these %d goals", len(goals))
	}
	lines[0] = "Delete " + what + "?"
	name := FairShare(MaxBlockText-1000, len(goals), len("• *G0000000* · "), 20, 5*goalbot.MaxNameLength)
	for i, g := range goals {
		ids[i] = g.ID
		lines[i+1] = fmt.Sprintf("• *%s* · %s", g.ID, EscapeWithin(g.Name, name))
	}
	confirm := button(ActionDeleteConfirm, "Delete", strings.Join(ids, " "))
	confirm.Style = slack.StyleDanger
	confirm.Confirm = slack.NewConfirmationBlockObject(
		slack.NewTextBlockObject(slack.PlainTextType, "Delete "+plural(len(goals), "goal")+"?", false, false),
		slack.NewTextBlockObject(slack.MarkdownType, "Their figures and queued alerts go too. This cannot be undone.", false, false),
		slack.NewTextBlockObject(slack.PlainTextType, "Delete", false, false),
		slack.NewTextBlockObject(slack.PlainTextType, "Keep them", false, false))
	confirm.Confirm.Style = slack.StyleDanger
	blocks, _ := LineSections(lines, MaxBlockText)
	blocks = append(blocks, slack.NewActionBlock("", confirm, button(ActionDeleteCancel, "Cancel", strings.Join(ids, " "))))
	return Reply{Text: Truncate("Delete "+strings.Join(ids, ", ")+"? Confirm or cancel.", MaxFallbackText), Blocks: blocks}
}

// ConfirmDelete deletes the goals of a confirmation click after checking again that
// actor may delete each; it replaces the confirmation message.
func (a *App) ConfirmDelete(ctx context.Context, actor Actor, value string) (Reply, error) {
	ids := strings.Fields(value)
	if err := a.DeleteGoals(ctx, actor, ids); err != nil {
		return Reply{}, err
	}
	r := textReply("🗑️ Deleted " + strings.Join(ids, ", ") + ".")
	r.Replace = true
	return r, nil
}

// CancelDelete answers the Cancel button.
func CancelDelete(value string) Reply {
	r := textReply("Nothing was deleted (" + Escape(value) + " kept).")
	r.Replace = true
	return r
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
