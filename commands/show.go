package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// maxCampaignRows bounds the campaign rows of a show reply.
const maxCampaignRows = 10

// ShowReply shows one goal: its type, stage, campaigns, range, current period, actual
// against target, progress, pace, spend, cost per contact, status, past milestones and
// when it was measured.
func (a *App) ShowReply(ctx context.Context, id string) (Reply, error) {
	v, err := a.GetGoal(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	g, m := v.Goal, v.Measurement
	loc := g.Location()
	sp := g.Splitter()
	typ := g.Type.Label()
	if g.Stage != "" {
		typ += " · " + string(g.Stage)
	}
	fields := []string{
		"*Type*\n" + typ,
		"*Status*\n" + StatusLabel(v.Status),
		"*Range*\n" + g.Start.String() + " – " + g.End.String() + " (" + string(g.Duration) + ")",
		"*Campaigns*\n" + Escape(strings.Join(g.Campaigns, ", ")),
	}
	blocks := []slack.Block{header(truncate(g.ID+" · "+Escape(g.Name), 150))}
	if m == nil {
		blocks = append(blocks, fieldsSection(fields), section("_Measuring: its figures follow in a moment (`/goal refresh "+g.ID+"` measures it now)._"))
	} else {
		fields = append(fields, "*Headline progress*\n"+ProgressBar(v.Headline()))
		if cur := m.CurrentPeriod(); cur != nil {
			fields = append(fields, periodFields(g, *cur, sp.Describe(cur.Period))...)
			if p := PaceLabel(m.Pace); p != "" {
				fields = append(fields, "*Pace*\n"+p)
			}
		} else {
			fields = append(fields, "*Whole range*\n"+actualOf(g, m.Total)+" of "+Figure(g, m.Total.Target))
		}
		blocks = append(blocks, fieldsSection(fields[:min(len(fields), 10)]))
		if len(fields) > 10 {
			blocks = append(blocks, fieldsSection(fields[10:]))
		}
		if rows := campaignRows(g, m); rows != "" {
			blocks = append(blocks, section(rows))
		}
		if ms := milestones(g, m, sp); ms != "" {
			blocks = append(blocks, section("*Milestones*\n"+ms))
		}
		blocks = append(blocks, contextText("Measured "+When(m.At, loc)+" · times in "+loc.String()))
	}
	extra := ""
	if g.Team != "" {
		extra = " · team " + Escape(g.Team)
	}
	blocks = append(blocks, contextText("Created by <@"+g.Creator+">"+extra+" · notifies "+notifyList(g.Notifications)),
		slack.NewActionBlock("", button(ActionEdit, "Edit", g.ID), deleteButton(g.ID)))
	text := fmt.Sprintf("%s %s: %s, %s", g.ID, Escape(g.Name), v.Status, Percent(v.Headline()))
	return Reply{Text: text, Blocks: blocks}, nil
}

func fieldsSection(fields []string) *slack.SectionBlock {
	objs := make([]*slack.TextBlockObject, len(fields))
	for i, f := range fields {
		objs[i] = slack.NewTextBlockObject(slack.MarkdownType, truncate(f, 2000), false, false)
	}
	return slack.NewSectionBlock(nil, objs, nil)
}

// periodFields are the current period's figures.
func periodFields(g *goalbot.Goal, p goalbot.PeriodFigures, name string) []string {
	out := []string{"*Current period*\n" + name + " (" + p.Start.String() + " – " + p.End.String() + ")"}
	if g.Type == goalbot.CostPerContact {
		cost := "no contacts yet"
		if p.Contacts > 0 {
			cost = actualOf(g, p.Figures)
		}
		out = append(out, "*Cost per contact*\n"+cost+" (cap "+Money(p.Target, g.Currency)+")")
	} else {
		out = append(out, "*Actual / target*\n"+Number(p.Actual)+" / "+Number(p.Target))
	}
	out = append(out, "*Spend*\n"+Spend(p.Spend))
	if g.Type == goalbot.ContactsInStage && p.Contacts > 0 {
		if cost := costPerContact(p.Spend, p.Contacts); cost != "" {
			out = append(out, "*Cost per contact*\n"+cost)
		}
	}
	return out
}

// costPerContact formats spend ÷ contacts when the spend is in one currency, says
// why not when it is in several, and is "" without spend.
func costPerContact(spend goalbot.Money, contacts int64) string {
	a, ok := spend.Single()
	switch {
	case !spend.Known():
		return ""
	case !ok:
		return fmt.Sprintf("not shown: the spend is in %d currencies", len(spend))
	case a.Amount <= 0:
		return ""
	}
	return Money(a.Amount/goalbot.Micro(contacts), a.Currency.String())
}

// actualOf formats the actual of figures f of g: for cost per contact, the cost, or
// "—" when it is not known (no contacts, or spend not in the goal's currency).
func actualOf(g *goalbot.Goal, f goalbot.Figures) string {
	if g.Type == goalbot.CostPerContact && f.Progress == nil {
		switch {
		case f.Contacts == 0:
			return "—"
		case g.Currency != "":
			return "— (spend not all in " + g.Currency + ")"
		}
		return "— (spend in several currencies)"
	}
	return Figure(g, f.Actual)
}

// campaignRows lists the current (or last) period's campaigns.
func campaignRows(g *goalbot.Goal, m *goalbot.Measurement) string {
	i := m.Current
	if i >= len(m.Periods) {
		i = len(m.Periods) - 1
	}
	if i < 0 || len(g.Campaigns) < 2 {
		return ""
	}
	rows := []string{"*Campaigns this period*"}
	for j, c := range m.Periods[i].Campaigns {
		if j == maxCampaignRows {
			rows = append(rows, fmt.Sprintf("…and %d more", len(m.Periods[i].Campaigns)-j))
			break
		}
		rows = append(rows, fmt.Sprintf("• `%s` %s of %s · %s", Escape(c.Campaign), actualOf(g, c.Figures), Figure(g, c.Target), Percent(c.Progress)))
	}
	return strings.Join(rows, "\n")
}

// milestones lists ended periods with their outcomes, provisional ones marked.
func milestones(g *goalbot.Goal, m *goalbot.Measurement, sp goalbot.Splitter) string {
	var rows []string
	for _, p := range m.Periods {
		if !p.Ended {
			continue
		}
		mark := ""
		if !p.Settled {
			mark = " _(provisional)_"
		}
		rows = append(rows, fmt.Sprintf("%s %s: %s, %s%s", outcomeEmoji(p.PeriodOutcome()), sp.Describe(p.Period), p.PeriodOutcome(), Percent(p.Progress), mark))
	}
	if len(rows) > 12 {
		rows = append([]string{fmt.Sprintf("…%d earlier periods", len(rows)-12)}, rows[len(rows)-12:]...)
	}
	return strings.Join(rows, "\n")
}

func outcomeEmoji(o goalbot.Outcome) string {
	switch o {
	case goalbot.Exceeded:
		return "🏆"
	case goalbot.Achieved:
		return "✅"
	}
	return "❌"
}

func notifyList(evs []goalbot.Event) string {
	if len(evs) == 0 {
		return "nobody"
	}
	s := make([]string, len(evs))
	for i, e := range evs {
		s[i] = string(e)
	}
	return strings.Join(s, ", ")
}
