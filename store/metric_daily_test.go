package store

import (
	"testing"

	"github.com/goalbot/goalbot"
)

// TestDailySpend: each day's spend of a range across months, 0 for days without
// metrics, agreeing with the sums of the same days; a range too long is refused.
func TestDailySpend(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		first := goalbot.Date{Year: 2024, Month: 1, Day: 20}
		var rows []goalbot.Metric
		for i := 0; i < 60; i++ {
			if i == 15 {
				continue // no row on February 4th
			}
			rows = append(rows, row("c1", first.AddDays(i), goalbot.Micro(i+1)*goalbot.MicroUnit+7, int64(i)))
		}
		ok(t, r.UpsertMetrics(ctx, rows, t0))
		qs := []goalbot.CampaignRange{
			{Campaign: "c1", From: first.AddDays(-3), To: first.AddDays(62)}, // January into March, past the rows
			{Campaign: "c1", From: first.AddDays(10), To: first.AddDays(10)},
			{Campaign: "c2", From: first, To: first.AddDays(4)},
			{Campaign: "c1", From: first.AddDays(5), To: first.AddDays(4)}, // empty
		}
		got, err := r.DailySpend(ctx, qs)
		ok(t, err)
		if len(got[0]) != 66 || len(got[1]) != 1 || len(got[2]) != 5 || len(got[3]) != 0 {
			t.Fatalf("lengths %d %d %d %d", len(got[0]), len(got[1]), len(got[2]), len(got[3]))
		}
		for k, v := range got[0] {
			i := k - 3
			var want goalbot.Micro
			if i >= 0 && i < 60 && i != 15 {
				want = goalbot.Micro(i+1)*goalbot.MicroUnit + 7
			}
			if v != want {
				t.Errorf("day %s: %s, want %s", qs[0].From.AddDays(k), v, want)
			}
			d := qs[0].From.AddDays(k)
			sums, err := r.SumRanges(ctx, []RangeQuery{{Campaign: "c1", From: d, To: d}})
			ok(t, err)
			if sums[0].Spend != v {
				t.Errorf("day %s: %s, but its sum is %s", d, v, sums[0].Spend)
			}
		}
		if got[1][0] != 11*goalbot.MicroUnit+7 || got[2][0] != 0 {
			t.Fatalf("one day %s, another campaign %v", got[1][0], got[2])
		}
		_, err = r.DailySpend(ctx, []goalbot.CampaignRange{{Campaign: "c1", From: first, To: first.AddDays(MaxDailyDays)}})
		mustCode(t, err, goalbot.EINVALID)
	})
}
