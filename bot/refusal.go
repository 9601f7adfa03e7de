package bot

import (
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// refusalMessage tells the user what was refused and what would be right, in p's
// language: problems with fields name each field as it is typed in a command
// (commands.TypedField), once per problem; bad input of a command shows its usage
// below.
func refusalMessage(p *messages.Printer, r commands.Refusal) Message {
	m := textMessage(refusalText(p, r))
	if r.Usage != "" {
		m.Blocks = append(m.Blocks, contextBlock(p.T("errors.refusal.usage", messages.Args{"Usage": "`" + r.Usage + "`"})))
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
	for _, f := range r.Problems {
		if line := "• " + problemLine(p, f); !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	// The count as typed (5000): the English of a refusal is what it always was.
	n := len(lines)
	return "⚠️ " + p.N("errors.refusal.fix", n, messages.Args{"Count": strconv.Itoa(n), "Problems": strings.Join(lines, "\n")})
}

// problemLine is a problem with the field named as typed: "`target.cmp-1`: …".
func problemLine(p *messages.Printer, f goalbot.FieldError) string {
	if f.Field == "" {
		return Escape(p.Problem(f))
	}
	return "`" + Escape(commands.TypedField(f.Field)) + "`: " + Escape(p.Problem(f))
}
