package bot

import "github.com/slack-go/slack"

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

// truncate cuts s to at most n runes, ending with "…" when it was cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
