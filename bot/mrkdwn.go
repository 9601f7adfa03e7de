package bot

import (
	"github.com/goalbot/goalbot/commands"
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
// inside an entity or a mention (commands.Truncate).
func truncate(s string, n int) string { return commands.Truncate(s, n) }
