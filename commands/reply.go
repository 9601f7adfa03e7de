package commands

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Reply is what a command or a click answers: Block Kit blocks with a fallback text,
// ephemeral unless InChannel. The Slack side posts it; the console prints Text.
type Reply struct {
	Text   string
	Blocks []slack.Block
	// InChannel makes the reply visible to the channel.
	InChannel bool
	// Replace replaces the message the click came from.
	Replace bool
	// Modal, when set, is a form to open instead of posting the reply (Slack opens it
	// with the envelope's trigger_id); Text and Blocks say what to type without it.
	Modal *slack.ModalViewRequest
}

// Action ids of the buttons of replies (SPEC §2, and the list's paging, filter
// buttons and bulk delete).
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

// ActionBase is an action_id without its "#suffix". Slack wants the action_ids of
// one block to differ, so buttons with the same action in one actions block are
// told apart by a suffix ("goal_filter_remove#2"); they are routed by the base.
func ActionBase(actionID string) string {
	base, _, _ := strings.Cut(actionID, "#")
	return base
}

// suffixed is actionID with suffix, for buttons that share an action in one block.
func suffixed(actionID, suffix string) string { return actionID + "#" + suffix }

// textReply is a reply of mrkdwn text: its lines in sections, within MaxBlockText
// (what does not fit is left out, and the reply says so), and as much of it as a
// fallback text takes.
func textReply(text string) Reply {
	lines := strings.Split(text, "\n")
	blocks, n := LineSections(lines, MaxBlockText)
	if n < len(lines) {
		blocks = append(blocks, contextText("…and more: too long for one message."))
	}
	return Reply{Text: Truncate(text, MaxFallbackText), Blocks: blocks}
}

// ErrorReply tells the user what went wrong and what would be right; internal errors
// get a generic message (their detail belongs in the log). Problems with fields name
// each field as it is typed in a command (TypedField), once per problem.
func ErrorReply(err error) Reply {
	fields := goalbot.ErrorFields(err)
	switch len(fields) {
	case 0:
		return textReply("⚠️ " + Escape(goalbot.ErrorMessage(err)))
	case 1:
		return textReply("⚠️ " + problemLine(fields[0]))
	}
	lines := make([]string, 0, len(fields))
	seen := make(map[string]bool, len(fields))
	for _, f := range fields {
		if line := "• " + problemLine(f); !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	return textReply(fmt.Sprintf("⚠️ Nothing was changed. Please fix %s:\n%s", plural(len(lines), "problem"), strings.Join(lines, "\n")))
}

// problemLine is a problem with the field named as typed: "`target.cmp-1`: …".
func problemLine(f goalbot.FieldError) string {
	if f.Field == "" {
		return Escape(f.Message)
	}
	return "`" + Escape(TypedField(f.Field)) + "`: " + Escape(f.Message)
}

// TypedField is a field's name as people type it in `/goal create` and `/goal edit`:
// `target.cmp-1` for a campaign's own target (`target_cmp-1` in the modals), and the
// short keys of the command (`campaigns`, `accounts`, `start`, `end`, `notify`).
func TypedField(field string) string {
	if c, ok := strings.CutPrefix(field, "target_"); ok {
		return "target." + c
	}
	switch field {
	case FieldCampaigns:
		return "campaigns"
	case FieldAccounts:
		return "accounts"
	case FieldStart:
		return "start"
	case FieldEnd:
		return "end"
	case FieldNotifications:
		return "notify"
	}
	return field
}

func section(mrkdwn string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, truncate(mrkdwn, 3000), false, false), nil, nil)
}

func header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(text, 150), true, false))
}

func contextText(mrkdwn string) *slack.ContextBlock {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, truncate(mrkdwn, 3000), false, false))
}

func button(actionID, text, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, truncate(text, 75), true, false))
}

// truncate is Truncate.
func truncate(s string, n int) string { return Truncate(s, n) }

// PlainText renders blocks as readable text (the console; fallbacks).
func PlainText(blocks []slack.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch x := bl.(type) {
		case *slack.HeaderBlock:
			b.WriteString(strings.ToUpper(x.Text.Text) + "\n")
		case *slack.SectionBlock:
			if x.Text != nil {
				b.WriteString(unmrkdwn(x.Text.Text) + "\n")
			}
			for _, f := range x.Fields {
				label, value, _ := strings.Cut(unmrkdwn(f.Text), "\n")
				b.WriteString("  " + label + ": " + value + "\n")
			}
		case *slack.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					b.WriteString("  " + unmrkdwn(t.Text) + "\n")
				}
			}
		case *slack.ActionBlock:
			var labels []string
			for _, e := range x.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					labels = append(labels, "["+btn.Text.Text+"]")
				}
			}
			if len(labels) > 0 {
				b.WriteString("  " + strings.Join(labels, " ") + "\n")
			}
		case *slack.DividerBlock:
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// mentions are Slack's escaped mentions (<@U1>, <#C1|name>, <#C1>).
var mentions = regexp.MustCompile(`<([@#])([A-Z0-9]+)(\|[^>]*)?>`)

// unmrkdwn turns mrkdwn into plain text: mentions as @U1 and #C1, emphasis marks
// away, entities back.
func unmrkdwn(s string) string {
	s = mentions.ReplaceAllString(s, "$1$2")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if len(l) > 1 && strings.HasPrefix(l, "_") && strings.HasSuffix(l, "_") {
			lines[i] = l[1 : len(l)-1]
		}
	}
	s = strings.Join(lines, "\n")
	return strings.NewReplacer("*", "", "`", "", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}
