package store

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// row returns a metric row of campaign c on date d with spend s and n leads.
func row(c string, d goalbot.Date, spend goalbot.Micro, leads int64) goalbot.Metric {
	m := goalbot.Metric{Date: d, Network: "google", AccountID: "act-1", AccountName: "Acme", CampaignID: c, CampaignName: "Campaign " + c, Currency: "USD"}
	m.Spend, m.Conversions, m.FirstFormSubmissions = spend, spend/3, leads/2
	m.Contacts[goalbot.StageIndex(goalbot.Lead)] = leads
	m.Contacts[goalbot.StageIndex(goalbot.Customer)] = leads / 4
	return m
}

// monthTotalsMatchDays fails t unless every stored month total of campaign c is the
// sum of its stored days.
func monthTotalsMatchDays(t *testing.T, r *Redis, c string, year, month int) goalbot.Totals {
	t.Helper()
	h := r.client.HGetAll(ctx, r.keys.metricMonth(c, year, month)).Val()
	var sum goalbot.Totals
	for f, v := range h {
		if f == monthTotalField {
			continue
		}
		d, err := decodeTotals(v)
		ok(t, err)
		sum.Add(d)
	}
	total, err := decodeTotals(h[monthTotalField])
	ok(t, err)
	if total != sum {
		t.Fatalf("month %d-%02d of %s: total %+v, days sum to %+v", year, month, c, total, sum)
	}
	return total
}

func testMetricReplacement(t *testing.T, r *Redis) {
	d1, d2 := goalbot.Date{Year: 2026, Month: 3, Day: 1}, goalbot.Date{Year: 2026, Month: 3, Day: 31}
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", d1, 10*goalbot.MicroUnit, 4), row("c1", d2, 5*goalbot.MicroUnit, 2)}, t0))
	total := monthTotalsMatchDays(t, r, "c1", 2026, 3)
	if total.Spend != 15*goalbot.MicroUnit || total.ContactsIn(goalbot.Lead) != 6 {
		t.Fatalf("total %+v", total)
	}
	// A replayed row changes nothing; a restated one applies its difference; within
	// one batch the last row for a key wins.
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", d1, 10*goalbot.MicroUnit, 4)}, t0))
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", d2, 1*goalbot.MicroUnit, 9), row("c1", d2, 7*goalbot.MicroUnit, 1)}, t0.Add(time.Hour)))
	total = monthTotalsMatchDays(t, r, "c1", 2026, 3)
	if total.Spend != 17*goalbot.MicroUnit || total.ContactsIn(goalbot.Lead) != 5 {
		t.Fatalf("after restating: total %+v, want spend 17 and 5 leads", total)
	}
	last, err := r.LastMetricAt(ctx, []string{"c1", "c9"})
	ok(t, err)
	if !last["c1"].Equal(t0.Add(time.Hour)) || len(last) != 1 {
		t.Errorf("last metric times %v", last)
	}
	// The rows put their account and campaign in the catalog.
	camps, err := r.Campaigns(ctx, []string{"c1"})
	ok(t, err)
	if c := camps["c1"]; c.AccountID != "act-1" || c.Currency != "USD" || c.Name != "Campaign c1" {
		t.Errorf("catalog campaign %+v", c)
	}

	// Randomized: many restatements, month totals always equal the sum of the days.
	rnd := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 30; i++ {
		var rows []goalbot.Metric
		for j := 0; j < 1+rnd.IntN(20); j++ {
			d := goalbot.Date{Year: 2026, Month: time.Month(3 + rnd.IntN(2)), Day: 1 + rnd.IntN(30)}
			rows = append(rows, row("c"+strconv.Itoa(1+rnd.IntN(2)), d, goalbot.Micro(rnd.Int64N(1e9)), rnd.Int64N(50)))
		}
		ok(t, r.UpsertMetrics(ctx, rows, t0))
	}
	for _, c := range []string{"c1", "c2"} {
		for _, m := range []int{3, 4} {
			monthTotalsMatchDays(t, r, c, 2026, m)
		}
	}
}

func testMetricCampaignMove(t *testing.T, r *Redis) {
	d := goalbot.Date{Year: 2026, Month: 3, Day: 1}
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", d, goalbot.MicroUnit, 1)}, t0))
	moved := row("c1", d.AddDays(1), goalbot.MicroUnit, 1)
	moved.AccountID = "act-2"
	err := r.UpsertMetrics(ctx, []goalbot.Metric{row("c2", d, goalbot.MicroUnit, 1), moved}, t0)
	mustCode(t, err, goalbot.EINVALID)
	if msg := english.Error(err); !strings.Contains(msg, "c1") || !strings.Contains(msg, "act-2") {
		t.Errorf("message %q should name the campaign and the account", msg)
	}
	// Nothing of the refused batch was applied.
	if n := r.client.Exists(ctx, r.keys.metricMonth("c2", 2026, 3)).Val(); n != 0 {
		t.Error("the refused batch wrote metrics of c2")
	}
	if total := monthTotalsMatchDays(t, r, "c1", 2026, 3); total.Spend != goalbot.MicroUnit {
		t.Errorf("the refused batch changed c1: %+v", total)
	}
	// Two rows of one batch that disagree are refused as well.
	other := row("c3", d, goalbot.MicroUnit, 1)
	other.AccountID = "act-9"
	mustCode(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c3", d, 1, 1), other}, t0), goalbot.EINVALID)
	mustCode(t, r.UpsertMetrics(ctx, []goalbot.Metric{{Date: d}}, t0), goalbot.EINVALID)
}

func testSumRanges(t *testing.T, r *Redis) {
	rnd := rand.New(rand.NewPCG(5, 6))
	start := goalbot.Date{Year: 2025, Month: 11, Day: 1}
	days := map[string]map[goalbot.Date]goalbot.Totals{"c1": {}, "c2": {}}
	var rows []goalbot.Metric
	for i := 0; i < 200; i++ {
		for _, c := range []string{"c1", "c2"} {
			if rnd.IntN(5) == 0 {
				continue // a day without metrics
			}
			m := row(c, start.AddDays(i), goalbot.Micro(rnd.Int64N(1e10)), rnd.Int64N(100))
			rows = append(rows, m)
			days[c][m.Date] = m.Totals
		}
	}
	ok(t, r.UpsertMetrics(ctx, rows, t0))
	var qs []RangeQuery
	for i := 0; i < 80; i++ {
		from := start.AddDays(rnd.IntN(220) - 10)
		qs = append(qs, RangeQuery{Campaign: []string{"c1", "c2", "c9"}[rnd.IntN(3)], From: from, To: from.AddDays(rnd.IntN(120) - 3)})
	}
	qs = append(qs, RangeQuery{Campaign: "c1", From: start, To: start.AddMonths(3).AddDays(-1)}) // whole months only
	got, err := r.SumRanges(ctx, qs)
	ok(t, err)
	for i, q := range qs {
		var want goalbot.Totals
		for d := q.From; !d.After(q.To); d = d.AddDays(1) {
			want.Add(days[q.Campaign][d])
		}
		if got[i] != want {
			t.Fatalf("%s %s…%s: got %+v, want %+v", q.Campaign, q.From, q.To, got[i], want)
		}
	}
	_, err = r.SumRanges(ctx, []RangeQuery{{Campaign: "c1"}})
	mustCode(t, err, goalbot.EINVALID)
}

// testMetricCurrency checks that a row whose currency is not its account's is
// refused, naming the row, the account and both currencies, and that nothing of its
// batch is applied: against the catalog, within one batch, and through the catalog.
func testMetricCurrency(t *testing.T, r *Redis) {
	d := goalbot.Date{Year: 2026, Month: 3, Day: 1}
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", d, goalbot.MicroUnit, 1)}, t0)) // act-1 in USD
	euros := row("c1", d.AddDays(1), 5*goalbot.MicroUnit, 1)
	euros.Currency = "EUR"
	check := func(err error, row int, says ...string) {
		t.Helper()
		mustCode(t, err, goalbot.EINVALID)
		fs := goalbot.ErrorFields(err)
		if len(fs) != 1 || fs[0].Row != row || fs[0].Field != "currency" {
			t.Fatalf("fields %+v, want row %d currency", fs, row)
		}
		if msg := english.Error(err); !strings.HasPrefix(msg, "row "+strconv.Itoa(row)+": ") {
			t.Errorf("message %q does not name row %d", msg, row)
		}
		for _, s := range says {
			if !strings.Contains(english.Problem(fs[0]), s) {
				t.Errorf("message %q does not say %q", english.Problem(fs[0]), s)
			}
		}
	}
	other := row("c2", d, goalbot.MicroUnit, 1)
	other.AccountID = "act-3"
	err := r.UpsertMetrics(ctx, []goalbot.Metric{other, euros}, t0)
	check(err, 2, "act-1", "USD", "EUR", "in the catalog")
	if n := r.client.Exists(ctx, r.keys.metricMonth("c2", 2026, 3)).Val(); n != 0 {
		t.Error("the refused batch wrote metrics of c2")
	}
	if total := monthTotalsMatchDays(t, r, "c1", 2026, 3); total.Spend != goalbot.MicroUnit {
		t.Errorf("the refused batch changed c1: %+v", total)
	}
	accs, err := r.Accounts(ctx, []string{"act-1"})
	ok(t, err)
	if accs["act-1"].Currency != "USD" {
		t.Fatalf("the refused row switched the account to %s", accs["act-1"].Currency)
	}
	// Within one batch, on an account the catalog does not know yet.
	a, b, c := row("c7", d, 1, 1), row("c8", d, 1, 1), row("c8", d.AddDays(1), 1, 1)
	a.AccountID, b.AccountID, c.AccountID = "act-7", "act-7", "act-7"
	a.Currency, b.Currency, c.Currency = "SEK", "SEK", "NOK"
	check(r.UpsertMetrics(ctx, []goalbot.Metric{a, b, c}, t0), 3, "act-7", "SEK", "NOK", "on row 1")
	if accs, _ := r.Accounts(ctx, []string{"act-7"}); len(accs) != 0 {
		t.Errorf("the refused batch added %+v", accs)
	}
	// The catalog refuses the change too; an account without a currency yet takes one.
	err = r.UpsertCatalog(ctx, []goalbot.Account{{ID: "act-1", Currency: "EUR"}}, nil)
	mustCode(t, err, goalbot.EINVALID)
	if msg := english.Error(err); !strings.Contains(msg, "act-1 is in USD and cannot change to EUR") {
		t.Errorf("catalog message %q", msg)
	}
	ok(t, r.UpsertCatalog(ctx, []goalbot.Account{{ID: "act-1", Name: "Renamed", Currency: "USD"}, {ID: "act-8", Name: "New"}}, nil))
	ok(t, r.UpsertMetrics(ctx, []goalbot.Metric{row("c9", d, 1, 1), func() goalbot.Metric {
		m := row("c10", d, 1, 1)
		m.AccountID, m.Currency = "act-8", "GBP"
		return m
	}()}, t0))
	if accs, _ := r.Accounts(ctx, []string{"act-1", "act-8"}); accs["act-1"].Currency != "USD" || accs["act-8"].Currency != "GBP" {
		t.Errorf("accounts %+v", accs)
	}
}

// TestMetricMonthKey: a month's key names the month in six digits, as yyyymm does.
func TestMetricMonthKey(t *testing.T) {
	r := NewRedis(nil, "p")
	for _, y := range []int{0, 7, 99, 999, 1000, 2026, 9999} {
		for m := 1; m <= 12; m++ {
			if got, want := r.keys.metricMonth("cmp-9", y, m), r.keys.base+"metric:cmp-9:"+yyyymm(y, m); got != want {
				t.Fatalf("key %q, want %q", got, want)
			}
		}
	}
}
