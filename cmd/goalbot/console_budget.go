package main

import (
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// The console's words for budgets (ad_spend goals), from the budget catalogs.

// factLabel names a fact of a shown goal.
func (w words) factLabel(k commands.FactKind) string {
	if l, ok := commands.BudgetFactLabel(w.p, k); ok {
		return l
	}
	// The fact labels are named by their kind: console.fact.type, …
	return w.t("console.fact." + string(k))
}

// milestoneOutcome is a milestone's outcome, with where a budget's spend landed
// ("missed (overspent)").
func (w words) milestoneOutcome(m commands.Milestone) string {
	if s := commands.SpendingWords(w.p, m.Spending); s != "" {
		return w.p.Outcome(m.Outcome) + " (" + s + ")"
	}
	return w.p.Outcome(m.Outcome)
}

// budgetAlert is what a budget's alert (overspend, underspend, a budget's milestone)
// says happened to goal; ok is false for other alerts.
func (w words) budgetAlert(a goalbot.Alert, goal string) (string, bool) {
	what, detail, ok := commands.BudgetAlertWords(w.p, a)
	if !ok {
		return "", false
	}
	if a.Event == goalbot.EventMilestone {
		what = w.p.AlertWords(a) + " — " + what
	}
	text := w.t("console.alert.goal", messages.Args{"Goal": goal, "Words": what})
	if detail != "" {
		text = w.t("console.alert.detail", messages.Args{"Text": text, "Detail": detail})
	}
	if a.FinalOutcome != "" {
		text = w.t("console.alert.final", messages.Args{"Text": text, "Outcome": w.p.Outcome(a.FinalOutcome)})
	}
	return w.t("console.alert.period", messages.Args{"Text": text, "Start": a.PeriodStart.String(), "End": a.PeriodEnd.String()}), true
}
