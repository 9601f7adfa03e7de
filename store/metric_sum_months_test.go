package store

import (
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func TestMonthKeyIsMetricMonth(t *testing.T) {
	r := NewRedis(nil, "p")
	for _, y := range []int{0, 7, 99, 999, 1000, 2026, 9999} {
		for m := 1; m <= 12; m++ {
			if got, want := r.monthKey("cmp-9", y, m), r.keys.metricMonth("cmp-9", y, m); got != want {
				t.Fatalf("monthKey %q, metricMonth %q", got, want)
			}
		}
	}
}

// TestSumMonthPieces: month pieces sum as SumRanges sums the same ranges.
func TestSumMonthPieces(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		first := goalbot.Date{Year: 2024, Month: 1, Day: 20}
		var rows []goalbot.Metric
		for i := 0; i < 60; i++ {
			rows = append(rows, row("c1", first.AddDays(i), goalbot.Micro(i+1)*goalbot.MicroUnit, int64(i)))
		}
		ok(t, r.UpsertMetrics(ctx, rows, t0))
		d := func(m, day int) goalbot.Date { return goalbot.Date{Year: 2024, Month: timeMonth(m), Day: day} }
		qs := []goalbot.CampaignRange{
			{Campaign: "c1", From: d(1, 1), To: d(1, 31)},  // whole month: its total
			{Campaign: "c1", From: d(2, 1), To: d(2, 29)},  // leap February
			{Campaign: "c1", From: d(1, 25), To: d(1, 25)}, // one day
			{Campaign: "c1", From: d(2, 10), To: d(2, 20)},
			{Campaign: "c1", From: d(3, 1), To: d(3, 31)}, // partly loaded
			{Campaign: "c2", From: d(3, 1), To: d(3, 5)},  // nothing
		}
		got, err := r.SumMonthPieces(ctx, qs)
		ok(t, err)
		want, err := r.SumRanges(ctx, qs)
		ok(t, err)
		for i := range qs {
			if got[i] != want[i] {
				t.Errorf("%+v: %+v, want %+v", qs[i], got[i], want[i])
			}
		}
		if got[0].IsZero() || !got[5].IsZero() {
			t.Fatalf("sums %+v", got)
		}
		_, err = r.SumMonthPieces(ctx, []goalbot.CampaignRange{{Campaign: "c1", From: d(1, 30), To: d(2, 2)}})
		mustCode(t, err, goalbot.EINVALID)
	})
}

func timeMonth(m int) time.Month { return time.Month(m) }
