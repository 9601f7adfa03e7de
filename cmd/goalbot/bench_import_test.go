package main

import (
	"bufio"
	"context"
	"fmt"
	"github.com/goalbot/goalbot/internal/heappeak"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
)

// BenchmarkImport imports the CSV workload, 1,000 campaigns × 100 days
// (100,000 rows), with `goalbot import FILE.csv` on a real redis-server that it
// starts (REDIS_URL), and reports rows/s from the command's start to its end and
// the peak Go heap. It runs only when GOALBOT_BENCH_REDIS=1:
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench Import -benchtime 1x ./cmd/goalbot
func BenchmarkImport(b *testing.B) {
	if os.Getenv("GOALBOT_BENCH_REDIS") != "1" {
		b.Skip("set GOALBOT_BENCH_REDIS=1 to run the benchmarks against a real redis-server")
	}
	const campaigns, days = 1_000, 100
	path := filepath.Join(b.TempDir(), "metrics.csv")
	writeBenchCSV(b, path, campaigns, days)
	vars := map[string]string{"REDIS_URL": "redis://" + redistest.Server(b) + "/0", "GOALBOT_NOW": "2026-11-28T12:00:00Z"}
	runtime.GC()
	stopHeap := heappeak.Start()
	start := time.Now()
	for b.Loop() {
		m, out, errOut := newTestMain(vars)
		if err := m.Run(context.Background(), []string{"import", path}); err != nil {
			b.Fatalf("import: %v\n%s", err, errOut)
		}
		if !strings.HasPrefix(out.String(), fmt.Sprintf("imported %d rows for %d campaigns", campaigns*days, campaigns)) {
			b.Fatalf("import printed %q", out)
		}
	}
	b.ReportMetric(float64(campaigns*days*b.N)/time.Since(start).Seconds(), "rows/s")
	b.ReportMetric(float64(stopHeap())/(1<<20), "peak-heap-MiB")
}

// BenchmarkImportEmbedded imports CSV files of 40,000 rows (400 campaigns × 100
// days) and 100,000 rows (1,000 × 100) with `goalbot import FILE.csv` on the
// embedded store (GOALBOT_DATA_DIR, a fresh one each time: the log compacts in a
// child process meanwhile), and reports seconds per import and rows/s. It runs only
// when GOALBOT_BENCH_EMBEDDED=1:
//
//	GOALBOT_BENCH_EMBEDDED=1 go test -run '^$' -bench ImportEmbedded -benchtime 3x ./cmd/goalbot
func BenchmarkImportEmbedded(b *testing.B) {
	if os.Getenv("GOALBOT_BENCH_EMBEDDED") != "1" {
		b.Skip("set GOALBOT_BENCH_EMBEDDED=1 to time imports into the embedded store")
	}
	for _, size := range []struct{ campaigns, days int }{{400, 100}, {1_000, 100}} {
		rows := size.campaigns * size.days
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "metrics.csv")
			writeBenchCSV(b, path, size.campaigns, size.days)
			var took time.Duration
			for b.Loop() {
				vars := map[string]string{"GOALBOT_DATA_DIR": b.TempDir(), "GOALBOT_NOW": "2026-11-28T12:00:00Z"}
				m, out, errOut := newTestMain(vars)
				start := time.Now()
				if err := m.Run(context.Background(), []string{"import", path}); err != nil {
					b.Fatalf("import: %v\n%s", err, errOut)
				}
				took += time.Since(start)
				if !strings.HasPrefix(out.String(), fmt.Sprintf("imported %d rows for %d campaigns", rows, size.campaigns)) {
					b.Fatalf("import printed %q", out)
				}
			}
			b.ReportMetric(took.Seconds()/float64(b.N), "s/import")
			b.ReportMetric(float64(rows*b.N)/took.Seconds(), "rows/s")
		})
	}
}

// writeBenchCSV writes campaigns × days rows ending on GOALBOT_NOW's date, campaign
// by campaign, as an ad platform's export lists them.
func writeBenchCSV(b *testing.B, path string, campaigns, days int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "date,network,account_id,account_name,campaign_id,campaign_name,currency,spend,conversions,contacts_lead,contacts_customer,first_form_submissions")
	today := goalbot.Date{Year: 2026, Month: 11, Day: 28}
	for c := range campaigns {
		for d := range days {
			fmt.Fprintf(w, "%s,google,act-%d,Account %d,cmp-%d,Campaign %d,USD,%d.%d5,%d.5,%d,%d,%d\n",
				today.AddDays(d-days+1), c/100, c/100, c, c, 100+d, c%10, d%20, d%7, d%3, d%5)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
