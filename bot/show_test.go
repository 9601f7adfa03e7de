package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/store"
)

// showMeasured creates a goal from text on a catalog that adds a euro account
// (act-eu, cmp-eu), keeps the measurement of its March spend (dollars on cmp-1,
// euros on cmp-eu) and shows it.
func showMeasured(t *testing.T, text string, leads int64, legacy bool) string {
	t.Helper()
	a := newTestApp(t)
	ctx := context.Background()
	s := a.Store.(*store.Redis)
	if err := s.UpsertCatalog(ctx, []goalbot.Account{{ID: "act-eu", Name: "Acme EU", Network: "google", Currency: "EUR"}},
		[]goalbot.Campaign{{ID: "cmp-eu", Name: "Brand EU", AccountID: "act-eu"}}); err != nil {
		t.Fatal(err)
	}
	run(t, a, "U1", text)
	g, err := s.Goal(ctx, "G1")
	if err != nil {
		t.Fatal(err)
	}
	sums := make([][]goalbot.Totals, 12)
	sums[2] = make([]goalbot.Totals, len(g.Campaigns))
	for j, c := range g.Campaigns {
		sums[2][j].Spend = 26_070_000
		if c == "cmp-1" {
			sums[2][j].Spend = 120_500_000
		}
		sums[2][j].Conversions = goalbot.Units(7)
		sums[2][j].Contacts[goalbot.StageIndex(goalbot.Lead)] = leads
	}
	cur := map[string]string{"cmp-1": "USD", "cmp-2": "USD", "cmp-eu": "EUR"}
	currencies := make([]string, len(g.Campaigns))
	for j, c := range g.Campaigns {
		currencies[j] = cur[c]
		if legacy {
			currencies[j] = "" // as an earlier goalbot kept it: no currency
		}
	}
	m := goalbot.Measure(g, sums, currencies, nil, a.Now(), 24*time.Hour)
	if err := s.SaveMeasurement(ctx, m); err != nil {
		t.Fatal(err)
	}
	_, js := run(t, a, "U1", "show G1")
	return js
}

// TestShowSpendPerCurrency: /goal show gives the spend per currency, each amount
// with its currency, and a cost per contact only where one currency applies.
func TestShowSpendPerCurrency(t *testing.T) {
	js := showMeasured(t, `create name:"Both" goal_type:network_conversions campaigns:cmp-1,cmp-eu duration:monthly target:100`, 0, false)
	if !strings.Contains(js, `*Spend*\n€26.07 · $120.50`) || strings.Contains(js, "146.57") {
		t.Errorf("two currencies: %s", js)
	}
	js = showMeasured(t, `create name:"Dollars" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:monthly target:100`, 0, false)
	if !strings.Contains(js, `*Spend*\n$146.57"`) {
		t.Errorf("one currency: %s", js)
	}
	stage := `create name:"Leads" goal_type:contacts_in_stage lifecycle_stage:lead campaigns:%s duration:monthly target:100`
	js = showMeasured(t, strings.Replace(stage, "%s", "cmp-1,cmp-eu", 1), 5, false)
	if !strings.Contains(js, `*Cost per contact*\nnot shown: the spend is in 2 currencies`) {
		t.Errorf("cost per contact over two currencies: %s", js)
	}
	js = showMeasured(t, strings.Replace(stage, "%s", "cmp-1,cmp-2", 1), 5, false)
	if !strings.Contains(js, `*Cost per contact*\n$14.65"`) { // $146.57 ÷ 10 leads
		t.Errorf("cost per contact in dollars: %s", js)
	}
	js = showMeasured(t, `create name:"Old" goal_type:network_conversions campaigns:cmp-1,cmp-eu duration:monthly target:100`, 0, true)
	if !strings.Contains(js, `*Spend*\nnot known`) || strings.Contains(js, "146.57") {
		t.Errorf("spend kept without currencies: %s", js)
	}
}

// TestShowCostInAnotherCurrency: a cost per contact goal whose spend is not in its
// currency shows no cost rather than a wrong one.
func TestShowCostInAnotherCurrency(t *testing.T) {
	js := showMeasured(t, `create name:"Cost" goal_type:cost_per_contact lifecycle_stage:lead campaigns:cmp-1 duration:monthly target:50`, 5, true)
	if !strings.Contains(js, "— (spend not all in USD)") || strings.Contains(js, "$24.10") {
		t.Errorf("cost from spend of no known currency: %s", js)
	}
	js = showMeasured(t, `create name:"Cost" goal_type:cost_per_contact lifecycle_stage:lead campaigns:cmp-1 duration:monthly target:50`, 5, false)
	if !strings.Contains(js, `*Cost per contact*\n$24.10 (cap $50.00)`) {
		t.Errorf("cost in dollars: %s", js)
	}
}
