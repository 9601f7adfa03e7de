package goalbot

import "time"

// A budget (an ad_spend goal) is measured like every goal (Measure: its spend in
// each period against the sum of its campaigns' budgets) and, while a period runs,
// projected: MeasureBudget projects the period's daily spend to its end
// (BudgetOutlookOf, weekday-aware like every projection) and sets the goal's pace
// from where the projection lands against the goal's band. The engine reads the
// daily spend the projection needs (BudgetDays) for ad_spend goals alone.

// The paces of a running ad_spend period: its projected spend against its band.
const (
	OnBudget    Pace = "on_budget"
	OverBudget  Pace = "overspend"
	UnderBudget Pace = "underspend"
)

// paceOfSpending is the pace a spending stands for (NoPace without a projection).
func paceOfSpending(s Spending) Pace {
	switch s {
	case Overspend:
		return OverBudget
	case Underspend:
		return UnderBudget
	case WithinBudget:
		return OnBudget
	}
	return NoPace
}

// SpendDays is the daily spend of a goal's campaigns over a run of days, summed:
// Spend[i] is their spend on day From+i, in their one currency; a day past the end of
// Spend counts as 0.
type SpendDays struct {
	From  Date
	Spend []Micro
}

// Add adds one campaign's spend of the days from From+i on (within s's days).
func (s SpendDays) Add(i int, spend []Micro) {
	for k, v := range spend {
		if i+k >= 0 && i+k < len(s.Spend) {
			s.Spend[i+k] = satAdd(s.Spend[i+k], v)
		}
	}
}

// sum returns the spend of each day from `from` through `to` (none when to is before
// from).
func (s SpendDays) sum(from, to Date) []Micro {
	out := make([]Micro, max(0, Days(from, to)))
	off := s.From.DaysUntil(from)
	for i := range out {
		if k := off + i; k >= 0 && k < len(s.Spend) {
			out[i] = s.Spend[k]
		}
	}
	return out
}

// BudgetDays returns the days whose spend MeasureBudget needs for g at now: the
// last ProfileDays days before today and today, in g's time zone. They hold the
// weekday profile's history (reaching before the period while it is younger than
// eight weeks) and the days the band's spread is measured on; the period's days
// before them count only through its spend so far, which the measurement has. ok is
// false when g is not an ad_spend goal or no period of it runs at now (ps are g's
// periods).
func BudgetDays(g *Goal, ps []Period, now time.Time) (from, to Date, ok bool) {
	if g.Type != AdSpend {
		return Date{}, Date{}, false
	}
	loc := g.Location()
	i := PeriodIndex(ps, now, loc)
	if i < 0 || i >= len(ps) {
		return Date{}, Date{}, false
	}
	today := DateIn(now, loc)
	return today.AddDays(-ProfileDays), today, true
}

// MeasureBudget sets the budget outlook of m, a measurement of g (an ad_spend goal),
// and its pace (nothing for another type): the current period's daily spend
// projected to its end against its budget and g's band. days are g's campaigns'
// spend over BudgetDays (or more); currencies[j] is campaign j's currency. The
// period's days before them count through the spend so far that m measured. It
// leaves m without an outlook or a pace outside the range, when the spend is not all
// in the goal's currency, and on a period's first day (there is no complete day to
// project from; the outlook then has no projection and the pace is none).
func MeasureBudget(g *Goal, m *Measurement, days SpendDays, currencies []string) {
	if g.Type != AdSpend {
		return
	}
	m.Budget, m.Pace, m.PaceRatio = nil, NoPace, 0
	cur := m.CurrentPeriod()
	if cur == nil || cur.Progress == nil || !oneCurrency(g, currencies) {
		return
	}
	today := DateIn(m.At, g.Location())
	first := cur.Start.AddDays(-ProfileDays)
	if first.Before(days.From) {
		first = days.From
	}
	all := days.sum(first, today)
	k := max(0, first.DaysUntil(cur.Start)) // days before the period
	r := Run{Period: cur.Period, Today: today, Target: cur.Target, Daily: all[k:], Before: FromFirstSpend(all[:k])}
	if first.After(cur.Start) {
		// The period's first days were not read: their spend is the period's so far
		// less the days that were (never below 0, should an ingest land between the
		// two reads).
		r.Skip, r.SkipSum = cur.Start.DaysUntil(first), cur.Actual
		for _, v := range r.Daily {
			r.SkipSum -= v
		}
		r.SkipSum = max(0, r.SkipSum)
	}
	o, ok := BudgetOutlookOf(r, g.Settings.Band())
	if !ok {
		return
	}
	m.Budget = &o
	m.Pace, m.PaceRatio = paceOfSpending(o.Spending), o.Ratio
}

// FromFirstSpend is the days before a budget's running period from the first with
// spend: the days before it the campaigns were not running, and a projection that
// counted them would expect too little.
func FromFirstSpend(before []Micro) []Micro {
	for len(before) > 0 && before[0] == 0 {
		before = before[1:]
	}
	return before
}

// oneCurrency reports whether g's campaigns all spend in g's currency (in one known
// currency, when g has none recorded).
func oneCurrency(g *Goal, currencies []string) bool {
	if len(currencies) < len(g.Campaigns) || len(g.Campaigns) == 0 {
		return false
	}
	want := g.Currency
	if want == "" {
		want = currencies[0]
	}
	for _, c := range currencies[:len(g.Campaigns)] {
		if c != want || !CurrencyOf(c).Known() {
			return false
		}
	}
	return true
}

// BudgetFigures are what a budget alert tells: the spend against the budget, in
// the goal's currency, and the band. An overspend or underspend alert carries the
// projected spend and where it lands (Spending); a milestone carries where the
// period's spend landed.
type BudgetFigures struct {
	Currency  string     `json:"currency"`
	Spent     Micro      `json:"spent"`
	Budget    Micro      `json:"budget"`
	Projected *Micro     `json:"projected,omitempty"`
	Spending  Spending   `json:"spending"`
	Band      BudgetBand `json:"band"`
}

// Percent is the projected spend (or, without one, the spend) as a percent of the
// budget; nil without a budget.
func (b *BudgetFigures) Percent() *float64 {
	if b == nil || b.Budget <= 0 {
		return nil
	}
	v := b.Spent
	if b.Projected != nil {
		v = *b.Projected
	}
	p := min(float64(v)/float64(b.Budget)*100, MaxProgress)
	return &p
}

// budgetAlertFigures are the figures of a budget alert about period figures p of g:
// with the outlook o of a running period, its projection; else where p's spend
// landed.
func budgetAlertFigures(g *Goal, p PeriodFigures, o *BudgetOutlook) *BudgetFigures {
	band := g.Settings.Band()
	b := &BudgetFigures{Currency: g.Currency, Spent: p.Actual, Budget: p.Target, Band: band}
	switch {
	case o != nil && o.Projection != nil:
		v := o.Projection.Value
		b.Projected, b.Spending = &v, o.Spending
	case p.Progress != nil:
		b.Spending = band.spending(p.Actual, p.Target)
	}
	return b
}

// SpendingOf returns where figures f of g (an ad_spend goal) landed against its
// band: NoSpending when f's spend is not known.
func (g *Goal) SpendingOf(f Figures) Spending {
	if g.Type != AdSpend || f.Progress == nil || f.Target <= 0 {
		return NoSpending
	}
	return g.Settings.Band().spending(f.Actual, f.Target)
}

// budgetOccurrences returns the overspend and underspend events of g's running
// period p in cur that did not hold in prev (pp: prev's figures of the same period,
// nil when prev had another). Overspend fires as soon as the projection goes over
// the band; underspend, like at risk, once a quarter of the period has passed (new
// campaigns ramp up, and a day whose spend is reported late counts as nothing until
// it arrives). The ledger keeps each to once a period.
func budgetOccurrences(g *Goal, prev, cur *Measurement, p PeriodFigures, pp *PeriodFigures, loc *time.Location) []Occurrence {
	if g.Type != AdSpend || cur.Budget == nil {
		return nil
	}
	var out []Occurrence
	held := func(m *Measurement, s Spending, quarter bool) bool {
		return m != nil && m.Budget != nil && m.Budget.Spending == s && (!quarter || quarterPassed(m, p, loc))
	}
	for _, c := range []struct {
		event   Event
		s       Spending
		quarter bool
	}{{EventOverspend, Overspend, false}, {EventUnderspend, Underspend, true}} {
		if !held(cur, c.s, c.quarter) || (pp != nil && held(prev, c.s, c.quarter)) {
			continue
		}
		out = append(out, Occurrence{GoalID: g.ID, Event: c.event, Period: p.Period, Progress: p.Progress,
			Budget: budgetAlertFigures(g, p, cur.Budget)})
	}
	return out
}

// quarterPassed reports whether a quarter of period p has passed at m's time.
func quarterPassed(m *Measurement, p PeriodFigures, loc *time.Location) bool {
	start, end := p.StartTime(loc), p.EndTime(loc)
	return m.At.Sub(start) >= end.Sub(start)/4
}

// Warns reports whether pace p asks for attention: at risk, overspend or underspend.
func (p Pace) Warns() bool { return p == AtRisk || p == OverBudget || p == UnderBudget }
