package goalbot

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestMoneyAddsPerCurrency(t *testing.T) {
	var m Money
	m = m.add(CurrencyOf("USD"), Units(100)).add(CurrencyOf("EUR"), Units(20)).add(CurrencyOf("USD"), Units(5)).add(CurrencyOf("SEK"), 0).add(CurrencyOf("AUD"), Units(1))
	want := Money{{CurrencyOf("AUD"), Units(1)}, {CurrencyOf("EUR"), Units(20)}, {CurrencyOf("USD"), Units(105)}}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %v, want %v", m, want)
	}
	if _, ok := m.Single(); ok {
		t.Error("three currencies are not one")
	}
	if v, ok := MoneyIn("EUR", Units(3)).In("EUR"); !ok || v != Units(3) {
		t.Errorf("In(EUR) = %v %v", v, ok)
	}
	if _, ok := MoneyIn("EUR", Units(3)).In("USD"); ok {
		t.Error("euros were taken for dollars")
	}
	if v, ok := Money(nil).In("USD"); !ok || v != 0 {
		t.Errorf("no money is 0 dollars: %v %v", v, ok)
	}
	if MoneyIn("", Units(3)).Known() {
		t.Error("an amount of no currency is known")
	}
	if got := MoneyIn("", Units(3)).merge(MoneyIn("EUR", Units(1))).relabel(CurrencyOf("EUR")); !reflect.DeepEqual(got, MoneyIn("EUR", Units(4))) {
		t.Errorf("relabel = %v", got)
	}
}

func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(Money{{CurrencyOf("EUR"), 1_500_000}, {CurrencyOf("USD"), Units(120)}})
	if err != nil || string(b) != `[{"currency":"EUR","amount":1.5},{"currency":"USD","amount":120}]` {
		t.Fatalf("marshal = %s %v", b, err)
	}
	var m Money
	if err := json.Unmarshal(b, &m); err != nil || len(m) != 2 || m[0].Amount != 1_500_000 {
		t.Fatalf("unmarshal = %v %v", m, err)
	}
	// Spend as an earlier goalbot kept it in JSON: one number, currency unknown.
	var f Figures
	if err := json.Unmarshal([]byte(`{"spend":147290.57}`), &f); err != nil || f.Spend.Known() || f.Spend[0].Amount != 147_290_570_000 {
		t.Fatalf("legacy spend = %v %v", f.Spend, err)
	}
	if err := json.Unmarshal([]byte(`{"spend":0}`), &f); err != nil || f.Spend != nil {
		t.Fatalf("legacy zero spend = %v %v", f.Spend, err)
	}
}

// TestMeasureKeepsCurrenciesApart: a goal over a dollar and a euro campaign has its
// spend per currency, never their sum.
func TestMeasureKeepsCurrenciesApart(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	a, b := conv(10), conv(20)
	a.Spend, b.Spend = 120_500_000, 26_070_000
	m := Measure(g, sumsIn(2, a, b), []string{"USD", "EUR"}, nil, at("2026-03-10T00:00:00Z"), 0)
	want := Money{{CurrencyOf("EUR"), 26_070_000}, {CurrencyOf("USD"), 120_500_000}}
	if got := m.Periods[2].Spend; !reflect.DeepEqual(got, want) {
		t.Errorf("March spend %v, want %v", got, want)
	}
	if got := m.Total.Spend; !reflect.DeepEqual(got, want) {
		t.Errorf("total spend %v, want %v", got, want)
	}
	if got := m.Periods[2].Campaigns[1].Spend; !reflect.DeepEqual(got, MoneyIn("EUR", 26_070_000)) {
		t.Errorf("campaign b's spend %v", got)
	}
	if m.Periods[1].Spend != nil {
		t.Errorf("February spent %v", m.Periods[1].Spend)
	}
	// Without the campaigns' currencies the spend is not known.
	if u := Measure(g, sumsIn(2, a, b), nil, nil, at("2026-03-10T00:00:00Z"), 0); u.Total.Spend.Known() {
		t.Errorf("spend of unknown currency shown as %v", u.Total.Spend)
	}
}

// TestCostNeedsItsCurrency: a cost per contact is worked out only from spend in the
// goal's one currency.
func TestCostNeedsItsCurrency(t *testing.T) {
	g := monthlyGoal(CostPerContact, Lead, 10)
	g.Currency = "USD"
	sums := sumsIn(0, contacts(Lead, 4, 20), contacts(Lead, 1, 10))
	now := at("2026-01-20T00:00:00Z")
	m := Measure(g, sums, []string{"USD", "USD"}, nil, now, 0)
	if p := m.Periods[0]; p.Progress == nil || p.Actual != Units(6) {
		t.Fatalf("dollar cost: %+v", p.Figures)
	}
	for _, curs := range [][]string{{"EUR", "EUR"}, {"USD", "EUR"}, nil} {
		m := Measure(g, sums, curs, nil, now, 0)
		if p := m.Periods[0]; p.Progress != nil || p.Actual != 0 || p.Outcome() != Missed {
			t.Errorf("spend in %v: cost %v, progress %v; want unknown", curs, p.Actual, p.Progress)
		}
	}
}

// TestLegacySpend: a measurement kept before currencies were has spend of no known
// currency; the next measurement counts it in the campaigns' currency when they
// share one, and leaves it unknown otherwise.
func TestLegacySpend(t *testing.T) {
	g := monthlyGoal(NetworkConversions, "", 100)
	a := conv(10)
	a.Spend = Units(7)
	sums := make([][]Totals, 12)
	for i := range sums {
		sums[i] = []Totals{a, a}
	}
	prev := Measure(g, sums, []string{"USD", "USD"}, nil, at("2026-03-10T00:00:00Z"), time.Hour)
	for i := range prev.Periods { // as decoded from a measurement of an earlier goalbot
		prev.Periods[i].Spend = prev.Periods[i].Spend.relabelTo("")
	}
	prev.Total.Spend = prev.Total.Spend.relabelTo("")
	prev.SettledSum.Spend = prev.SettledSum.Spend.relabelTo("")
	if _, ok := Retime(g, &prev, at("2026-03-10T01:00:00Z"), time.Hour); ok {
		t.Error("a measurement without currencies was carried over")
	}
	now := at("2026-03-10T02:00:00Z")
	m := Measure(g, sums, []string{"USD", "USD"}, &prev, now, time.Hour)
	if !reflect.DeepEqual(m.Periods[0].Spend, MoneyIn("USD", Units(14))) || !reflect.DeepEqual(m.Total.Spend, MoneyIn("USD", Units(14*12))) {
		t.Errorf("one currency: January %v, total %v", m.Periods[0].Spend, m.Total.Spend)
	}
	mixed := Measure(g, sums, []string{"USD", "EUR"}, &prev, now, time.Hour)
	if mixed.Periods[0].Spend.Known() || !mixed.Periods[2].Spend.Known() || mixed.Total.Spend.Known() {
		t.Errorf("two currencies: January %v, March %v, total %v", mixed.Periods[0].Spend, mixed.Periods[2].Spend, mixed.Total.Spend)
	}
}

// relabelTo returns m with every amount counted in cur (for tests).
func (m Money) relabelTo(cur string) Money {
	var out Money
	for _, a := range m {
		out = out.add(CurrencyOf(cur), a.Amount)
	}
	return out
}
