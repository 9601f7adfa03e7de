package bot

import (
	"strings"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// maxFields is the most fields a section holds.
const maxFields = 10

// showMessage shows one goal in p's language: its facts as fields, its campaigns
// this period, its milestones and when it was measured, who created it, and its Edit
// and Delete buttons.
func showMessage(p *messages.Printer, s commands.Shown) Message {
	v := s.View
	g, m := v.Goal, v.Measurement
	fields := make([]string, 0, maxFields)
	for _, f := range s.Facts(p) {
		fields = append(fields, "*"+factLabel(p, f.Kind)+"*\n"+Escape(f.Value))
	}
	blocks := []slack.Block{header(g.ID + " · " + Escape(g.Name))}
	for len(fields) > 0 {
		n := min(len(fields), maxFields)
		blocks = append(blocks, fieldsSection(fields[:n]))
		fields = fields[n:]
	}
	if m == nil {
		blocks = append(blocks, section(p.T("slack.show.measuring", messages.Args{"ID": g.ID})))
	} else {
		if rows := campaignRows(p, s); rows != "" {
			blocks = append(blocks, section(rows))
		}
		if s.Outlook != nil {
			blocks = append(blocks, section(commands.OutlookText(p, g, *s.Outlook)))
		}
		if ms := milestones(p, s); ms != "" {
			blocks = append(blocks, section("*"+p.T("slack.show.milestones")+"*\n"+ms))
		}
		loc := g.Location()
		blocks = append(blocks, contextBlock(p.T("slack.show.measured", messages.Args{"When": commands.When(m.At, loc), "Zone": loc.String()})))
	}
	about := []string{p.T("slack.show.created_by", messages.Args{"Creator": g.Creator})}
	if g.Team != "" {
		about = append(about, p.T("slack.show.team", messages.Args{"Team": Escape(g.Team)}))
	}
	about = append(about, p.T("slack.show.notifies", messages.Args{"Events": p.Events(g.Notifications)}))
	buttons := []slack.BlockElement{button(ActionEdit, p.T("slack.button.edit"), g.ID), dangerButton(ActionDelete, p.T("slack.button.delete"), g.ID)}
	if commands.HasChart(v) {
		buttons = append([]slack.BlockElement{chartButton(p, g.ID)}, buttons...)
	}
	blocks = append(blocks, contextBlock(strings.Join(about, " · ")), slack.NewActionBlock("", buttons...))
	text := p.T("slack.show.text", messages.Args{"ID": g.ID, "Name": Escape(g.Name), "Status": p.Status(v.Status), "Percent": p.Percent(v.Headline())})
	return Message{Text: text, Blocks: blocks}
}

// campaignRows lists the campaigns of the current (or last) period.
func campaignRows(p *messages.Printer, s commands.Shown) string {
	rows, more := s.CampaignRows(p)
	if len(rows) == 0 {
		return ""
	}
	lines := []string{"*" + p.T("slack.show.campaigns") + "*"}
	for _, r := range rows {
		lines = append(lines, p.T("slack.show.campaign_row", messages.Args{"Campaign": Escape(r.Campaign), "Actual": r.Actual,
			"Target": r.Target, "Percent": p.Percent(r.Progress)}))
	}
	if more > 0 {
		lines = append(lines, p.T("slack.and_more", messages.Args{"Count": p.Int(int64(more))}))
	}
	return strings.Join(lines, "\n")
}

// milestones lists the ended periods with their outcomes, provisional ones marked.
func milestones(p *messages.Printer, s commands.Shown) string {
	ms, earlier := s.Milestones(p)
	var lines []string
	if earlier > 0 {
		lines = append(lines, p.N("slack.show.earlier", earlier))
	}
	for _, m := range ms {
		line := commands.OutcomeMark(m.Outcome) + " " + m.Period + ": " + milestoneOutcome(p, m) + ", " + p.Percent(m.Progress)
		if m.Provisional {
			line += " _(" + p.T("slack.show.provisional") + ")_"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
