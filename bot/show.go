package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// factLabels name the facts of a shown goal.
var factLabels = map[commands.FactKind]string{
	commands.FactType: "Type", commands.FactStatus: "Status", commands.FactRange: "Range", commands.FactCampaigns: "Campaigns",
	commands.FactHeadline: "Headline progress", commands.FactPeriod: "Current period", commands.FactCost: "Cost per contact",
	commands.FactActual: "Actual / target", commands.FactSpend: "Spend", commands.FactPace: "Pace", commands.FactWholeRange: "Whole range",
}

// maxFields is the most fields a section holds.
const maxFields = 10

// showMessage shows one goal: its facts as fields, its campaigns this period, its
// milestones and when it was measured, who created it, and its Edit and Delete
// buttons.
func showMessage(s commands.Shown) Message {
	v := s.View
	g, m := v.Goal, v.Measurement
	fields := make([]string, 0, maxFields)
	for _, f := range s.Facts() {
		fields = append(fields, "*"+factLabel(f.Kind)+"*\n"+Escape(f.Value))
	}
	blocks := []slack.Block{header(g.ID + " · " + Escape(g.Name))}
	for len(fields) > 0 {
		n := min(len(fields), maxFields)
		blocks = append(blocks, fieldsSection(fields[:n]))
		fields = fields[n:]
	}
	if m == nil {
		blocks = append(blocks, section("_Measuring: its figures follow in a moment (`/goal refresh "+g.ID+"` measures it now)._"))
	} else {
		if rows := campaignRows(s); rows != "" {
			blocks = append(blocks, section(rows))
		}
		if ms := milestones(s); ms != "" {
			blocks = append(blocks, section("*Milestones*\n"+ms))
		}
		loc := g.Location()
		blocks = append(blocks, contextBlock("Measured "+commands.When(m.At, loc)+" · times in "+loc.String()))
	}
	team := ""
	if g.Team != "" {
		team = " · team " + Escape(g.Team)
	}
	blocks = append(blocks, contextBlock("Created by <@"+g.Creator+">"+team+" · notifies "+commands.EventList(g.Notifications)),
		slack.NewActionBlock("", button(ActionEdit, "Edit", g.ID), dangerButton(ActionDelete, "Delete", g.ID)))
	text := fmt.Sprintf("%s %s: %s, %s", g.ID, Escape(g.Name), v.Status, commands.Percent(v.Headline()))
	return Message{Text: text, Blocks: blocks}
}

// campaignRows lists the campaigns of the current (or last) period.
func campaignRows(s commands.Shown) string {
	rows, more := s.CampaignRows()
	if len(rows) == 0 {
		return ""
	}
	lines := []string{"*Campaigns this period*"}
	for _, r := range rows {
		lines = append(lines, fmt.Sprintf("• `%s` %s of %s · %s", Escape(r.Campaign), r.Actual, r.Target, commands.Percent(r.Progress)))
	}
	if more > 0 {
		lines = append(lines, fmt.Sprintf("…and %d more", more))
	}
	return strings.Join(lines, "\n")
}

// milestones lists the ended periods with their outcomes, provisional ones marked.
func milestones(s commands.Shown) string {
	ms, earlier := s.Milestones()
	var lines []string
	if earlier > 0 {
		lines = append(lines, fmt.Sprintf("…%d earlier periods", earlier))
	}
	for _, m := range ms {
		mark := ""
		if m.Provisional {
			mark = " _(provisional)_"
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s, %s%s", commands.OutcomeMark(m.Outcome), m.Period, milestoneOutcome(m), commands.Percent(m.Progress), mark))
	}
	return strings.Join(lines, "\n")
}
