package bot

import (
	"strings"

	"github.com/goalbot/goalbot/messages"

	"github.com/slack-go/slack"
)

// plain is a plain_text object.
func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// mrkdwn is a mrkdwn text object; s must already be escaped where it holds user text.
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// section is a section block of mrkdwn s (at most 3000 characters, as Slack allows).
func section(s string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(truncate(s, 3000)), nil, nil)
}

// contextBlock is a context block of one mrkdwn element.
func contextBlock(s string) *slack.ContextBlock {
	return slack.NewContextBlock("", mrkdwn(truncate(s, 3000)))
}

// maxMessageText is the longest text of a message Slack keeps whole (it cuts the rest).
const maxMessageText = 40_000

// truncate cuts s to at most n characters, ending with "…" when it was cut, never
// inside an entity or a mention (Truncate).
func truncate(s string, n int) string { return Truncate(s, n) }

// textMessage is a message of mrkdwn text: its lines in sections, within
// MaxBlockText (what does not fit is left out, and the message says so in p's
// language), and as much of it as a fallback text takes.
func textMessage(p *messages.Printer, text string) Message {
	lines := strings.Split(text, "\n")
	blocks, n := LineSections(lines, MaxBlockText)
	if n < len(lines) {
		blocks = append(blocks, contextBlock(p.T("slack.too_long")))
	}
	return Message{Text: truncate(text, MaxFallbackText), Blocks: blocks}
}

// header is a header block of plain text (at most 150 characters).
func header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(text, 150), true, false))
}

// button is a button with actionID, its text (at most 75 characters) and value.
func button(actionID, text, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, truncate(text, 75), true, false))
}

// dangerButton is a red button.
func dangerButton(actionID, text, value string) *slack.ButtonBlockElement {
	b := button(actionID, text, value)
	b.Style = slack.StyleDanger
	return b
}

// fieldsSection is a section of mrkdwn fields (at most 2,000 characters each).
func fieldsSection(fields []string) *slack.SectionBlock {
	objs := make([]*slack.TextBlockObject, len(fields))
	for i, f := range fields {
		objs[i] = mrkdwn(truncate(f, 2000))
	}
	return slack.NewSectionBlock(nil, objs, nil)
}

// maxOptionText is the longest text of an option.
const maxOptionText = 75

// option is a select option with value v and text (cut to maxOptionText).
func option(v, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(v, plain(truncate(text, maxOptionText)), nil)
}
