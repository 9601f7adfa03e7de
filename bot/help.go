package bot

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// helpForms are the commands that open a form in Slack when typed alone, with what
// help says of it.
var helpForms = map[string]string{commands.VerbCreate: "help.form.create", commands.VerbList: "help.form.list", commands.VerbEdit: "help.form.edit"}

// helpMessage is `/goal` and `/goal help` in p's language: each command's usage, in
// code, with what it does, and the words and numbers it takes.
func helpMessage(p *messages.Printer) Message {
	cmds := make([]string, len(commands.HelpVerbs))
	for i, v := range commands.HelpVerbs {
		does := commands.HelpDoes(p, v)
		if id, ok := helpForms[v]; ok {
			does += " " + p.T(id)
		}
		cmds[i] = "`" + Escape(commands.Usage(p, v)) + "`\n   " + does
	}
	ref := strings.Join([]string{p.T("help.types"), p.T("help.durations"), p.T("help.notifications"), p.T("help.numbers"),
		commands.BudgetHelp(p, goalbot.DefaultBudgetBand)}, "\n")
	blocks := []slack.Block{header(p.T("help.title")), section(p.T("help.intro")), section(strings.Join(cmds, "\n")), contextBlock(ref)}
	return Message{Text: commands.HelpSummary(p), Blocks: blocks}
}
