package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// mrkdwnEscaper escapes the three characters Slack's mrkdwn gives a meaning to.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes user-typed text safe in mrkdwn: `&`, `<` and `>` become entities, so
// that a goal named "<!channel>" mentions nobody and "<https://x|y>" links nowhere.
func Escape(s string) string { return mrkdwnEscaper.Replace(s) }

// ProgressBar draws progress as ten segments and the floored percent, such as
// "▰▰▰▰▱▱▱▱▱▱ 42%"; unknown progress is "▱▱▱▱▱▱▱▱▱▱ progress unknown".
func ProgressBar(p *float64) string {
	if p == nil {
		return strings.Repeat("▱", 10) + " progress unknown"
	}
	pct := goalbot.FloorPercent(*p)
	filled := min(max(pct/10, 0), 10)
	return strings.Repeat("▰", filled) + strings.Repeat("▱", 10-filled) + fmt.Sprintf(" %d%%", pct)
}

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
