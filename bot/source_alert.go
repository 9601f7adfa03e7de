package bot

import (
	"github.com/slack-go/slack"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// SourceAlertEventType is the event_type of a source_failed alert's message metadata.
const SourceAlertEventType = "source_alert"

// RenderSourceAlert renders the source_failed alert a, sent once to each of
// goalbot's admins when a pull source begins to fail.
func RenderSourceAlert(a goalbot.Alert) AlertMessage {
	label := commands.SourceLabel(a.Source)
	detail := messages.English().Message(a.Detail) // the admin's language: see printerOf
	text := "goalbot cannot pull from " + label + ": " + Escape(detail)
	return AlertMessage{
		Text: text,
		Blocks: []slack.Block{
			section(":warning: *goalbot cannot pull from " + label + "*\n" + Escape(detail)),
			contextBlock("Goals on its campaigns are measured from the last rows pulled until it works again. " +
				"`/goal sources` shows every source; this message is sent once until the source works again."),
		},
		Metadata: slack.SlackMetadata{EventType: SourceAlertEventType, EventPayload: map[string]any{
			"event": string(a.Event), "source": a.Source, "error": detail, "since": a.PeriodStart.String(),
		}},
	}
}
