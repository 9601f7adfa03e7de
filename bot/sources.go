package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// sourcesMessage is `/goal sources`: each source's accounts, last successful pull,
// rows written, next pull and last error.
func sourcesMessage(p *messages.Printer, l commands.SourceList) Message {
	title := "*" + p.T("slack.sources.title") + "*"
	if len(l.Statuses) == 0 {
		return textMessage(p, title+"\n"+p.T("slack.sources.none"))
	}
	lines := []string{title}
	for _, st := range l.Statuses {
		lines = append(lines, sourceLine(p, st))
	}
	return textMessage(p, strings.Join(lines, "\n"))
}

// sourceLine describes one source.
func sourceLine(p *messages.Printer, st goalbot.SourceStatus) string {
	line := fmt.Sprintf("%s *%s* (`%s`): %s · %s", commands.SourceMark(st), commands.SourceLabel(st.Name), st.Name, sourceFound(p, st), sourceLast(p, st))
	if !st.NextRun.IsZero() && !st.Stopped {
		line += " · " + p.T("slack.sources.next", messages.Args{"When": commands.WhenUTC(st.NextRun)})
	}
	if u := st.Unattributed; u != nil && u.Contacts > 0 {
		line += "\n   " + unattributedLine(p, u)
	}
	if !st.Error.IsZero() {
		line += "\n   " + Escape(p.Message(st.Error))
		if st.Stopped {
			line += " — " + p.T("slack.sources.stopped")
		}
	}
	return line
}

// sourceFound says what a source found: "2 accounts, 31 campaigns" (for HubSpot, "1
// portal, contacts for 4 campaigns").
func sourceFound(p *messages.Printer, st goalbot.SourceStatus) string {
	campaigns := p.N("slack.campaigns", st.Campaigns)
	if st.Name == goalbot.SourceHubSpot {
		return p.T("slack.sources.hubspot", messages.Args{"Portals": p.N("slack.sources.portals", st.Accounts), "Campaigns": campaigns})
	}
	return p.N("slack.sources.accounts", st.Accounts) + ", " + campaigns
}

// sourceLast says when a source last pulled: "last pull 2026-03-10 11:00 UTC (1,860
// rows)", or that it never has.
func sourceLast(p *messages.Printer, st goalbot.SourceStatus) string {
	if st.LastSuccess.IsZero() {
		return p.T("slack.sources.never")
	}
	return p.N("slack.sources.last", int(min(st.Rows, 1<<31-1)), messages.Args{"When": commands.WhenUTC(st.LastSuccess), "Count": p.Int(st.Rows)})
}

// campaignMatchMessage is `/goal campaign`: which HubSpot drill-downs count for a
// campaign, and whether they were set for it.
func campaignMatchMessage(p *messages.Printer, m commands.CampaignMatch) Message {
	quoted := make([]string, len(m.Values))
	for i, v := range m.Values {
		quoted[i] = "`" + Escape(v) + "`"
	}
	how := p.T("slack.campaign.default")
	if m.Overridden {
		how = p.T("slack.campaign.set")
	}
	name := ""
	if m.Campaign.Name != "" {
		name = " (" + Escape(m.Campaign.Name) + ")"
	}
	return textMessage(p, p.T("slack.campaign.match", messages.Args{"ID": Escape(m.Campaign.ID), "Name": name,
		"Values": strings.Join(quoted, p.T("slack.or")), "How": how}))
}

// unattributedLine says how many paid contacts matched no campaign, and the
// drill-downs they carried (set them on a campaign with /goal campaign).
func unattributedLine(p *messages.Printer, u *goalbot.Unattributed) string {
	top := make([]string, len(u.Top))
	for i, d := range u.Top {
		top[i] = fmt.Sprintf("`%s` (%s)", Escape(d.Value), p.Int(d.Contacts))
	}
	line := p.N("slack.sources.unattributed", int(min(u.Contacts, 1<<31-1)), messages.Args{"Count": p.Int(u.Contacts),
		"From": u.From.String(), "To": u.To.String()})
	if len(top) > 0 {
		line += p.T("slack.sources.top", messages.Args{"Top": strings.Join(top, ", ")})
	}
	return line + " — " + p.T("slack.sources.map")
}
