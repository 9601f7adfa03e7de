package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// english says the use cases' messages and errors in the console.
var english = messages.English()

// The console's words: each outcome of the use cases as plain text, names and other
// text people typed as typed.

// consoleText renders an outcome as the console prints it. This is where each
// outcome meets its words in the console.
func consoleText(o commands.Outcome) string {
	switch o := o.(type) {
	case commands.Refusal:
		return refusalText(o)
	case commands.Help:
		return helpText()
	case commands.Created:
		return createdText(o)
	case commands.Updated:
		return updatedText(o)
	case commands.GoalPage:
		return pageText(o)
	case commands.Shown:
		return shownText(o)
	case commands.DeleteAsked:
		return deleteAskedText(o)
	case commands.Deleted:
		return "🗑️ Deleted " + strings.Join(o.IDs, ", ") + "."
	case commands.Subscribed:
		return subscribedText(o)
	case commands.Unsubscribed:
		return unsubscribedText(o)
	case commands.SubscriptionList:
		return subscriptionsText(o)
	case commands.Refreshed:
		return refreshedText(o)
	case commands.SourceList:
		return sourcesText(o)
	case commands.CampaignMatch:
		return campaignMatchText(o)
	case commands.CreateStep:
		return createSyntaxText()
	case commands.EditForm:
		return editSyntaxText(o.Goal.ID)
	}
	return fmt.Sprintf("(%T has no words in the console)", o)
}

// helpText is `help`: usage with examples.
func helpText() string {
	u := commands.Usage
	types := make([]string, len(goalbot.Types))
	for i, t := range goalbot.Types {
		types[i] = string(t)
	}
	return strings.Join([]string{
		"goalbot — /goal",
		"goalbot tracks marketing goals for your ad campaigns and tells you how they are doing — fresh within minutes.",
		u(commands.VerbCreate) + "\n   creates a goal (create alone lists every field). target:100 on two campaigns is a goal target of 200: each campaign gets its own target.",
		u(commands.VerbList) + "\n   goals that match, e.g. list status:in_progress progress:-50 (values OR, keys AND).",
		u(commands.VerbShow) + " — one goal: periods, campaigns, spend, pace, milestones.",
		u(commands.VerbEdit) + " — changes a goal; targets change only for periods that have not ended.",
		u(commands.VerbDelete) + " — asks you to confirm first.",
		u(commands.VerbSubscribe) + " — alerts for matching goals in a channel (default events:started,milestone).",
		u(commands.VerbUnsubscribe) + " and " + u(commands.VerbSubscriptions),
		u(commands.VerbRefresh) + " — measures now instead of at the next pass.",
		u(commands.VerbSources) + " — the ad networks goalbot pulls from: accounts, last pull, rows, next pull, errors.",
		u(commands.VerbCampaign) + " — which HubSpot drill-downs (utm_campaign) count for a campaign; by default its name or id.",
		"Goal types: " + strings.Join(types, ", ") + " (cost_per_contact and contacts_in_stage need lifecycle_stage:).",
		"Durations: weekly, monthly, quarterly, yearly, custom (with start: and end:). Dates are YYYY-MM-DD.",
		"Notifications (notify:): started, threshold, milestone, at_risk, stale, or none.",
		commands.BudgetHelp(messages.English(), goalbot.DefaultBudgetBand),
	}, "\n")
}

// createSyntaxText is `create` alone: every field with an example (the console
// shows no forms).
func createSyntaxText() string {
	return strings.Join([]string{
		"Create a goal by typing its fields as key:value (quote values with spaces):",
		commands.Usage(commands.VerbCreate),
		"",
		"• name: 1–100 characters",
		"• goal_type: network_conversions, cost_per_contact, contacts_in_stage, first_form_submissions, ad_spend",
		"• lifecycle_stage: for cost_per_contact and contacts_in_stage: subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, other",
		"• campaigns: campaign ids, comma-separated (at most 50); accounts: optional",
		"• duration: weekly, monthly, quarterly, yearly or custom; start: / end: YYYY-MM-DD (default: this year); fiscal_year:yes to follow the fiscal year",
		"• target: each campaign's target per period (target:100 on two campaigns is a goal target of 200); target.CAMPAIGN:N or target.CAMPAIGN:N,N,… (one per period) overrides it",
		"• notify: started, threshold, milestone, at_risk, stale or none (default started,milestone)",
		"• team: an optional label such as growth-emea",
		"• " + commands.BudgetHelp(messages.English(), goalbot.DefaultBudgetBand),
	}, "\n")
}

// editSyntaxText is `edit ID` alone: how to edit goal id by typing.
func editSyntaxText(id string) string {
	return "Edit " + id + " by typing the changes as key:value:\n" + strings.Replace(commands.Usage(commands.VerbEdit), "G12", id, 1) +
		"\nTargets change only for periods that have not ended."
}

// createdText says a goal was created: what it is, its first period's target and its
// figures now.
func createdText(c commands.Created) string {
	g := c.Goal
	target := "—"
	if t, ok := c.FirstTarget(); ok {
		target = commands.Figure(g, t)
		if g.Type == goalbot.CostPerContact {
			target = "at most " + target + " per contact"
		}
	}
	first := "first period's target " + target
	if g.Type == goalbot.AdSpend {
		first = messages.English().T("budget.created", messages.Args{"Budget": target})
	}
	return joinLines(fmt.Sprintf("✅ Created %s · %s", g.ID, g.Name),
		fmt.Sprintf("%s on %s · %s from %s to %s (%s) · %s", g.Type.Label(), commands.Plural(len(g.Campaigns), "campaign"),
			g.Duration, g.Start, g.End, commands.Plural(len(g.Periods()), "period"), first),
		figuresText(c.Figures))
}

// updatedText says a goal was edited, with its figures now.
func updatedText(u commands.Updated) string {
	return joinLines(fmt.Sprintf("✏️ Updated %s · %s", u.Goal.ID, u.Goal.Name), figuresText(u.Figures))
}

// joinLines joins the lines that are not empty.
func joinLines(lines ...string) string {
	return strings.Join(slices.DeleteFunc(lines, func(l string) bool { return l == "" }), "\n")
}

// figuresText says a created or edited goal's figures now ("" without figures).
func figuresText(v *commands.GoalView) string {
	if v == nil {
		return ""
	}
	n := commands.FiguresNow(messages.English(), *v)
	switch n.Kind {
	case commands.NowMeasuring:
		return "Its figures follow in a moment."
	case commands.NowPending:
		return fmt.Sprintf("Starts %s.", n.Start)
	case commands.NowNoContacts:
		return fmt.Sprintf("No contacts yet this period (cap %s per contact).", n.Target)
	case commands.NowCost:
		return fmt.Sprintf("Now %s per contact this period (cap %s) · %s", n.Actual, n.Target, commands.ProgressBar(n.Progress))
	case commands.NowPeriod:
		return fmt.Sprintf("Now %s of %s this period · %s", n.Actual, n.Target, commands.ProgressBar(n.Progress))
	}
	return fmt.Sprintf("Whole range: %s of %s · %s", n.Actual, n.Target, commands.ProgressBar(n.Progress))
}

// pageText is a page of goals, two lines each, and how to see the next page.
func pageText(p commands.GoalPage) string {
	f := p.Filter
	if len(p.Goals) == 0 {
		if f.IsZero() && p.Cursor == "" {
			return "No goals yet. Create one with /goal create."
		}
		return "No goals match " + f.String() + "."
	}
	lines := []string{"Goals"}
	if !f.IsZero() {
		lines[0] = "Goals matching " + f.String()
	}
	for _, v := range p.Goals {
		lines = append(lines, v.Goal.ID+" · "+v.Goal.Name, goalState(v))
	}
	lines = append(lines, "  Filter with list status:in_progress team:growth progress:-50 · show ID for details · delete ID … to delete")
	if p.Next != "" {
		lines = append(lines, "(type more for the next page)")
	}
	return strings.Join(lines, "\n")
}

// goalState is a goal's headline progress, status and pace.
func goalState(v commands.GoalView) string {
	parts := []string{v.ProgressBar(messages.English()), commands.StatusLabel(v.Status)}
	if v.Measurement != nil && v.Status == goalbot.InProgress {
		if p := commands.PaceLabel(v.Measurement.Pace); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// factLabels name the facts of a shown goal.
var factLabels = map[commands.FactKind]string{
	commands.FactType: "Type", commands.FactStatus: "Status", commands.FactRange: "Range", commands.FactCampaigns: "Campaigns",
	commands.FactHeadline: "Headline progress", commands.FactPeriod: "Current period", commands.FactCost: "Cost per contact",
	commands.FactActual: "Actual / target", commands.FactSpend: "Spend", commands.FactPace: "Pace", commands.FactWholeRange: "Whole range",
}

// shownText shows one goal: its facts, its campaigns this period, its milestones,
// when it was measured and who created it.
func shownText(s commands.Shown) string {
	g, m := s.View.Goal, s.View.Measurement
	lines := []string{g.ID + " · " + g.Name}
	for _, f := range s.Facts(messages.English()) {
		lines = append(lines, "  "+factLabel(f.Kind)+": "+f.Value)
	}
	if m == nil {
		lines = append(lines, "Measuring: its figures follow in a moment (refresh "+g.ID+" measures it now).")
	} else {
		if rows, more := s.CampaignRows(messages.English()); len(rows) > 0 {
			lines = append(lines, "Campaigns this period")
			for _, r := range rows {
				lines = append(lines, fmt.Sprintf("• %s %s of %s · %s", r.Campaign, r.Actual, r.Target, commands.Percent(r.Progress)))
			}
			if more > 0 {
				lines = append(lines, fmt.Sprintf("…and %d more", more))
			}
		}
		if ms, earlier := s.Milestones(messages.English()); len(ms) > 0 {
			lines = append(lines, "Milestones")
			if earlier > 0 {
				lines = append(lines, fmt.Sprintf("…%d earlier periods", earlier))
			}
			for _, m := range ms {
				mark := ""
				if m.Provisional {
					mark = " (provisional)"
				}
				lines = append(lines, fmt.Sprintf("%s %s: %s, %s%s", commands.OutcomeMark(m.Outcome), m.Period, milestoneOutcome(m), commands.Percent(m.Progress), mark))
			}
		}
		loc := g.Location()
		lines = append(lines, "  Measured "+commands.When(m.At, loc)+" · times in "+loc.String())
	}
	team := ""
	if g.Team != "" {
		team = " · team " + g.Team
	}
	return strings.Join(append(lines, "  Created by @"+g.Creator+team+" · notifies "+commands.EventList(g.Notifications)), "\n")
}

// deleteAskedText names every goal a delete would delete, and what to type.
func deleteAskedText(d commands.DeleteAsked) string {
	what := "this goal"
	if len(d.Goals) > 1 {
		what = fmt.Sprintf("these %d goals", len(d.Goals))
	}
	lines := []string{"Delete " + what + "?"}
	for _, g := range d.Goals {
		lines = append(lines, "• "+g.ID+" · "+g.Name)
	}
	return strings.Join(append(lines, "(type confirm to delete, anything else to keep them)"), "\n")
}

// subscribedText says a channel was subscribed, and how to stop it.
func subscribedText(s commands.Subscribed) string {
	sub := s.Subscription
	return "🔔 Subscribed — " + strings.TrimPrefix(subscriptionText(sub), "• ") + "\nStop it with /goal unsubscribe #" + sub.Channel + " " + sub.ID + "."
}

// unsubscribedText names the subscriptions removed from a channel.
func unsubscribedText(u commands.Unsubscribed) string {
	if len(u.Removed) == 0 {
		return "#" + u.Channel + " had no subscriptions."
	}
	return "🔕 Removed " + strings.Join(u.Removed, ", ") + " from #" + u.Channel + "."
}

// subscriptionsText lists subscriptions, one line each.
func subscriptionsText(l commands.SubscriptionList) string {
	if len(l.Subscriptions) == 0 {
		return "No subscriptions yet. Add one with " + commands.Usage(commands.VerbSubscribe) + "."
	}
	lines := []string{fmt.Sprintf("Subscriptions (%d)", len(l.Subscriptions))}
	for _, s := range l.Subscriptions {
		lines = append(lines, subscriptionText(s))
	}
	return strings.Join(lines, "\n")
}

// subscriptionText describes one subscription.
func subscriptionText(s *goalbot.Subscription) string {
	f := s.Filter.String()
	if f == "" {
		f = "all goals"
	}
	line := fmt.Sprintf("• %s #%s: %s → %s", s.ID, s.Channel, f, commands.EventList(s.Events))
	if s.Failure != "" {
		line += " ⚠️ cannot deliver: " + s.Failure
	}
	return line
}

// refreshedText says which goals were measured now.
func refreshedText(r commands.Refreshed) string {
	what := "every running goal"
	if len(r.IDs) > 0 {
		what = strings.Join(r.IDs, ", ")
	}
	return fmt.Sprintf("🔄 Measured %s now (%s).", what, commands.Plural(r.Measured, "goal"))
}

// sourcesText is `sources`: each source's accounts, last pull, rows, next pull and
// last error.
func sourcesText(l commands.SourceList) string {
	if len(l.Statuses) == 0 {
		return "Sources\nNo ad network is connected: set a network's credentials (see docs/sources.md) and restart goalbot."
	}
	lines := []string{"Sources"}
	for _, st := range l.Statuses {
		found, last := commands.SourceCounts(st)
		line := fmt.Sprintf("%s %s (%s): %s · %s", commands.SourceMark(st), commands.SourceLabel(st.Name), st.Name, found, last)
		if !st.NextRun.IsZero() && !st.Stopped {
			line += " · next " + commands.WhenUTC(st.NextRun)
		}
		if u := st.Unattributed; u != nil && u.Contacts > 0 {
			line += "\n   " + unattributedText(u)
		}
		if !st.Error.IsZero() {
			line += "\n   " + plainMessage(english.Message(st.Error))
			if st.Stopped {
				line += " — stopped until the credentials change"
			}
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// refusalText says what was refused and what would be right, problem by problem, with
// the command's usage for bad input.
func refusalText(r commands.Refusal) string {
	var text string
	switch len(r.Problems) {
	case 0:
		text = "⚠️ " + plainMessage(english.Message(r.Message))
	case 1:
		text = "⚠️ " + consoleProblem(r.Problems[0])
	default:
		var lines []string
		seen := make(map[string]bool, len(r.Problems))
		for _, p := range r.Problems {
			if line := "• " + consoleProblem(p); !seen[line] {
				seen[line] = true
				lines = append(lines, line)
			}
		}
		text = fmt.Sprintf("⚠️ Nothing was changed. Please fix %s:\n%s", commands.Plural(len(lines), "problem"), strings.Join(lines, "\n"))
	}
	if r.Usage != "" {
		text += "\n  Usage: " + r.Usage
	}
	return text
}

// consoleProblem is a problem with the field named as typed: "target.cmp-1: …".
func consoleProblem(p goalbot.FieldError) string {
	if p.Field == "" {
		return plainMessage(english.Problem(p))
	}
	return commands.TypedField(p.Field) + ": " + plainMessage(english.Problem(p))
}

// codeSpans and mentions are the markup of the use cases' messages: `code`, and
// Slack's mentions of channels and users (<#C1>, <#C1|name>, <@U1>).
var (
	codeSpans = regexp.MustCompile("`([^`\n]+)`")
	mentions  = regexp.MustCompile(`<([@#])([A-Z0-9]+)(\|[^>]*)?>`)
)

// plainMessage is a message of the use cases as plain text: code spans without their
// marks, mentions as #C1 and @U1.
func plainMessage(s string) string {
	return mentions.ReplaceAllString(codeSpans.ReplaceAllString(s, "$1"), "$1$2")
}

// unattributedText says how many paid contacts matched no campaign, and the
// drill-downs they carried.
func unattributedText(u *goalbot.Unattributed) string {
	top := make([]string, len(u.Top))
	for i, d := range u.Top {
		top[i] = fmt.Sprintf("%s (%s)", d.Value, commands.Thousands(d.Contacts))
	}
	line := fmt.Sprintf("%s from %s to %s matched no campaign", commands.Plural(int(u.Contacts), "paid contact"), u.From, u.To)
	if len(top) > 0 {
		line += "; top drill-downs: " + strings.Join(top, ", ")
	}
	return line + " — map one to its campaign with /goal campaign CAMPAIGN utm:VALUE"
}

// campaignMatchText is `campaign`: which HubSpot drill-downs count for a campaign.
func campaignMatchText(m commands.CampaignMatch) string {
	how := "its name and id (the default; set others with utm:VALUE)"
	if m.Overridden {
		how = "the values set for it (utm:none goes back to its name and id)"
	}
	name := ""
	if m.Campaign.Name != "" {
		name = " (" + m.Campaign.Name + ")"
	}
	return fmt.Sprintf("%s%s: paid HubSpot contacts whose drill-down or utm_campaign is %s count for it — %s. A change counts from the next HubSpot pull.",
		m.Campaign.ID, name, strings.Join(m.Values, " or "), how)
}

// consoleStaleGoals is how many goals the console names in a stale alert that groups
// several.
const consoleStaleGoals = 20

// alertText is an alert as the console prints it: to whom, about which goals, and
// what happened.
func alertText(n commands.Alerted) string {
	a := n.Alert
	to := "🔔 alert to " + a.Recipient + ": "
	switch {
	case a.Event == goalbot.EventSourceFailed:
		return to + "goalbot cannot pull from " + commands.SourceLabel(a.Source) + ": " + plainMessage(english.Message(a.Detail))
	case a.Event == goalbot.EventDrift && a.Drift != nil:
		d, camp := a.Drift, a.Drift.Campaign
		if d.CampaignName != "" {
			camp += " (" + d.CampaignName + ")"
		}
		return to + fmt.Sprintf("tracking drift on campaign %s: %s network conversions but %d first form submissions in HubSpot from %s to %s",
			camp, commands.Number(d.Conversions), d.FirstFormSubmissions, a.PeriodStart, a.PeriodEnd)
	case a.Event == goalbot.EventStale && len(a.GoalIDs) > 0:
		names := make([]string, 0, min(len(n.Goals), consoleStaleGoals)+1)
		for i, g := range n.Goals {
			if i == consoleStaleGoals {
				names = append(names, fmt.Sprintf("…and %d more", len(n.Goals)-i))
				break
			}
			names = append(names, alertGoal(g.ID, g.Name))
		}
		return to + fmt.Sprintf("%d goals have had no metrics since %s (%s): %s", len(n.Goals), commands.WhenUTC(a.Since), a.Words(), strings.Join(names, ", "))
	case a.Event == goalbot.EventDigest:
		lines := []string{to + fmt.Sprintf("weekly digest for the week of %s – %s: %s", a.PeriodStart, a.PeriodEnd, commands.Plural(len(n.Goals), "goal"))}
		for _, g := range n.Goals {
			lines = append(lines, "  "+alertGoal(g.ID, g.Name)+" "+commands.ProgressBar(g.Headline))
		}
		return strings.Join(lines, "\n")
	}
	name := ""
	if n.Goal != nil {
		name = n.Goal.Name
	}
	if t, ok := budgetAlertText(a, to+alertGoal(a.GoalID, name)); ok {
		return t
	}
	text := to + alertGoal(a.GoalID, name) + ": " + a.Words()
	if a.Progress != nil {
		text += " (" + commands.Percent(a.Progress) + ")"
	}
	if a.FinalOutcome != "" {
		text += "; final outcome: " + string(a.FinalOutcome)
	}
	return text + " · " + a.PeriodStart.String() + " – " + a.PeriodEnd.String()
}

// alertGoal names a goal of an alert: its id and name, or its id alone when it was
// deleted meanwhile.
func alertGoal(id, name string) string {
	if name == "" {
		return id
	}
	return id + " · " + name
}
