package api

import (
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// budgetJSON is a running budget's outlook (an ad_spend goal) as the API returns
// it: its spend against its budget, in its currency, the projected spend at the
// period's end with its likely range (null on the period's first day), the daily
// spend that lands on the budget over the days left, and where the projection
// lands against the goal's band.
type budgetJSON struct {
	Currency  string              `json:"currency"`
	Spent     goalbot.Micro       `json:"spent"`
	Budget    goalbot.Micro       `json:"budget"`
	Projected *goalbot.Projection `json:"projected"`
	// Ratio is the projected spend ÷ the budget, rounded to three decimals (null
	// without a projection).
	Ratio    *float64           `json:"ratio"`
	Spending goalbot.Spending   `json:"spending,omitempty"`
	Daily    goalbot.Micro      `json:"daily_to_budget"`
	DaysLeft int                `json:"days_left"`
	Band     goalbot.BudgetBand `json:"band"`
}

// newBudgetJSON renders the outlook of goal view v; nil unless it is a running
// budget with one.
func newBudgetJSON(v commands.GoalView) *budgetJSON {
	g, m := v.Goal, v.Measurement
	if g.Type != goalbot.AdSpend || m == nil || m.Budget == nil || v.Status != goalbot.InProgress {
		return nil
	}
	o := m.Budget
	out := &budgetJSON{Currency: g.Currency, Spent: o.Spent, Budget: o.Budget, Projected: o.Projection, Spending: o.Spending,
		Daily: o.Left, DaysLeft: o.DaysLeft, Band: g.Settings.Band()}
	if o.Projection != nil {
		r := float64(int64(o.Ratio*1000+0.5)) / 1000
		out.Ratio = &r
	}
	return out
}

// periodSpending is where an ended period of budget g landed against its band
// ("" for other goals and periods).
func periodSpending(g *goalbot.Goal, p goalbot.PeriodFigures) goalbot.Spending {
	if !p.Ended {
		return goalbot.NoSpending
	}
	return g.SpendingOf(p.Figures)
}
