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

// PlainText renders blocks as readable text (the console; fallbacks): what Slack
// would show, without its formatting. Names and other text people typed come out as
// typed.
func PlainText(blocks []slack.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch x := bl.(type) {
		case *slack.HeaderBlock:
			b.WriteString(textOf(x.Text) + "\n")
		case *slack.SectionBlock:
			if x.Text != nil {
				b.WriteString(textOf(x.Text) + "\n")
			}
			for _, f := range x.Fields {
				label, value, _ := strings.Cut(textOf(f), "\n")
				b.WriteString("  " + label + ": " + value + "\n")
			}
		case *slack.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					b.WriteString("  " + textOf(t) + "\n")
				}
			}
		case *slack.ActionBlock:
			var labels []string
			for _, e := range x.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					labels = append(labels, "["+textOf(btn.Text)+"]")
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

// textOf is what Slack shows of a text object, as plain text.
func textOf(t *slack.TextBlockObject) string {
	if t == nil {
		return ""
	}
	if t.Type == slack.PlainTextType {
		return unescape(t.Text)
	}
	return unmrkdwn(t.Text)
}

// mentions are Slack's escaped mentions (<@U1>, <#C1|name>, <#C1>).
var mentions = regexp.MustCompile(`<([@#])([A-Z0-9]+)(\|[^>]*)?>`)

// unmrkdwn turns mrkdwn into plain text as Slack shows it: mentions as @U1 and #C1,
// the marks of code, bold, italics and strikethrough away, entities back. A mark
// counts only where Slack takes it for one (at the edges of a word), so that 2*3 or
// in_progress keep theirs.
func unmrkdwn(s string) string {
	s = mentions.ReplaceAllString(s, "$1$2")
	for _, mark := range "`*_~" {
		s = unmark(s, byte(mark))
	}
	return unescape(s)
}

// unescape turns the three entities that Slack text escapes back into characters.
func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

// unmark removes the pairs of mark that Slack's mrkdwn reads as formatting: the
// opening one at the start of a word, the closing one at the end of one, both on one
// line, with text between them that neither starts nor ends with a space.
func unmark(s string, mark byte) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == mark && opens(s, i) {
			if j := closing(s, i, mark); j > 0 {
				b.WriteString(s[i+1 : j])
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// opens reports whether the mark at i can open formatting.
func opens(s string, i int) bool {
	return (i == 0 || !isWordByte(s[i-1])) && i+1 < len(s) && !isSpace(s[i+1])
}

// closing returns the index of the mark that closes the one at i, or -1.
func closing(s string, i int, mark byte) int {
	for j := i + 2; j < len(s) && s[j] != '\n'; j++ {
		if s[j] == mark && !isSpace(s[j-1]) && (j+1 == len(s) || !isWordByte(s[j+1])) {
			return j
		}
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// isWordByte reports whether c belongs to a word (a letter, a digit, or part of a
// UTF-8 character).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
