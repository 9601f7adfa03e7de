package bot

import (
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// createdMessage says, in p's language, a goal was created: what it is, its first
// period's target and its figures now, with a Show button.
func createdMessage(p *messages.Printer, c commands.Created) Message {
	g := c.Goal
	first := c.FirstTargetWords(p)
	text := p.T("slack.created", messages.Args{"ID": g.ID, "Name": Escape(g.Name), "Type": p.Type(g.Type),
		"Campaigns": p.N("slack.campaigns", len(g.Campaigns)), "Duration": p.Duration(g.Duration), "Start": g.Start.String(),
		"End": g.End.String(), "Periods": p.N("slack.periods", len(g.Periods())), "First": first, "Figures": figuresLine(p, c.Figures)})
	return Message{Text: p.T("slack.created.text", messages.Args{"ID": g.ID, "Name": Escape(g.Name)}), Blocks: []slack.Block{section(text),
		slack.NewActionBlock("", button(ActionShow, p.T("slack.button.show"), g.ID))}}
}

// updatedMessage says a goal was edited, with its figures now and a Show button.
func updatedMessage(p *messages.Printer, u commands.Updated) Message {
	g := u.Goal
	text := p.T("slack.updated", messages.Args{"ID": g.ID, "Name": Escape(g.Name), "Figures": figuresLine(p, u.Figures)})
	return Message{Text: p.T("slack.updated.text", messages.Args{"ID": g.ID}), Blocks: []slack.Block{section(text),
		slack.NewActionBlock("", button(ActionShow, p.T("slack.button.show"), g.ID))}}
}

// figuresLine says a created or edited goal's figures now, in a line: its current
// period's progress against its target, or that they follow in a moment ("" without
// figures).
func figuresLine(p *messages.Printer, v *commands.GoalView) string {
	if v == nil {
		return ""
	}
	n := commands.FiguresNow(p, *v)
	if n.Kind == commands.NowMeasuring {
		return "_" + n.Words(p) + "_"
	}
	return n.Words(p)
}
