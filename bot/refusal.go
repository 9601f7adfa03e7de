package bot

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// refusalMessage tells the user, in p's language, what was refused and what would be
// right: problems with fields name each field as it is typed in a command
// (commands.TypedField), once per problem; bad input of a command shows its usage
// below.
func refusalMessage(p *messages.Printer, r commands.Refusal) Message {
	m := textMessage(p, refusalText(p, r))
	if r.UsageOf != "" {
		m.Blocks = append(m.Blocks, contextBlock(p.T("help.usage_line", messages.Args{"Usage": "`" + Escape(commands.Usage(p, r.UsageOf)) + "`"})))
	}
	return m
}

// refusalText is a refusal in mrkdwn: its message, or its problems one a line.
func refusalText(p *messages.Printer, r commands.Refusal) string {
	switch len(r.Problems) {
	case 0:
		return "⚠️ " + Escape(p.Message(r.Message))
	case 1:
		return "⚠️ " + problemLine(p, r.Problems[0])
	}
	lines := make([]string, 0, len(r.Problems))
	seen := make(map[string]bool, len(r.Problems))
	for _, pr := range r.Problems {
		if line := "• " + problemLine(p, pr); !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	return p.N("slack.refusal.problems", len(lines)) + "\n" + strings.Join(lines, "\n")
}

// problemLine is a problem with the field named as typed: "`target.cmp-1`: …".
func problemLine(p *messages.Printer, f goalbot.FieldError) string {
	if f.Field == "" {
		return Escape(p.Problem(f))
	}
	return "`" + Escape(commands.TypedField(f.Field)) + "`: " + Escape(p.Problem(f))
}
