package main

import (
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// The console's words for budgets (ad_spend goals), from the budget catalogs.

// factLabel names a fact of a shown goal.
func factLabel(k commands.FactKind) string {
	if l, ok := commands.BudgetFactLabel(messages.English(), k); ok {
		return l
	}
	return factLabels[k]
}

// milestoneOutcome is a milestone's outcome, with where a budget's spend landed
// ("missed (overspent)").
func milestoneOutcome(m commands.Milestone) string {
	if w := commands.SpendingWords(messages.English(), m.Spending); w != "" {
		return string(m.Outcome) + " (" + w + ")"
	}
	return string(m.Outcome)
}

// budgetAlertText is a budget's alert (overspend, underspend, a budget's milestone)
// as the console prints it, after to (to whom, and about which goal); ok is false for
// other alerts.
func budgetAlertText(a goalbot.Alert, to string) (string, bool) {
	what, detail, ok := commands.BudgetAlertWords(messages.English(), a)
	if !ok {
		return "", false
	}
	text := to + ": " + what
	if a.Event == goalbot.EventMilestone {
		text = to + ": " + a.Words() + " — " + what
	}
	if detail != "" {
		text += " · " + detail
	}
	if a.FinalOutcome != "" {
		text += "; final outcome: " + string(a.FinalOutcome)
	}
	return text + " · " + a.PeriodStart.String() + " – " + a.PeriodEnd.String(), true
}
