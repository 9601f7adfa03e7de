package goalbot

// BudgetBand is how far a budget's projected spend may stray before it counts as
// overspend or underspend, in percent of the budget: above Over is overspend, below
// Under is underspend.
type BudgetBand struct {
	Over  int `json:"over"`
	Under int `json:"under"`
}

// DefaultBudgetBand is 110 % and 80 %.
var DefaultBudgetBand = BudgetBand{Over: 110, Under: 80}

// Validate says what is wrong with b: Over must be above 100, Under from 0 to below 100.
func (b BudgetBand) Validate() error {
	switch {
	case b.Over <= 100 || b.Over > 1000:
		return Invalid("errors.budget.over", Args{"Level": b.Over})
	case b.Under < 0 || b.Under >= 100:
		return Invalid("errors.budget.under", Args{"Level": b.Under})
	}
	return nil
}

// Spending says where a budget's projected spend lands against its band.
type Spending string

// The spendings; NoSpending when there is no projection yet.
const (
	NoSpending   Spending = ""
	Overspend    Spending = "overspend"
	Underspend   Spending = "underspend"
	WithinBudget Spending = "within"
)

// BudgetOutlook is where a running period's spend is heading against its budget.
type BudgetOutlook struct {
	Spent  Micro `json:"spent"` // so far, today included
	Budget Micro `json:"budget"`
	// Projection is the projected spend at the period's end; nil on its first day.
	Projection *Projection `json:"projection"`
	// Spending compares the projection's value with the band (NoSpending without one).
	Spending Spending `json:"spending"`
	// Ratio is the projected spend ÷ the budget (0 without a projection).
	Ratio float64 `json:"ratio"`
	// Left is the daily spend that lands on the budget over DaysLeft days (today
	// included), rounded down to the micro-unit; 0 once the budget is spent.
	Left     Micro `json:"left"`
	DaysLeft int   `json:"days_left"`
}

// BudgetOutlookOf returns the outlook of r, a running period of daily spend whose
// Target is the budget, against band b, projected with DefaultMethod. ok is false
// without a positive budget and when r is not running.
func BudgetOutlookOf(r Run, b BudgetBand) (o BudgetOutlook, ok bool) {
	if r.Target <= 0 || !r.Period.Contains(r.Today) {
		return BudgetOutlook{}, false
	}
	o.Budget, o.Spent = r.Target, r.actual()
	o.DaysLeft = Days(r.Today, r.Period.End)
	if o.Spent < o.Budget {
		o.Left = (o.Budget - o.Spent) / Micro(o.DaysLeft)
	}
	p, ok := Project(r, DefaultMethod)
	if !ok {
		return o, true
	}
	o.Projection = &p
	o.Ratio = p.Value.Float() / o.Budget.Float()
	o.Spending = b.spending(p.Value, o.Budget)
	return o, true
}

// spending compares spend with budget exactly: spend × 100 against budget × level.
func (b BudgetBand) spending(spend, budget Micro) Spending {
	switch {
	case cmpProducts(int64(spend), 100, int64(budget), int64(b.Over)) > 0:
		return Overspend
	case cmpProducts(int64(spend), 100, int64(budget), int64(b.Under)) < 0:
		return Underspend
	}
	return WithinBudget
}
