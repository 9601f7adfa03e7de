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
func sourcesMessage(l commands.SourceList) Message {
	if len(l.Statuses) == 0 {
		return textMessage("*Sources*\nNo ad network is connected: set a network's credentials (see docs/sources.md) and restart goalbot.")
	}
	lines := []string{"*Sources*"}
	for _, st := range l.Statuses {
		lines = append(lines, sourceLine(st))
	}
	return textMessage(strings.Join(lines, "\n"))
}

// sourceLine describes one source.
func sourceLine(st goalbot.SourceStatus) string {
	found, last := commands.SourceCounts(st)
	line := fmt.Sprintf("%s *%s* (`%s`): %s · %s", commands.SourceMark(st), commands.SourceLabel(st.Name), st.Name, found, last)
	if !st.NextRun.IsZero() && !st.Stopped {
		line += " · next " + commands.WhenUTC(st.NextRun)
	}
	if u := st.Unattributed; u != nil && u.Contacts > 0 {
		line += "\n   " + unattributedLine(u)
	}
	if !st.Error.IsZero() {
		p := messages.English() // the reader's language: see printerOf
		line += "\n   " + Escape(p.Message(st.Error))
		if st.Stopped {
			line += p.T("sources.stopped_note")
		}
	}
	return line
}

// campaignMatchMessage is `/goal campaign`: which HubSpot drill-downs count for a
// campaign, and whether they were set for it.
func campaignMatchMessage(m commands.CampaignMatch) Message {
	quoted := make([]string, len(m.Values))
	for i, v := range m.Values {
		quoted[i] = "`" + Escape(v) + "`"
	}
	how := "its name and id (the default; set others with `utm:VALUE`)"
	if m.Overridden {
		how = "the values set for it (`utm:none` goes back to its name and id)"
	}
	name := ""
	if m.Campaign.Name != "" {
		name = " (" + Escape(m.Campaign.Name) + ")"
	}
	return textMessage(fmt.Sprintf("*%s*%s: paid HubSpot contacts whose drill-down or utm_campaign is %s count for it — %s. A change counts from the next HubSpot pull.",
		Escape(m.Campaign.ID), name, strings.Join(quoted, " or "), how))
}

// unattributedLine says how many paid contacts matched no campaign, and the
// drill-downs they carried (set them on a campaign with /goal campaign).
func unattributedLine(u *goalbot.Unattributed) string {
	top := make([]string, len(u.Top))
	for i, d := range u.Top {
		top[i] = fmt.Sprintf("`%s` (%s)", Escape(d.Value), commands.Thousands(d.Contacts))
	}
	line := fmt.Sprintf("%s from %s to %s matched no campaign", commands.Plural(int(u.Contacts), "paid contact"), u.From, u.To)
	if len(top) > 0 {
		line += "; top drill-downs: " + strings.Join(top, ", ")
	}
	return line + " — map one to its campaign with `/goal campaign CAMPAIGN utm:VALUE`"
}
