package commands

import (
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// The facts of a budget's running period (an ad_spend goal), in the order shown
// after the period: its spend against its budget, where the spend is heading, the
// daily spend that lands on the budget, and the band it is judged by. The pace fact
// that follows says on budget, overspend or underspend.
const (
	FactSpent     FactKind = "spent"     // spent of budget (percent)
	FactProjected FactKind = "projected" // projected spend at the period's end, with its likely range
	FactDaily     FactKind = "daily"     // the daily spend that lands on the budget
	FactBand      FactKind = "band"      // the band: under – over, of the budget
)

// BudgetFactLabel names a budget fact (FactSpent, FactProjected, FactDaily,
// FactBand) in p's language; ok is false for the other facts.
func BudgetFactLabel(p *messages.Printer, k FactKind) (label string, ok bool) {
	switch k {
	case FactSpent:
		return p.T("budget.fact.spent"), true
	case FactProjected:
		return p.T("budget.fact.projected"), true
	case FactDaily:
		return p.T("budget.fact.daily"), true
	case FactBand:
		return p.T("budget.fact.band"), true
	}
	return "", false
}

// budgetFacts are the facts of g's period figures f (the running one: o is its
// outlook, nil before the engine has one) in p's language.
func budgetFacts(p *messages.Printer, g *goalbot.Goal, f goalbot.PeriodFigures, o *goalbot.BudgetOutlook) []Fact {
	out := []Fact{{FactSpent, SpentWords(p, g, f.Figures)}}
	if o != nil {
		out = append(out, Fact{FactProjected, projectedWords(p, g, o)})
		daily := p.T("budget.daily.spent")
		if o.Left > 0 {
			daily = p.N("budget.daily", o.DaysLeft, messages.Args{"Daily": p.Money(o.Left, g.Currency)})
		}
		out = append(out, Fact{FactDaily, daily})
	}
	return append(out, Fact{FactBand, BandWords(p, g.Settings.Band())})
}

// SpentWords says what figures f of budget g spent of the budget: "$420.00 of
// $1,000.00 (42%)", or that the spend is not all in the goal's currency.
func SpentWords(p *messages.Printer, g *goalbot.Goal, f goalbot.Figures) string {
	budget := p.Money(f.Target, g.Currency)
	if f.Progress == nil {
		return p.T("budget.spent.unknown", messages.Args{"Budget": budget, "Currency": g.Currency})
	}
	return p.T("budget.spent", messages.Args{"Spent": p.Money(f.Actual, g.Currency), "Budget": budget, "Percent": p.Percent(f.Progress)})
}

// projectedWords says where a budget's spend is heading: "$1,250.00, 125% of the
// budget (likely $1,100.00–$1,400.00)", or from when it will say.
func projectedWords(p *messages.Printer, g *goalbot.Goal, o *goalbot.BudgetOutlook) string {
	pr := o.Projection
	if pr == nil {
		return p.T("budget.projected.none")
	}
	pct := o.Ratio * 100
	args := messages.Args{"Projected": p.Money(pr.Value, g.Currency), "Percent": p.Percent(&pct)}
	if pr.Low == pr.High {
		return p.T("budget.projected.exact", args) // every day alike: no range to give
	}
	args["Low"], args["High"] = p.Money(pr.Low, g.Currency), p.Money(pr.High, g.Currency)
	return p.T("budget.projected", args)
}

// BandWords says band b: "80%–110% of the budget: above it is overspend, below it
// underspend".
func BandWords(p *messages.Printer, b goalbot.BudgetBand) string {
	return p.T("budget.band", messages.Args{"Under": bandLevel(p, b.Under), "Over": bandLevel(p, b.Over)})
}

// bandLevel is a level of a band as a percent (110%; 110 %).
func bandLevel(p *messages.Printer, level int) string {
	v := float64(level)
	return p.Percent(&v)
}

// BudgetLine is a running budget's projection in a line of a list or the Home tab
// ("projected $1,250.00 of $1,000.00"); "" for other goals and without one.
func BudgetLine(p *messages.Printer, v GoalView) string {
	m := v.Measurement
	if v.Goal.Type != goalbot.AdSpend || m == nil || m.Budget == nil || m.Budget.Projection == nil || v.Status != goalbot.InProgress {
		return ""
	}
	return p.T("budget.line", messages.Args{"Projected": p.Money(m.Budget.Projection.Value, v.Goal.Currency),
		"Budget": p.Money(m.Budget.Budget, v.Goal.Currency)})
}

// SpendingWords is where a budget's spend landed: overspent, underspent, within
// budget ("" for none).
func SpendingWords(p *messages.Printer, s goalbot.Spending) string {
	if s == goalbot.NoSpending {
		return ""
	}
	return p.T("budget.spending." + string(s))
}

// BudgetEventHelp says what a budget event (overspend, underspend) of a goal with
// band b is, for the notification choices; "" for other events.
func BudgetEventHelp(p *messages.Printer, e goalbot.Event, b goalbot.BudgetBand) string {
	switch e {
	case goalbot.EventOverspend:
		return p.T("budget.event.overspend", messages.Args{"Over": bandLevel(p, b.Over)})
	case goalbot.EventUnderspend:
		return p.T("budget.event.underspend", messages.Args{"Under": bandLevel(p, b.Under)})
	}
	return ""
}

// BudgetHelp is the line of help about budgets, with the band of new goals.
func BudgetHelp(p *messages.Printer, b goalbot.BudgetBand) string {
	return p.T("budget.help", messages.Args{"Under": bandLevel(p, b.Under), "Over": bandLevel(p, b.Over)})
}

// BudgetAlertWords are the words of a budget's alert a (overspend, underspend, or a
// milestone of an ad_spend goal) in p's language: what happened ("overspend:
// projected $3,000.00 of the $1,000.00 budget (300%)"; for a milestone "overspent:
// spent $1,240.00 of the $1,000.00 budget (124%)") and the figures behind it ("Spent
// so far $100.00 · the band is 80%–110% of the budget"; "" for a milestone). ok is
// false for an alert without budget figures.
func BudgetAlertWords(p *messages.Printer, a goalbot.Alert) (what, detail string, ok bool) {
	b := a.Budget
	if b == nil {
		return "", "", false
	}
	args := messages.Args{"Spent": p.Money(b.Spent, b.Currency), "Budget": p.Money(b.Budget, b.Currency), "Percent": p.Percent(b.Percent())}
	if a.Event == goalbot.EventMilestone {
		args["Spending"] = SpendingWords(p, b.Spending)
		if b.Spending == goalbot.NoSpending {
			args["Spending"] = string(a.Outcome)
		}
		return p.T("budget.alert.milestone", args), "", true
	}
	if b.Projected != nil {
		args["Projected"] = p.Money(*b.Projected, b.Currency)
	}
	switch a.Event {
	case goalbot.EventOverspend:
		what = p.T("budget.alert.overspend", args)
	case goalbot.EventUnderspend:
		what = p.T("budget.alert.underspend", args)
	default:
		return "", "", false
	}
	detail = p.T("budget.alert.spent", messages.Args{"Spent": args["Spent"], "Under": bandLevel(p, b.Band.Under), "Over": bandLevel(p, b.Band.Over)})
	return what, detail, true
}
