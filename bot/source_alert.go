package bot

import (
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// SourceAlertEventType is the event_type of a source_failed alert's message metadata.
const SourceAlertEventType = "source_alert"

// RenderSourceAlert renders the source_failed alert a, sent once to each of
// goalbot's admins when a pull source begins to fail.
func RenderSourceAlert(a goalbot.Alert) AlertMessage {
	label := commands.SourceLabel(a.Source)
	text := "goalbot cannot pull from " + label + ": " + Escape(a.Detail)
	return AlertMessage{
		Text: text,
		Blocks: []slack.Block{
			section(":warning: *goalbot cannot pull from " + label + "*\n" + Escape(a.Detail)),
			contextBlock("Goals on its campaigns are measured from the last rows pulled until it works again. " +
				"`/goal sources` shows every source; this message is sent once until the source works again."),
		},
		Metadata: slack.SlackMetadata{EventType: SourceAlertEventType, EventPayload: map[string]any{
			"event": string(a.Event), "source": a.Source, "error": a.Detail, "since": a.PeriodStart.String(),
		}},
	}
}
