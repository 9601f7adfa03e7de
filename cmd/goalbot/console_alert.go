package main

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// consoleStaleGoals is how many goals the console names in a stale alert that groups
// several.
const consoleStaleGoals = 20

// alert is an alert as the console prints it: to whom, about which goals, and what
// happened.
func (w words) alert(n commands.Alerted) string {
	return w.t("console.alert", messages.Args{"To": n.Alert.Recipient, "Text": w.alertText(n)})
}

// alertText is what an alert says happened.
func (w words) alertText(n commands.Alerted) string {
	a := n.Alert
	switch {
	case a.Event == goalbot.EventSourceFailed:
		return w.t("console.alert.source_failed", messages.Args{"Source": commands.SourceLabel(a.Source), "Detail": plainMessage(w.p.Message(a.Detail))})
	case a.Event == goalbot.EventDrift && a.Drift != nil:
		return w.drift(a)
	case a.Event == goalbot.EventStale && len(a.GoalIDs) > 0:
		return w.staleGoals(n)
	case a.Event == goalbot.EventDigest:
		return w.digest(n)
	}
	name := ""
	if n.Goal != nil {
		name = n.Goal.Name
	}
	if t, ok := w.budgetAlert(a, alertGoal(a.GoalID, name)); ok {
		return t
	}
	text := w.t("console.alert.goal", messages.Args{"Goal": alertGoal(a.GoalID, name), "Words": w.p.AlertWords(a)})
	if a.Progress != nil {
		text = w.t("console.alert.progress", messages.Args{"Text": text, "Progress": w.p.Percent(a.Progress)})
	}
	if a.FinalOutcome != "" {
		text = w.t("console.alert.final", messages.Args{"Text": text, "Outcome": w.p.Outcome(a.FinalOutcome)})
	}
	text = w.t("console.alert.period", messages.Args{"Text": text, "Start": a.PeriodStart.String(), "End": a.PeriodEnd.String()})
	if n.Outlook != nil && n.Goal != nil { // at risk: what reaching the target takes now
		text += "\n  " + commands.OutlookText(w.p, n.Goal, *n.Outlook)
	}
	return text
}

// drift says a campaign's network conversions and HubSpot's first form submissions
// drifted apart.
func (w words) drift(a goalbot.Alert) string {
	d, camp := a.Drift, a.Drift.Campaign
	if d.CampaignName != "" {
		camp = w.t("console.campaign.named", messages.Args{"ID": d.Campaign, "Name": d.CampaignName})
	}
	return w.t("console.alert.drift", messages.Args{"Campaign": camp, "Conversions": w.p.Number(d.Conversions),
		"Forms": w.p.N("console.alert.forms", int(d.FirstFormSubmissions)), "Start": a.PeriodStart.String(), "End": a.PeriodEnd.String()})
}

// staleGoals names the goals of a stale alert that groups several, at most
// consoleStaleGoals of them.
func (w words) staleGoals(n commands.Alerted) string {
	a := n.Alert
	names := make([]string, 0, min(len(n.Goals), consoleStaleGoals)+1)
	for i, g := range n.Goals {
		if i == consoleStaleGoals {
			names = append(names, w.p.N("console.alert.more", len(n.Goals)-i))
			break
		}
		names = append(names, alertGoal(g.ID, g.Name))
	}
	return w.t("console.alert.stale", messages.Args{"Goals": w.p.N("goals", len(n.Goals)), "Since": commands.WhenUTC(a.Since),
		"Words": w.p.AlertWords(a), "Names": strings.Join(names, ", ")})
}

// digest is a weekly digest: its week, and each goal with its progress.
func (w words) digest(n commands.Alerted) string {
	a := n.Alert
	lines := []string{w.t("console.alert.digest", messages.Args{"Start": a.PeriodStart.String(), "End": a.PeriodEnd.String(), "Goals": w.p.N("goals", len(n.Goals))})}
	for _, g := range n.Goals {
		lines = append(lines, "  "+alertGoal(g.ID, g.Name)+" "+w.p.ProgressBar(g.Headline))
	}
	return strings.Join(lines, "\n")
}

// alertGoal names a goal of an alert: its id and name, or its id alone when it was
// deleted meanwhile.
func alertGoal(id, name string) string {
	if name == "" {
		return id
	}
	return id + " · " + name
}
