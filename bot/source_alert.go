package bot

import (
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// SourceAlertEventType is the event_type of a source_failed alert's message metadata.
const SourceAlertEventType = "source_alert"

// RenderSourceAlert renders the source_failed alert a in p's language, sent once to
// each of goalbot's admins when a pull source begins to fail.
func RenderSourceAlert(p *messages.Printer, a goalbot.Alert) AlertMessage {
	detail := p.Message(a.Detail)
	args := messages.Args{"Source": commands.SourceLabel(a.Source), "Detail": Escape(detail)}
	return AlertMessage{
		Text: p.T("alerts.source.text", args),
		Blocks: []slack.Block{
			section(":warning: " + p.T("alerts.source.title", args)),
			contextBlock(p.T("alerts.source.meanwhile")),
		},
		Metadata: slack.SlackMetadata{EventType: SourceAlertEventType, EventPayload: map[string]any{
			"event": string(a.Event), "source": a.Source, "error": detail, "since": a.PeriodStart.String(),
		}},
	}
}
