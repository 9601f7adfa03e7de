package commands

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// HelpReply is `/goal` and `/goal help`: usage with examples.
func HelpReply() Reply {
	intro := "*goalbot* tracks marketing goals for your ad campaigns and tells you how they are doing — fresh within minutes."
	cmds := []string{
		"`" + Usage(VerbCreate) + "`\n   creates a goal at once (`/goal create` alone opens a step-by-step form). `target:100` on two campaigns is a goal target of *200*: each campaign gets its own target.",
		"`" + Usage(VerbList) + "`\n   goals that match, e.g. `/goal list status:in_progress progress:-50` (values OR, keys AND); its *Filter* button opens a form.",
		"`" + Usage(VerbShow) + "` — one goal: periods, campaigns, spend, pace, milestones.",
		"`" + Usage(VerbEdit) + "` — changes a goal (`/goal edit ID` alone opens a form); targets change only for periods that have not ended.",
		"`" + Usage(VerbDelete) + "` — asks you to confirm first.",
		"`" + Usage(VerbSubscribe) + "` — alerts for matching goals in a channel (default `events:started,milestone`).",
		"`" + Usage(VerbUnsubscribe) + "` and `" + Usage(VerbSubscriptions) + "`",
		"`" + Usage(VerbRefresh) + "` — measures now instead of at the next pass.",
		"`" + Usage(VerbSources) + "` — the ad networks goalbot pulls from: accounts, last pull, rows, next pull, errors.",
		"`" + Usage(VerbCampaign) + "` — which HubSpot drill-downs (utm_campaign) count for a campaign; by default its name or id.",
	}
	types := make([]string, len(goalbot.Types))
	for i, t := range goalbot.Types {
		types[i] = "`" + string(t) + "`"
	}
	ref := "*Goal types:* " + strings.Join(types, ", ") + " (`cost_per_contact` and `contacts_in_stage` need `lifecycle_stage:`)." +
		"\n*Durations:* weekly, monthly, quarterly, yearly, custom (with `start:` and `end:`). Dates are YYYY-MM-DD." +
		"\n*Notifications* (`notify:`): started, threshold, milestone, at_risk, stale, or none."
	blocks := []slack.Block{header("goalbot — /goal"), section(intro), section(strings.Join(cmds, "\n")), contextText(ref)}
	return Reply{Text: "goalbot help: /goal create, list, show, edit, delete, subscribe, unsubscribe, subscriptions, refresh, sources, campaign", Blocks: blocks}
}

// CreateSyntaxReply is `/goal create` without arguments where no form can open (the
// console; in Slack the create wizard opens): every field with an example.
func CreateSyntaxReply() Reply {
	text := "*Create a goal* by typing its fields as `key:value` (quote values with spaces):\n" +
		"`" + Usage(VerbCreate) + "`\n\n" +
		"• `name:` 1–100 characters\n" +
		"• `goal_type:` network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions\n" +
		"• `lifecycle_stage:` for cost_per_contact and contacts_in_stage: subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, other\n" +
		"• `campaigns:` campaign ids, comma-separated (at most 50); `accounts:` optional\n" +
		"• `duration:` weekly, monthly, quarterly, yearly or custom; `start:` / `end:` YYYY-MM-DD (default: this year); `fiscal_year:yes` to follow the fiscal year\n" +
		"• `target:` each campaign's target per period (`target:100` on two campaigns is a goal target of 200); `target.CAMPAIGN:N` or `target.CAMPAIGN:N,N,…` (one per period) overrides it\n" +
		"• `notify:` started, threshold, milestone, at_risk, stale or none (default started,milestone)\n" +
		"• `team:` an optional label such as growth-emea"
	return textReply(text)
}

// EditSyntaxReply is `/goal edit ID` without changes where no form can open (the
// console); in Slack the edit modal opens instead.
func EditSyntaxReply(id string) Reply {
	return textReply("*Edit " + Escape(id) + "* by typing the changes as `key:value`:\n`" +
		strings.Replace(Usage(VerbEdit), "G12", Escape(id), 1) + "`\nTargets change only for periods that have not ended.")
}
