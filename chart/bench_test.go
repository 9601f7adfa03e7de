package chart

import (
	"slices"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// BenchmarkRender53Weeks50Campaigns draws the chart of a weekly goal of 53 weeks on
// 50 campaigns, on the fourth day of its last week: 52 past weeks as bars, the
// current week with its projection. Each iteration sums the campaigns' days, computes
// the outlook and renders, as a caller will; it reports the p50 and p99 time of one
// chart, the process's CPU time per chart (which other work on the machine does not
// inflate) and the PNG's size (see docs/benchmarks.md).
func BenchmarkRender53Weeks50Campaigns(b *testing.B) {
	start := goalbot.Date{Year: 2026, Month: 1, Day: 5} // a Monday
	today := start.AddDays(52*7 + 3)
	n := start.DaysUntil(today) + 1
	camps := make([][]goalbot.Micro, 50)
	for i := range camps {
		camps[i] = demoLike(uint64(i+1), start, n, 3+float64(i%7))
	}
	target := func(int) goalbot.Micro { return goalbot.Units(1800) }
	var size int
	times := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		t0 := time.Now()
		c, _ := goalChart("G7 · Webinar form fills per week", goalbot.Weekly, start, today, target, sumDays(camps))
		png, err := Render(c)
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		size = len(png)
	}
	cpu := cpuTime() - cpu0
	slices.Sort(times)
	pct := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(times)), "cpu-ms/op")
	b.ReportMetric(float64(size)/1000, "png-KB")
}
