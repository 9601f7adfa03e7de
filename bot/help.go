package bot

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// helpMessage is `/goal` and `/goal help`: usage with examples.
func helpMessage() Message {
	u := commands.Usage
	intro := "*goalbot* tracks marketing goals for your ad campaigns and tells you how they are doing — fresh within minutes."
	cmds := []string{
		"`" + u(commands.VerbCreate) + "`\n   creates a goal at once (`/goal create` alone opens a step-by-step form). `target:100` on two campaigns is a goal target of *200*: each campaign gets its own target.",
		"`" + u(commands.VerbList) + "`\n   goals that match, e.g. `/goal list status:in_progress progress:-50` (values OR, keys AND); its *Filter* button opens a form.",
		"`" + u(commands.VerbShow) + "` — one goal: periods, campaigns, spend, pace, milestones.",
		"`" + u(commands.VerbEdit) + "` — changes a goal (`/goal edit ID` alone opens a form); targets change only for periods that have not ended.",
		"`" + u(commands.VerbDelete) + "` — asks you to confirm first.",
		"`" + u(commands.VerbSubscribe) + "` — alerts for matching goals in a channel (default `events:started,milestone`).",
		"`" + u(commands.VerbUnsubscribe) + "` and `" + u(commands.VerbSubscriptions) + "`",
		"`" + u(commands.VerbRefresh) + "` — measures now instead of at the next pass.",
		"`" + u(commands.VerbSources) + "` — the ad networks goalbot pulls from: accounts, last pull, rows, next pull, errors.",
		"`" + u(commands.VerbCampaign) + "` — which HubSpot drill-downs (utm_campaign) count for a campaign; by default its name or id.",
	}
	types := make([]string, len(goalbot.Types))
	for i, t := range goalbot.Types {
		types[i] = "`" + string(t) + "`"
	}
	ref := "*Goal types:* " + strings.Join(types, ", ") + " (`cost_per_contact` and `contacts_in_stage` need `lifecycle_stage:`)." +
		"\n*Durations:* weekly, monthly, quarterly, yearly, custom (with `start:` and `end:`). Dates are YYYY-MM-DD." +
		"\n*Notifications* (`notify:`): started, threshold, milestone, at_risk, stale, or none." +
		"\n" + commands.BudgetHelp(messages.English(), goalbot.DefaultBudgetBand)
	blocks := []slack.Block{header("goalbot — /goal"), section(intro), section(strings.Join(cmds, "\n")), contextBlock(ref)}
	return Message{Text: "goalbot help: /goal create, list, show, edit, delete, subscribe, unsubscribe, subscriptions, refresh, sources, campaign", Blocks: blocks}
}
