package bot

import (
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
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
	last := "never pulled yet"
	if !st.LastSuccess.IsZero() {
		last = fmt.Sprintf("last pull %s (%s rows)", commands.WhenUTC(st.LastSuccess), commands.Thousands(st.Rows))
	}
	line := fmt.Sprintf("%s *%s* (`%s`): %s, %s · %s", commands.SourceMark(st), commands.SourceLabel(st.Name), st.Name,
		plural(st.Accounts, "account"), plural(st.Campaigns, "campaign"), last)
	if !st.NextRun.IsZero() && !st.Stopped {
		line += " · next " + commands.WhenUTC(st.NextRun)
	}
	if st.Error != "" {
		line += "\n   " + commands.Escape(st.Error)
		if st.Stopped {
			line += " — stopped until the credentials change"
		}
	}
	return line
}
