package goalbot

import (
	"testing"
)

func TestBudgetOutlookOf(t *testing.T) {
	two := Period{d("2026-04-01"), d("2026-04-02")}
	// day is a budget of 100 over two days with spend on the first and none yet today:
	// the projection is twice the first day.
	day := func(spend Micro) Run {
		return Run{Period: two, Today: d("2026-04-02"), Target: Units(100), Daily: []Micro{spend}}
	}
	cases := []struct {
		name     string
		r        Run
		band     BudgetBand
		ok       bool
		spending Spending
		value    Micro
		left     Micro
	}{
		{name: "exactly at the over level is within", r: day(Units(55)), band: DefaultBudgetBand, ok: true, spending: WithinBudget, value: Units(110), left: Units(45)},
		{name: "a micro-unit over it is overspend", r: day(Units(55) + 1), band: DefaultBudgetBand, ok: true, spending: Overspend, value: Units(110) + 2, left: Units(45) - 1},
		{name: "exactly at the under level is within", r: day(Units(40)), band: DefaultBudgetBand, ok: true, spending: WithinBudget, value: Units(80), left: Units(60)},
		{name: "a micro-unit under it is underspend", r: day(Units(40) - 1), band: DefaultBudgetBand, ok: true, spending: Underspend, value: Units(80) - 2, left: Units(60) + 1},
		{name: "another band", r: day(Units(55)), band: BudgetBand{Over: 105, Under: 50}, ok: true, spending: Overspend, value: Units(110), left: Units(45)},
		{name: "budget spent: nothing left a day", r: day(Units(120)), band: DefaultBudgetBand, ok: true, spending: Overspend, value: Units(240)},
		{name: "first day: no projection yet", r: Run{Period: two, Today: d("2026-04-01"), Target: Units(100), Daily: units(30)},
			band: DefaultBudgetBand, ok: true, left: Units(35)},
		{name: "no budget", r: Run{Period: two, Today: d("2026-04-02"), Daily: units(30)}, band: DefaultBudgetBand},
		{name: "the period is over", r: Run{Period: two, Today: d("2026-04-03"), Target: Units(100), Daily: units(30, 30)}, band: DefaultBudgetBand},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, ok := BudgetOutlookOf(c.r, c.band)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			var value Micro
			if o.Projection != nil {
				value = o.Projection.Value
			}
			if o.Spending != c.spending || value != c.value || o.Left != c.left || o.Budget != c.r.Target {
				t.Fatalf("outlook = %s, projected %v, left %v a day; want %s, %v, %v", o.Spending, value, o.Left, c.spending, c.value, c.left)
			}
			if c.value != 0 && o.Ratio != value.Float()/100 {
				t.Fatalf("ratio = %v, want %v", o.Ratio, value.Float()/100)
			}
		})
	}
}
