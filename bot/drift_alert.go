package bot

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// RenderDriftAlert renders drift alert a in p's language: a campaign's network
// conversions and its CRM first form submissions over the last settled week differ
// too much (broken pixel or UTM tagging). Its metadata is a goal_alert with event
// drift, the goals that brought the recipient (goal_ids), the campaign and both
// numbers.
func RenderDriftAlert(p *messages.Printer, a goalbot.Alert) AlertMessage {
	d := a.Drift
	if d == nil {
		d = &goalbot.DriftFigures{}
	}
	camp := Escape(d.Campaign)
	if d.CampaignName != "" {
		camp += " (" + Escape(d.CampaignName) + ")"
	}
	args := messages.Args{"Campaign": camp, "CampaignID": Escape(d.Campaign), "Conversions": p.Number(d.Conversions), "Forms": p.Int(d.FirstFormSubmissions),
		"Start": plainDate(p, a.PeriodStart), "End": plainDate(p, a.PeriodEnd), "Goals": strings.Join(a.GoalIDs, ", ")}
	text := p.T("alerts.drift.text", args)
	args["Start"], args["End"] = slackDate(p, a.PeriodStart, time.UTC), slackDate(p, a.PeriodEnd, time.UTC)
	return AlertMessage{
		Text: text,
		Blocks: []slack.Block{
			section(":mag: " + p.T("alerts.drift.title", args)),
			contextBlock(p.T("alerts.drift.why", args)),
		},
		Metadata: slack.SlackMetadata{EventType: AlertEventType, EventPayload: map[string]any{
			"event": string(a.Event), "goal_ids": append([]string{}, a.GoalIDs...), "campaign_id": d.Campaign,
			"period_start": a.PeriodStart.String(), "period_end": a.PeriodEnd.String(), "progress": nil,
			"conversions": json.Number(d.Conversions.String()), "first_form_submissions": d.FirstFormSubmissions,
		}},
	}
}
