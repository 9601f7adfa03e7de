package goalbot

import (
	"testing"
	"time"
)

func microp(v int64) *Micro { m := Units(v); return &m }

// monthlyGoal is a monthly goal over 2026 on campaigns a and b with a target of
// `target` for each campaign and month.
func monthlyGoal(typ Type, stage Stage, target int64) *Goal {
	return &Goal{
		ID: "G1", Name: "g", Type: typ, Stage: stage, Campaigns: []string{"a", "b"}, Duration: Monthly,
		Start: d("2026-01-01"), End: d("2026-12-31"), Settings: DefaultSettings,
		Targets: Targets{Target: microp(target)},
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sumsIn returns sums with campaign totals a and b in period i (of 12) only.
func sumsIn(i int, a, b Totals) [][]Totals {
	out := make([][]Totals, 12)
	for k := range out {
		out[k] = make([]Totals, 2)
	}
	out[i] = []Totals{a, b}
	return out
}

// inUSD returns the currencies of g's campaigns when all spend in dollars.
func inUSD(g *Goal) []string {
	out := make([]string, len(g.Campaigns))
	for i := range out {
		out[i] = "USD"
	}
	return out
}

func conv(n int64) Totals { return Totals{Conversions: Units(n)} }

func contacts(stage Stage, n int64, spend int64) Totals {
	var t Totals
	t.Contacts[StageIndex(stage)] = n
	t.Spend = Units(spend)
	return t
}

func TestCountRollUp(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	m := Measure(g, sumsIn(2, conv(60), conv(40)), inUSD(g), nil, at("2026-03-15T12:00:00Z"), 24*time.Hour)
	cur := m.CurrentPeriod()
	if cur == nil || cur.Start != d("2026-03-01") {
		t.Fatalf("current period = %v", cur)
	}
	if cur.Target != Units(200) || cur.Actual != Units(100) || *cur.Progress != 50 {
		t.Fatalf("march figures = %+v", cur.Figures)
	}
	if cur.Campaigns[0].Actual != Units(60) || *cur.Campaigns[0].Progress != 60 {
		t.Fatalf("campaign a = %+v", cur.Campaigns[0])
	}
	if *m.Headline != 50 {
		t.Fatalf("headline = %v, want the current period's 50", *m.Headline)
	}
	if m.Total.Target != Units(2400) || m.Total.Actual != Units(100) {
		t.Fatalf("range total = %+v", m.Total)
	}
}

func TestOutcomesExact(t *testing.T) {
	cases := []struct {
		name          string
		actual        Micro
		want          Outcome
		floor         int
		reach75, r100 bool
	}{
		{"exactly the target", Units(200), Achieved, 100, true, true},
		{"a millionth short", Units(200) - 1, Missed, 99, true, false},
		{"a millionth over", Units(200) + 1, Exceeded, 100, true, true},
		{"99.96 %", Units(19992) / 100, Missed, 99, true, false},
		{"74.9 %", Units(1498) / 10, Missed, 74, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tl := tally{typ: NetworkConversions}
			tl.add(cell{target: Units(200), actual: c.actual})
			f := tl.figures()
			if f.Outcome() != c.want || FloorPercent(*f.Progress) != c.floor {
				t.Fatalf("outcome %s floor %d (progress %v), want %s %d", f.Outcome(), FloorPercent(*f.Progress), *f.Progress, c.want, c.floor)
			}
			if f.Reached(75) != c.reach75 || f.Reached(100) != c.r100 {
				t.Fatalf("reached 75/100 = %v/%v", f.Reached(75), f.Reached(100))
			}
		})
	}
}

func TestCostPerContact(t *testing.T) {
	cases := []struct {
		name     string
		a, b     Totals
		progress *float64
		outcome  Outcome
		target   Micro
	}{
		{"at the cap", contacts(Lead, 10, 1000), Totals{}, ptr(100.0), Achieved, Units(100)},
		{"under the cap", contacts(Lead, 10, 800), Totals{}, ptr(125.0), Exceeded, Units(100)},
		{"over the cap", contacts(Lead, 10, 2000), Totals{}, ptr(50.0), Missed, Units(100)},
		{"no contacts is unknown", contacts(Lead, 0, 500), Totals{}, nil, Missed, Units(100)},
		{"contacts and no spend", contacts(Lead, 5, 0), Totals{}, ptr(MaxProgress), Exceeded, Units(100)},
		{"other stages do not count", contacts(Customer, 10, 1000), Totals{}, nil, Missed, Units(100)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := monthlyGoal(CostPerContact, Lead, 100)
			m := Measure(g, sumsIn(0, c.a, c.b), inUSD(g), nil, at("2026-01-20T00:00:00Z"), 0)
			cur := m.CurrentPeriod()
			if (cur.Progress == nil) != (c.progress == nil) || (c.progress != nil && *cur.Progress != *c.progress) {
				t.Fatalf("progress = %v, want %v", deref(cur.Progress), deref(c.progress))
			}
			if cur.Outcome() != c.outcome || cur.Target != c.target {
				t.Fatalf("outcome %s target %s, want %s %s", cur.Outcome(), cur.Target, c.outcome, c.target)
			}
			if m.Pace != NoPace {
				t.Fatalf("cost goals have no pace, got %s", m.Pace)
			}
		})
	}
}

// TestCostWeightedTarget: the goal's cap is the campaigns' caps weighted by contacts.
func TestCostWeightedTarget(t *testing.T) {
	g := monthlyGoal(CostPerContact, Lead, 0)
	g.Targets = Targets{PerCampaign: map[string]CampaignTarget{"a": {All: Units(10)}, "b": {All: Units(40)}}}
	m := Measure(g, sumsIn(0, contacts(Lead, 1, 10), contacts(Lead, 3, 120)), inUSD(g), nil, at("2026-01-20T00:00:00Z"), 0)
	cur := m.CurrentPeriod()
	if cur.Target != Units(325)/10 || cur.Actual != Units(130)/4 || cur.Outcome() != Achieved {
		t.Fatalf("weighted = %+v", cur.Figures)
	}
	none := Measure(g, nil, inUSD(g), nil, at("2026-01-20T00:00:00Z"), 0)
	if none.CurrentPeriod().Target != Units(25) {
		t.Fatalf("plain mean without contacts = %s, want 25", none.CurrentPeriod().Target)
	}
}

func TestContactsInStageCountsItsOwnStage(t *testing.T) {
	g := monthlyGoal(ContactsInStage, Lead, 5)
	tot := contacts(Lead, 3, 0)
	tot.Contacts[StageIndex(Customer)] = 100
	m := Measure(g, sumsIn(0, tot, Totals{}), inUSD(g), nil, at("2026-01-10T00:00:00Z"), 0)
	if m.CurrentPeriod().Actual != Units(3) {
		t.Fatalf("actual = %s, want only the 3 leads", m.CurrentPeriod().Actual)
	}
}

func TestSettling(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	g.End = d("2026-02-28")
	jan := sumsIn(0, conv(100), conv(100))[:2]
	// An hour after January ends: ended, provisional.
	m1 := Measure(g, jan, inUSD(g), nil, at("2026-02-01T01:00:00Z"), 24*time.Hour)
	if !m1.Periods[0].Ended || m1.Periods[0].Settled || m1.Periods[0].PeriodOutcome() != Achieved {
		t.Fatalf("january after 1h = %+v", m1.Periods[0])
	}
	// A day later: settled. Late data after that changes nothing.
	m2 := Measure(g, jan, inUSD(g), &m1, at("2026-02-02T00:00:00Z"), 24*time.Hour)
	if !m2.Periods[0].Settled {
		t.Fatal("january not settled 24h after its end")
	}
	late := sumsIn(0, conv(10), conv(10))[:2]
	m3 := Measure(g, late, inUSD(g), &m2, at("2026-02-03T00:00:00Z"), 24*time.Hour)
	if m3.Periods[0].Actual != Units(200) {
		t.Fatalf("settled january changed to %s", m3.Periods[0].Actual)
	}
	if g.Status(&m3, at("2026-02-03T00:00:00Z")) != InProgress {
		t.Fatal("goal should still be in progress")
	}
	// After the range, provisional until settled; then the outcome is the status.
	m4 := Measure(g, jan, inUSD(g), &m3, at("2026-03-01T05:00:00Z"), 24*time.Hour)
	if m4.Settled || g.Status(&m4, m4.At) != InProgress || *m4.Headline != 50 {
		t.Fatalf("after end, before settle: settled=%v status=%s headline=%v", m4.Settled, g.Status(&m4, m4.At), deref(m4.Headline))
	}
	m5 := Measure(g, jan, inUSD(g), &m4, at("2026-03-02T00:00:00Z"), 24*time.Hour)
	if !m5.Settled || g.Status(&m5, m5.At) != StatusMissed {
		t.Fatalf("settled=%v status=%s", m5.Settled, g.Status(&m5, m5.At))
	}
	// With GOALBOT_SETTLE=0s the first evaluation after the end settles.
	m6 := Measure(g, jan, inUSD(g), nil, at("2026-03-01T00:00:00Z"), 0)
	if !m6.Settled {
		t.Fatal("settle 0 did not settle at the end")
	}
}

func TestPendingHeadline(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	now := at("2025-12-31T23:59:59Z")
	m := Measure(g, nil, inUSD(g), nil, now, 0)
	if m.Headline != nil || g.Status(&m, now) != Pending || m.Current != -1 {
		t.Fatalf("pending goal: headline %v status %s current %d", deref(m.Headline), g.Status(&m, now), m.Current)
	}
}

func TestPace(t *testing.T) {
	p := Period{d("2026-04-01"), d("2026-04-30")}
	cases := []struct {
		actual int64
		want   Pace
	}{{100, OnTrack}, {99, OnTrack}, {98, Behind}, {80, Behind}, {79, AtRisk}, {0, AtRisk}}
	for _, c := range cases {
		// Target 300 over 30 days, 10 days elapsed (today included): pro-rated 100.
		got, _ := PaceOf(NetworkConversions, Figures{Target: Units(300), Actual: Units(c.actual)}, p, d("2026-04-10"))
		if got != c.want {
			t.Errorf("actual %d: pace %s, want %s", c.actual, got, c.want)
		}
	}
	if got, _ := PaceOf(CostPerContact, Figures{Target: Units(300)}, p, d("2026-04-10")); got != NoPace {
		t.Errorf("cost pace = %s", got)
	}
	if got, _ := PaceOf(NetworkConversions, Figures{Target: Units(300)}, p, d("2026-05-01")); got != NoPace {
		t.Errorf("pace outside the period = %s", got)
	}
}

func TestPerPeriodTargets(t *testing.T) {
	g := monthlyGoal(FirstFormSubmissions, "", 10)
	vals := make([]Micro, 12)
	for i := range vals {
		vals[i] = Units(int64(i + 1))
	}
	g.Targets.PerCampaign = map[string]CampaignTarget{"b": {PerPeriod: vals}}
	m := Measure(g, nil, inUSD(g), nil, at("2026-05-10T00:00:00Z"), 0)
	if m.CurrentPeriod().Target != Units(10+5) {
		t.Fatalf("may target = %s, want 15", m.CurrentPeriod().Target)
	}
}

func ptr[T any](v T) *T { return &v }

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
