package goalbot

import (
	"reflect"
	"testing"
	"time"
)

// strip returns m as the store keeps it: no per-campaign figures.
func strip(m Measurement) *Measurement {
	m.Periods = append([]PeriodFigures(nil), m.Periods...)
	for i := range m.Periods {
		m.Periods[i].Campaigns = nil
	}
	return &m
}

// TestSettledSumKeepsTheTotal: a measurement made from a previous one whose settled
// periods kept no per-campaign figures has the same total as one made from a full
// previous measurement, or from a measurement kept before SettledSum existed.
func TestSettledSumKeepsTheTotal(t *testing.T) {
	for _, c := range []struct {
		typ   Type
		stage Stage
		sums  func(i int) []Totals
	}{
		{NetworkConversions, "", func(i int) []Totals { return []Totals{conv(int64(40 + i)), conv(int64(70 - i))} }},
		{CostPerContact, Lead, func(i int) []Totals {
			return []Totals{contacts(Lead, int64(3+i), int64(100+7*i)), contacts(Lead, int64(i%2), int64(50))}
		}},
	} {
		g := monthlyGoal(c.typ, c.stage, 100)
		g.Targets.PerCampaign = map[string]CampaignTarget{"b": {PerPeriod: []Micro{Units(1), Units(2), Units(3), Units(4), Units(5),
			Units(6), Units(7), Units(8), Units(9), Units(10), Units(11), Units(12)}}}
		sums := make([][]Totals, 12)
		for i := range sums {
			sums[i] = c.sums(i)
		}
		first := Measure(g, sums, inUSD(g), nil, at("2026-05-10T00:00:00Z"), 24*time.Hour) // January to March settled
		if k := SettledPrefix(&first, g.Periods()); k != 4 || first.SettledSum.N != 8 {
			t.Fatalf("%s: settled prefix %d, settled cells %d", c.typ, k, first.SettledSum.N)
		}
		now := at("2026-08-20T00:00:00Z") // and April to July
		full := Measure(g, sums, inUSD(g), &first, now, 24*time.Hour)
		stripped := Measure(g, sums, inUSD(g), strip(first), now, 24*time.Hour)
		// Kept before SettledSum: each settled period with its campaigns' figures.
		legacy := *strip(first)
		legacy.SettledSum = CellSum{}
		for i := 0; i < 4; i++ {
			during := Measure(g, sums, inUSD(g), nil, legacy.Periods[i].StartTime(time.UTC).Add(time.Hour), 24*time.Hour)
			legacy.Periods[i].Campaigns = during.Periods[i].Campaigns
		}
		if k := SettledPrefix(&legacy, g.Periods()); k != 4 {
			t.Fatalf("%s: a measurement kept with per-campaign figures: prefix %d", c.typ, k)
		}
		old := Measure(g, sums, inUSD(g), &legacy, now, 24*time.Hour)
		again := Measure(g, sums, inUSD(g), nil, now, 24*time.Hour)
		for name, m := range map[string]Measurement{"stripped": stripped, "legacy": old, "from nothing": again} {
			if m.Total.Target != full.Total.Target || m.Total.Actual != full.Total.Actual || m.Total.Cmp != full.Total.Cmp ||
				*m.Total.Progress != *full.Total.Progress || !reflect.DeepEqual(m.SettledSum, full.SettledSum) {
				t.Errorf("%s, %s: total %+v (settled %+v), want %+v (settled %+v)", c.typ, name, m.Total, m.SettledSum, full.Total, full.SettledSum)
			}
		}
	}
}

func TestSettledPrefix(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	ps := g.Periods()
	m := Measure(g, nil, inUSD(g), nil, at("2026-04-10T00:00:00Z"), 24*time.Hour)
	if k := SettledPrefix(&m, ps); k != 3 {
		t.Fatalf("prefix %d, want 3", k)
	}
	if k := SettledPrefix(nil, ps); k != 0 {
		t.Fatalf("no previous measurement: prefix %d", k)
	}
	// Split differently (another week start, another range): nothing is kept.
	other := *g
	other.Start = d("2026-02-01")
	if k := SettledPrefix(&m, other.Periods()); k != 0 {
		t.Fatalf("another split: prefix %d", k)
	}
	// Settled periods with neither a sum nor their cells cannot be kept.
	bare := strip(m)
	bare.SettledSum = CellSum{}
	if k := SettledPrefix(bare, ps); k != 0 {
		t.Fatalf("no sum and no cells: prefix %d", k)
	}
}
