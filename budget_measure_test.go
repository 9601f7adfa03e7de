package goalbot

import (
	"reflect"
	"testing"
	"time"
)

// budgetGoal is a monthly ad_spend goal over 2026 on campaigns a and b in dollars,
// a budget of `budget` for each campaign and month (so twice that a month).
func budgetGoal(budget int64) *Goal {
	g := monthlyGoal(AdSpend, "", budget)
	g.Currency = "USD"
	g.CreatedAt = at("2025-12-01T00:00:00Z")
	return g
}

func spent(v int64) Totals { return Totals{Spend: Units(v)} }

// TestBudgetOutcomesAtTheBandEdges: a budget's period is achieved with its spend
// from the under level to the over level of the budget, both included, and missed
// a micro-unit outside either; it is never exceeded. Progress is the share spent.
func TestBudgetOutcomesAtTheBandEdges(t *testing.T) {
	g := budgetGoal(500) // a budget of 1,000 a month
	cases := []struct {
		name  string
		spend Micro // of campaign a; b spends nothing
		want  Outcome
	}{
		{"the budget exactly", Units(1000), Achieved},
		{"at the over level", Units(1100), Achieved},
		{"a micro-unit over it", Units(1100) + 1, Missed},
		{"far over", Units(5000), Missed},
		{"at the under level", Units(800), Achieved},
		{"a micro-unit under it", Units(800) - 1, Missed},
		{"nothing spent", 0, Missed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := Measure(g, sumsIn(0, Totals{Spend: c.spend}, Totals{}), inUSD(g), nil, at("2026-02-10T00:00:00Z"), 0)
			jan := m.Periods[0]
			if !jan.Ended || !jan.Settled || jan.Target != Units(1000) || jan.Actual != c.spend {
				t.Fatalf("january = %+v", jan)
			}
			if got := jan.PeriodOutcome(); got != c.want {
				t.Fatalf("outcome %s, want %s", got, c.want)
			}
			if p := float64(c.spend) / float64(Units(1000)) * 100; jan.Progress == nil || *jan.Progress != p {
				t.Fatalf("progress %v, want %v", deref(jan.Progress), p)
			}
			over, under := c.spend > Units(1100), c.spend < Units(800)
			want := map[bool]Spending{true: Overspend}[over]
			switch {
			case under:
				want = Underspend
			case !over:
				want = WithinBudget
			}
			if got := g.SpendingOf(jan.Figures); got != want {
				t.Fatalf("spending %q, want %q", got, want)
			}
		})
	}
	// Another band, kept with the goal: 1,100 is now over it.
	g.Settings.Budget = BudgetBand{Over: 105, Under: 95}
	m := Measure(g, sumsIn(0, spent(1100), Totals{}), inUSD(g), nil, at("2026-02-10T00:00:00Z"), 0)
	if m.Periods[0].PeriodOutcome() != Missed || g.SpendingOf(m.Periods[0].Figures) != Overspend {
		t.Fatalf("1,100 of 1,000 in a 95–105 %% band: %+v", m.Periods[0].Figures)
	}
}

// TestBudgetSpendInAnotherCurrency: spend that is not all in the goal's currency
// is not added up: the actual and the progress are unknown, and the period missed.
func TestBudgetSpendInAnotherCurrency(t *testing.T) {
	g := budgetGoal(500)
	m := Measure(g, sumsIn(0, spent(600), spent(400)), []string{"USD", "EUR"}, nil, at("2026-02-10T00:00:00Z"), 0)
	jan := m.Periods[0]
	if jan.Progress != nil || jan.Actual != 0 || jan.PeriodOutcome() != Missed || len(jan.Spend) != 2 {
		t.Fatalf("january in two currencies = %+v", jan.Figures)
	}
	if MeasureBudget(g, &m, SpendDays{}, []string{"USD", "EUR"}); m.Budget != nil || m.Pace != NoPace {
		t.Fatalf("an outlook from spend in two currencies: %+v", m.Budget)
	}
}

// spendDays are days of spend from `from` (campaign a's; b spends nothing).
func spendDays(from string, a ...int64) SpendDays {
	return SpendDays{From: d(from), Spend: units(a...)}
}

// TestMeasureBudget: the running period's daily spend is projected to its end and
// the pace says where the projection lands against the band.
func TestMeasureBudget(t *testing.T) {
	g := budgetGoal(500) // 1,000 in April's 30 days
	now := at("2026-04-03T12:00:00Z")
	cases := []struct {
		name  string
		days  SpendDays
		pace  Pace
		value Micro // projected
	}{
		// 50 a day on April 1st and 2nd (complete) and 50 so far today: 1,500.
		{"over", spendDays("2026-04-01", 50, 50, 50), OverBudget, Units(1500)},
		{"on budget", spendDays("2026-04-01", 34, 34, 10), OnBudget, Units(1020)},
		{"under", spendDays("2026-04-01", 20, 20, 0), UnderBudget, Units(600)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s Totals
			for _, v := range c.days.Spend {
				s.Spend += v
			}
			m := Measure(g, sumsIn(3, s, Totals{}), inUSD(g), nil, now, 0)
			MeasureBudget(g, &m, c.days, inUSD(g))
			o := m.Budget
			if o == nil || o.Projection == nil {
				t.Fatalf("outlook = %+v", o)
			}
			if m.Pace != c.pace || o.Projection.Value != c.value || o.Budget != Units(1000) || o.Spent != s.Spend {
				t.Fatalf("pace %s, projected %s of %s, spent %s; want %s, %s", m.Pace, o.Projection.Value, o.Budget, o.Spent, c.pace, c.value)
			}
			if m.PaceRatio != o.Ratio || o.Ratio != c.value.Float()/1000 {
				t.Fatalf("pace ratio %v, outlook ratio %v", m.PaceRatio, o.Ratio)
			}
		})
	}
	// The days before the period shape the projection by weekday once each weekday
	// was seen twice: a history of weekend spikes raises it.
	before := make([]int64, ProfileDays)
	for i := range before {
		if wd := d("2026-04-01").AddDays(i - ProfileDays).Weekday(); wd == time.Saturday || wd == time.Sunday {
			before[i] = 200
		} else {
			before[i] = 20
		}
	}
	days := spendDays("2026-02-04", append(before, 20, 20, 0)...)
	m := Measure(g, sumsIn(3, spent(40), Totals{}), inUSD(g), nil, now, 0)
	MeasureBudget(g, &m, days, inUSD(g))
	if m.Budget == nil || m.Budget.Projection == nil || m.Budget.Projection.Method != WeekdayAware || m.Pace != OverBudget {
		t.Fatalf("weekday-aware outlook = %+v, pace %s", m.Budget, m.Pace)
	}
	// On the period's first day there is nothing to project from: no pace yet.
	m = Measure(g, sumsIn(3, spent(40), Totals{}), inUSD(g), nil, at("2026-04-01T12:00:00Z"), 0)
	MeasureBudget(g, &m, spendDays("2026-04-01", 40), inUSD(g))
	if m.Budget == nil || m.Budget.Projection != nil || m.Pace != NoPace {
		t.Fatalf("first day: outlook %+v, pace %q", m.Budget, m.Pace)
	}
	// Another type gets no outlook.
	c := monthlyGoal(NetworkConversions, "", 100)
	m = Measure(c, sumsIn(3, conv(10), Totals{}), inUSD(c), nil, now, 0)
	MeasureBudget(c, &m, spendDays("2026-04-01", 50, 50, 50), inUSD(c))
	if m.Budget != nil || m.Pace != AtRisk {
		t.Fatalf("a count goal: outlook %+v, pace %q", m.Budget, m.Pace)
	}
}

func TestBudgetDays(t *testing.T) {
	g := budgetGoal(500)
	from, to, ok := BudgetDays(g, g.Periods(), at("2026-04-03T12:00:00Z"))
	if !ok || from != d("2026-04-03").AddDays(-ProfileDays) || to != d("2026-04-03") {
		t.Fatalf("days %s–%s (%v)", from, to, ok)
	}
	if _, _, ok := BudgetDays(g, g.Periods(), at("2027-01-03T12:00:00Z")); ok {
		t.Fatal("days after the range")
	}
	c := monthlyGoal(NetworkConversions, "", 100)
	if _, _, ok := BudgetDays(c, c.Periods(), at("2026-04-03T12:00:00Z")); ok {
		t.Fatal("days of a count goal")
	}
}

// TestMeasureBudgetOfALongPeriod: a yearly budget's outlook needs only the days
// BudgetDays names; the period's days before them count through the spend so far,
// and the outlook is the one all of the period's days give.
func TestMeasureBudgetOfALongPeriod(t *testing.T) {
	g := budgetGoal(5000)
	g.Duration = Yearly // 10,000 in 2026
	now := at("2026-06-15T12:00:00Z")
	today := d("2026-06-15")
	start := d("2026-01-01")
	full := make([]Micro, Days(start, today)) // a campaign's spend from January 1st through today
	for i := range full {
		full[i] = Units(int64(20 + i%7*5 + i%11))
	}
	var s Totals
	for _, v := range full {
		s.Spend += v
	}
	m := Measure(g, [][]Totals{{s, {}}}, inUSD(g), nil, now, 0)
	from, to, ok := BudgetDays(g, g.Periods(), now)
	if !ok || Days(from, to) != ProfileDays+1 || to != today {
		t.Fatalf("days %s–%s (%v)", from, to, ok)
	}
	MeasureBudget(g, &m, SpendDays{From: from, Spend: full[start.DaysUntil(from):]}, inUSD(g))
	r := Run{Period: m.CurrentPeriod().Period, Today: today, Target: Units(10000), Daily: full}
	want, _ := BudgetOutlookOf(r, g.Settings.Band())
	if m.Budget == nil || !reflect.DeepEqual(*m.Budget, want) || want.Projection == nil || want.Spent != s.Spend {
		t.Fatalf("outlook %+v, want %+v", m.Budget, want)
	}
	if m.Pace != paceOfSpending(want.Spending) {
		t.Fatalf("pace %s, want that of %s", m.Pace, want.Spending)
	}
}

// measureBudgetAt measures g at now with campaign a's daily spend from April 1st.
func measureBudgetAt(g *Goal, prev *Measurement, now string, daily ...int64) Measurement {
	var s Totals
	for _, v := range daily {
		s.Spend += Units(v)
	}
	ps := g.Periods()
	sums := make([][]Totals, len(ps))
	for i, p := range ps {
		sums[i] = make([]Totals, 2)
		if p.Start == d("2026-04-01") {
			sums[i][0] = s
		}
	}
	m := Measure(g, sums, inUSD(g), prev, at(now), 0)
	MeasureBudget(g, &m, spendDays("2026-04-01", daily...), inUSD(g))
	return m
}

// TestBudgetOccurrences: overspend fires when the projection first goes over the
// band (from the second day of the period), underspend when it first goes under it
// once a quarter of the period has passed; neither again while it holds; the
// milestone carries where the spend landed.
func TestBudgetOccurrences(t *testing.T) {
	g := budgetGoal(500) // 1,000 in April
	g.Start, g.End = d("2026-04-01"), d("2026-04-30")
	last := at("2026-05-02T00:00:00Z")                            // rows keep coming: no stale
	m1 := measureBudgetAt(g, nil, "2026-04-02T12:00:00Z", 100, 0) // 100 a day: 3,000
	os := Occurrences(g, nil, &m1, last, 0)
	if got := events(os); got != "started/2026-04-01/started overspend/2026-04-01/overspend" {
		t.Fatalf("got %q", got)
	}
	b := os[1].Budget
	if b == nil || b.Projected == nil || *b.Projected != Units(3000) || b.Budget != Units(1000) || b.Spent != Units(100) ||
		b.Spending != Overspend || b.Currency != "USD" || b.Band != DefaultBudgetBand || *b.Percent() != 300 {
		t.Fatalf("overspend figures %+v", b)
	}
	if os[1].Key() != "G1:overspend:2026-04-01" {
		t.Fatalf("key %q", os[1].Key())
	}
	m2 := measureBudgetAt(g, &m1, "2026-04-03T12:00:00Z", 100, 100, 0)
	if got := events(Occurrences(g, &m1, &m2, last, 0)); got != "" {
		t.Fatalf("overspend again: %q", got)
	}
	// The spend stops: under the band, but too early in the period for underspend.
	m3 := measureBudgetAt(g, &m2, "2026-04-06T12:00:00Z", 10, 10, 0, 0, 0, 0)
	if m3.Pace != UnderBudget {
		t.Fatalf("pace %s", m3.Pace)
	}
	if got := events(Occurrences(g, &m2, &m3, last, 0)); got != "" {
		t.Fatalf("underspend before a quarter of the period: %q", got)
	}
	m4 := measureBudgetAt(g, &m3, "2026-04-09T12:00:00Z", 10, 10, 0, 0, 0, 0, 0, 0, 0)
	if got := events(Occurrences(g, &m3, &m4, last, 0)); got != "underspend/2026-04-01/underspend" {
		t.Fatalf("got %q", got)
	}
	// The period ends at 800 of 1,000, at the under level: achieved.
	daily := make([]int64, 30)
	daily[0] = 800
	m5 := measureBudgetAt(g, &m4, "2026-05-02T00:00:00Z", daily...)
	os = Occurrences(g, &m4, &m5, last, 0)
	if got := events(os); got != "milestone/2026-04-01/achieved" {
		t.Fatalf("got %q", got)
	}
	if b := os[0].Budget; b == nil || b.Projected != nil || b.Spending != WithinBudget || b.Spent != Units(800) || os[0].FinalOutcome != Achieved {
		t.Fatalf("milestone figures %+v, final %s", b, os[0].FinalOutcome)
	}
	if a := os[0].Alert("U1", "", m5.At); a.Budget != os[0].Budget {
		t.Fatalf("the alert lost the budget figures: %+v", a)
	}
}
