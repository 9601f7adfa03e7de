package bot

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// RenderDriftAlert renders drift alert a: a campaign's network conversions and its
// CRM first form submissions over the last settled week differ too much (broken pixel
// or UTM tagging). Its metadata is a goal_alert with event drift, the goals that
// brought the recipient (goal_ids), the campaign and both numbers.
func RenderDriftAlert(a goalbot.Alert) AlertMessage {
	d := a.Drift
	if d == nil {
		d = &goalbot.DriftFigures{}
	}
	camp := Escape(d.Campaign)
	if d.CampaignName != "" {
		camp += " (" + Escape(d.CampaignName) + ")"
	}
	conv := commands.Number(d.Conversions)
	text := fmt.Sprintf("Tracking drift on campaign %s: %s network conversions but %d first form submissions in HubSpot from %s to %s",
		camp, conv, d.FirstFormSubmissions, a.PeriodStart, a.PeriodEnd)
	goals := strings.Join(a.GoalIDs, ", ")
	return AlertMessage{
		Text: text,
		Blocks: []slack.Block{
			section(":mag: *Tracking drift* on campaign *" + camp + "*\n" +
				fmt.Sprintf("The ad network counted *%s conversions*, HubSpot *%d first form submissions* from %s to %s.",
					conv, d.FirstFormSubmissions, a.PeriodStart, a.PeriodEnd)),
			contextBlock("Numbers this far apart usually mean a broken pixel or missing UTM tags. Goals on this campaign: " + goals +
				". `/goal sources` shows HubSpot's unattributed contacts; `/goal campaign " + camp + "` shows which drill-downs count for it. " +
				"This alert is sent at most once a week per campaign."),
		},
		Metadata: slack.SlackMetadata{EventType: AlertEventType, EventPayload: map[string]any{
			"event": string(a.Event), "goal_ids": append([]string{}, a.GoalIDs...), "campaign_id": d.Campaign,
			"period_start": a.PeriodStart.String(), "period_end": a.PeriodEnd.String(), "progress": nil,
			"conversions": json.Number(d.Conversions.String()), "first_form_submissions": d.FirstFormSubmissions,
		}},
	}
}
