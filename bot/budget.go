package bot

import (
	"encoding/json"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// budgetAlert adds a budget's figures to the message of alert a (overspend,
// underspend, or a budget's milestone): the line that says what happened to the
// body, and the figures behind it to the context; text is the fallback text to use
// ("" keeps the usual one). ok is false for other alerts.
func budgetAlert(p *messages.Printer, a goalbot.Alert, goal string) (text, body, context string, ok bool) {
	what, detail, ok := commands.BudgetAlertWords(p, a)
	if !ok {
		return "", "", "", false
	}
	if a.Event == goalbot.EventMilestone {
		return goal + ": " + a.Words() + "; " + what, what, detail, true
	}
	return goal + ": " + what, what, detail, true
}

// budgetMetadata adds a budget alert's figures to its metadata payload p: the
// period's budget, spent and (for overspend and underspend) projected spend as
// numbers in units of currency, where the spend lands, and the band's levels.
func budgetMetadata(a goalbot.Alert, p map[string]any) {
	b := a.Budget
	if b == nil {
		return
	}
	p["budget"] = json.Number(b.Budget.String())
	p["spent"] = json.Number(b.Spent.String())
	if b.Projected != nil {
		p["projected"] = json.Number(b.Projected.String())
	}
	p["currency"] = b.Currency
	p["spending"] = string(b.Spending)
	p["band_over"] = b.Band.Over
	p["band_under"] = b.Band.Under
}

// budgetEmoji is the emoji of a budget alert ("" for other alerts).
func budgetEmoji(a goalbot.Alert) string {
	switch a.Event {
	case goalbot.EventOverspend:
		return ":money_with_wings:"
	case goalbot.EventUnderspend:
		return ":turtle:"
	}
	return ""
}

// targetWords are the label and hint of a goal type's target field in p's language:
// a budget per campaign for ad_spend, a cost cap for cost_per_contact, a target
// otherwise.
func targetWords(p *messages.Printer, t goalbot.Type) (label, hint string) {
	if t == goalbot.AdSpend {
		return p.T("budget.target_label"), p.T("budget.target_hint")
	}
	return fieldLabel(p, commands.FieldTarget), targetHint(p, t)
}

// eventHelpOf says what event e is in p's language, for the notification choices of a
// goal whose budget band is band.
func eventHelpOf(p *messages.Printer, e goalbot.Event, band goalbot.BudgetBand) string {
	if h := commands.BudgetEventHelp(p, e, band); h != "" {
		return h
	}
	// Each event's help: modals.event_help.started, …
	return p.T("modals.event_help." + string(e))
}

// factLabel names a fact of a shown goal in p's language.
func factLabel(p *messages.Printer, k commands.FactKind) string {
	if l, ok := commands.BudgetFactLabel(p, k); ok {
		return l
	}
	// The fact labels are named by their kind: slack.show.fact.type, …
	return p.T("slack.show.fact." + string(k))
}

// milestoneOutcome is a milestone's outcome in p's language, with where a budget's
// spend landed ("missed (overspent)").
func milestoneOutcome(p *messages.Printer, m commands.Milestone) string {
	if w := commands.SpendingWords(p, m.Spending); w != "" {
		return p.Outcome(m.Outcome) + " (" + w + ")"
	}
	return p.Outcome(m.Outcome)
}
