package bot

import (
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// createdMessage says a goal was created: what it is, its first period's target and
// its figures now, with a Show button.
func createdMessage(c commands.Created) Message {
	g := c.Goal
	target := "—"
	if t, ok := c.FirstTarget(); ok {
		target = commands.Figure(g, t)
		if g.Type == goalbot.CostPerContact {
			target = "at most " + target + " per contact"
		}
	}
	first := "first period's target " + target
	if g.Type == goalbot.AdSpend {
		first = messages.English().T("budget.created", messages.Args{"Budget": target})
	}
	text := fmt.Sprintf("✅ Created *%s* · %s\n%s on %s · %s from %s to %s (%s) · %s\n%s",
		g.ID, Escape(g.Name), g.Type.Label(), commands.Plural(len(g.Campaigns), "campaign"), g.Duration, g.Start, g.End,
		commands.Plural(len(g.Periods()), "period"), first, figuresLine(c.Figures))
	return Message{Text: "Created " + g.ID + " " + Escape(g.Name), Blocks: []slack.Block{section(text),
		slack.NewActionBlock("", button(ActionShow, "Show", g.ID))}}
}

// updatedMessage says a goal was edited, with its figures now and a Show button.
func updatedMessage(u commands.Updated) Message {
	g := u.Goal
	text := fmt.Sprintf("✏️ Updated *%s* · %s\n%s", g.ID, Escape(g.Name), figuresLine(u.Figures))
	return Message{Text: "Updated " + g.ID, Blocks: []slack.Block{section(text),
		slack.NewActionBlock("", button(ActionShow, "Show", g.ID))}}
}

// figuresLine says a created or edited goal's figures now, in a line: its current
// period's progress against its target, or that they follow in a moment ("" without
// figures).
func figuresLine(v *commands.GoalView) string {
	if v == nil {
		return ""
	}
	n := commands.FiguresNow(*v)
	switch n.Kind {
	case commands.NowMeasuring:
		return "_Its figures follow in a moment._"
	case commands.NowPending:
		return fmt.Sprintf("Starts %s.", n.Start)
	case commands.NowNoContacts:
		return fmt.Sprintf("No contacts yet this period (cap %s per contact).", n.Target)
	case commands.NowCost:
		return fmt.Sprintf("Now %s per contact this period (cap %s) · %s", n.Actual, n.Target, commands.ProgressBar(n.Progress))
	case commands.NowPeriod:
		return fmt.Sprintf("Now %s of %s this period · %s", n.Actual, n.Target, commands.ProgressBar(n.Progress))
	}
	return fmt.Sprintf("Whole range: %s of %s · %s", n.Actual, n.Target, commands.ProgressBar(n.Progress))
}
