package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// testDailyTotals checks DailyTotals against the rows written: each range's days,
// summed over its campaigns, across month ends and a leap day, with days without
// metrics and campaigns without any; DailySpend against DailyTotals' spend; and that
// a range too long or without dates is refused.
func testDailyTotals(t *testing.T, r *Redis) {
	rnd := rand.New(rand.NewPCG(7, 8))
	start := goalbot.Date{Year: 2027, Month: 12, Day: 20}
	days := map[string]map[goalbot.Date]goalbot.Totals{"c1": {}, "c2": {}, "c3": {}}
	var rows []goalbot.Metric
	for i := 0; i < 120; i++ {
		for _, c := range []string{"c1", "c2", "c3"} {
			if rnd.IntN(4) == 0 {
				continue // a day without metrics
			}
			m := row(c, start.AddDays(i), goalbot.Micro(rnd.Int64N(1e10)), rnd.Int64N(100))
			rows = append(rows, m)
			days[c][m.Date] = m.Totals
		}
	}
	ok(t, r.UpsertMetrics(ctx, rows, t0))
	qs := []goalbot.DaysRange{
		{Campaigns: []string{"c1", "c2", "c9"}, From: start.AddDays(-5), To: start.AddDays(130)}, // Feb 29 2028 within
		{Campaigns: []string{"c3"}, From: start.AddDays(40), To: start.AddDays(40)},
		{Campaigns: []string{"c1"}, From: start.AddDays(10), To: start.AddDays(9)}, // empty
		{Campaigns: nil, From: start, To: start.AddDays(3)},
	}
	for range 20 {
		from := start.AddDays(rnd.IntN(130) - 5)
		qs = append(qs, goalbot.DaysRange{Campaigns: []string{"c1", "c2", "c3"}[:1+rnd.IntN(3)], From: from, To: from.AddDays(rnd.IntN(70))})
	}
	got, err := r.DailyTotals(ctx, qs)
	ok(t, err)
	for i, q := range qs {
		if n := max(0, q.From.DaysUntil(q.To)+1); len(got[i]) != n {
			t.Fatalf("range %d: %d days, want %d", i, len(got[i]), n)
		}
		for j := range got[i] {
			var want goalbot.Totals
			for _, c := range q.Campaigns {
				want.Add(days[c][q.From.AddDays(j)])
			}
			if got[i][j] != want {
				t.Fatalf("range %d, %s: got %+v, want %+v", i, q.From.AddDays(j), got[i][j], want)
			}
		}
	}
	// DailySpend reads the same days, keeping their spend alone.
	spend, err := r.DailySpend(ctx, qs)
	ok(t, err)
	for i := range qs {
		if len(spend[i]) != len(got[i]) {
			t.Fatalf("range %d: %d days of spend, %d of totals", i, len(spend[i]), len(got[i]))
		}
		for j := range got[i] {
			if spend[i][j] != got[i][j].Spend {
				t.Fatalf("range %d, day %d: spend %s, totals' %s", i, j, spend[i][j], got[i][j].Spend)
			}
		}
	}
	_, err = r.DailySpend(ctx, []goalbot.DaysRange{{Campaigns: []string{"c1"}, From: start}})
	mustCode(t, err, goalbot.EINVALID)
	_, err = r.DailyTotals(ctx, []goalbot.DaysRange{{Campaigns: []string{"c1"}, From: start}})
	mustCode(t, err, goalbot.EINVALID)
	_, err = r.DailyTotals(ctx, []goalbot.DaysRange{{Campaigns: []string{"c1"}, From: start, To: start.AddDays(goalbot.MaxRangeDays)}})
	mustCode(t, err, goalbot.EINVALID)
}

// TestEachMonth: a range's months in order, with the first and last of their days in
// it, across a leap February and a year's end; none when it ends before it starts.
func TestEachMonth(t *testing.T) {
	d := func(y int, m time.Month, day int) goalbot.Date { return goalbot.Date{Year: y, Month: m, Day: day} }
	for _, c := range []struct {
		from, to goalbot.Date
		want     string
	}{
		{d(2028, 1, 30), d(2028, 3, 2), "2028-01 30–31 2028-02 1–29 2028-03 1–2"},
		{d(2026, 12, 31), d(2027, 1, 1), "2026-12 31–31 2027-01 1–1"},
		{d(2026, 4, 5), d(2026, 4, 5), "2026-04 5–5"},
		{d(2026, 4, 5), d(2026, 4, 4), ""},
		{d(2026, 5, 1), d(2026, 4, 30), ""},
	} {
		var got []string
		eachMonth(c.from, c.to, func(year int, month time.Month, first, last int) {
			got = append(got, fmt.Sprintf("%04d-%02d %d–%d", year, month, first, last))
		})
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%s…%s: %q, want %q", c.from, c.to, s, c.want)
		}
	}
}
