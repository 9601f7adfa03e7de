package main

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/adfake"
	"github.com/goalbot/goalbot/internal/heappeak"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/goalbot/goalbot/source"
)

// BenchmarkPull pulls 2,000 campaigns × 30 days from each of the three fake
// networks (four accounts of 500 campaigns each, in one run, all three at once) into
// a real redis-server through the whole pull path (clients, zero-fill, validated
// ingest), and reports the run's seconds, rows written per second and the peak Go
// heap (the fake networks run in the same process and count in it). The targets:
// at most 10 s and 128 MB. It runs only when GOALBOT_BENCH_REDIS=1:
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench Pull -benchtime 1x ./cmd/goalbot
func BenchmarkPull(b *testing.B) {
	if os.Getenv("GOALBOT_BENCH_REDIS") != "1" {
		b.Skip("set GOALBOT_BENCH_REDIS=1 to run the benchmarks against a real redis-server")
	}
	const accounts, perAccount, days = 4, 500, 30
	nets := adfake.New(b, adfake.Generate(accounts, perAccount, 1000000000, "EUR", "Europe/Berlin"),
		adfake.Generate(accounts, perAccount, 7000, "USD", "America/New_York"), adfake.Generate(accounts, perAccount, 508000000, "GBP", "UTC"))
	nets.Default = func(campaign string, d goalbot.Date) adfake.Value {
		h := int64(len(campaign)*31+d.Day) + int64(campaign[len(campaign)-1])
		if h%4 == 0 {
			return adfake.Value{} // a quarter of the campaign-days have no activity
		}
		return adfake.Value{SpendMicros: h * 1_234_567, Conversions: h % 5}
	}
	vars := syncVars(nil, nets, redistest.Server(b))
	vars["GOALBOT_SYNC_BACKFILL_DAYS"], vars["GOALBOT_SYNC_LOOKBACK_DAYS"] = fmt.Sprint(days), fmt.Sprint(days)
	want := int64(3 * accounts * perAccount * days)
	var secs, rate, heap float64
	for b.Loop() {
		m, _, errOut := newTestMain(vars)
		if err := m.openForCommand(context.Background()); err != nil {
			b.Fatalf("open: %v\n%s", err, errOut)
		}
		runtime.GC()
		stopHeap := heappeak.Start()
		start := time.Now()
		res, err := m.Syncer.Sync(context.Background(), source.Request{})
		elapsed := time.Since(start)
		peak := stopHeap()
		if err != nil {
			b.Fatal(err)
		}
		var rows int64
		for _, r := range res {
			if !r.Error.IsZero() {
				b.Fatalf("%s: %s", r.Name, english.Message(r.Error))
			}
			rows += r.Rows
		}
		if rows != want {
			b.Fatalf("wrote %d rows, want %d", rows, want)
		}
		secs, rate, heap = elapsed.Seconds(), float64(rows)/elapsed.Seconds(), float64(peak)/(1<<20)
		if err := m.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(secs, "s/pull")
	b.ReportMetric(rate, "rows/s")
	b.ReportMetric(heap, "peak-heap-MiB")
	fmt.Printf("pull of 3 networks × 2,000 campaigns × 30 days (%d rows): %.2f s, %.0f rows/s, peak heap %.1f MiB (targets: ≤ 10 s, ≤ 128 MB)\n",
		want, secs, rate, heap)
}

// BenchmarkPullToAlert measures, in a running goalbot (fake Slack, real redis, the
// three fake networks), the time from a pull asked for with POST /v1/sources/sync
// that crosses a goal's 50 % threshold to the threshold alert posted to Slack. The
// target: at most 5 s. It runs only when GOALBOT_BENCH_REDIS=1:
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench PullToAlert -benchtime 1x ./cmd/goalbot
func BenchmarkPullToAlert(b *testing.B) {
	if os.Getenv("GOALBOT_BENCH_REDIS") != "1" {
		b.Skip("set GOALBOT_BENCH_REDIS=1 to run the benchmarks against a real redis-server")
	}
	var worst time.Duration
	for b.Loop() {
		e := newE2E(b, redistest.Server(b))
		nets := fakeNetworks(b)
		env := map[string]string{}
		maps.Copy(env, nets.Env())
		in := e.startWith(env)
		in.waitPulled()
		create := fmt.Sprintf(`create name:"Pulled" goal_type:network_conversions campaigns:%s duration:monthly start:2026-03-01 end:2026-03-31 target:10 notify:started,threshold`,
			strings.Join(pulledCampaigns, ","))
		if got := e.slash("U1", "C1", create); !strings.Contains(got, "Created") {
			b.Fatalf("create: %s", got)
		}
		in.evaluate(e2eNow)
		waitEvents(b, e.fake, e.fake.DMChannel("U1"), "started")
		for _, id := range networkIDs {
			nets.Set(id, goalbot.Date{Year: 2026, Month: 3, Day: 9}, adfake.Value{SpendMicros: 1_000_000, Conversions: 6})
		}
		start := time.Now()
		in.mustDo("POST", "/v1/sources/sync", e2eAPIToken, "", http.StatusOK)
		for !contains(alertEvents(e.fake, e.fake.DMChannel("U1")), "threshold:50") {
			if time.Since(start) > 30*time.Second {
				b.Fatal("no threshold alert within 30 s")
			}
			time.Sleep(5 * time.Millisecond)
		}
		worst = max(worst, time.Since(start))
		in.stop()
	}
	b.ReportMetric(worst.Seconds(), "s-to-alert")
	fmt.Printf("from POST /v1/sources/sync (a pull that crosses 50%%) to the alert posted to Slack: %.2f s (target: ≤ 5 s)\n", worst.Seconds())
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
