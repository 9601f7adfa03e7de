package main

import (
	"context"
	"fmt"
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
	"github.com/goalbot/goalbot/source/hubspot"
)

// hubSpotContacts makes n contacts over the days days before 2026-03-10 (UTC): each
// became a lead and submitted its first form then, two in five became MQLs a day
// later and one in ten a customer a week later; 85 % came from paid ads, and of those
// most name one of camps Google campaigns by name, some only in the first page's
// utm_campaign (its network id), and some match nothing.
func hubSpotContacts(n, days int, camps []adfake.Campaign) []adfake.Contact {
	end := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	span := time.Duration(days) * 24 * time.Hour
	step := span / time.Duration(n)
	out := make([]adfake.Contact, n)
	for i := range out {
		t := end.Add(-span + step*time.Duration(i))
		c := adfake.Contact{ID: int64(1000 + i), Source: hubspot.PaidSearch, Dates: map[string]time.Time{
			"hs_lifecyclestage_lead_date": t, "first_conversion_date": t}}
		camp := camps[(i/20)%len(camps)]
		switch i % 20 {
		case 0, 1, 2:
			c.Source = "ORGANIC_SEARCH"
		case 3, 4, 5:
			c.FirstURL = "https://acme.example/demo?utm_source=google&utm_medium=cpc&utm_campaign=" + camp.ID
		case 6, 7:
			c.Data1 = fmt.Sprintf("spring-brand-%d", i%7)
		default:
			c.Data1 = camp.Name
		}
		if i%5 < 2 {
			c.Dates["hs_lifecyclestage_marketingqualifiedlead_date"] = t.Add(24 * time.Hour)
		}
		if i%10 == 0 {
			c.Dates["hs_lifecyclestage_customer_date"] = t.Add(7 * 24 * time.Hour)
		}
		out[i] = c
	}
	return out
}

// BenchmarkHubSpotPull pulls 100,000 contacts over 90 days from the fake HubSpot and
// attributes them to 200 Google campaigns (pulled first from the fake Google Ads),
// into a real redis-server through the whole pull path (search, splitting under the
// 10,000 cap, attribution, the field-scoped ingest). HubSpot's 4 requests a second
// are raised to 1,000 (the benchmark prints the requests it sent, and how long they
// take at 4 a second). It reports the pull's seconds and the peak Go heap (the fakes
// run in the same process and count in it). The targets: at most 30 s and 128 MB. It
// runs only when GOALBOT_BENCH_REDIS=1:
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench HubSpotPull -benchtime 1x ./cmd/goalbot
func BenchmarkHubSpotPull(b *testing.B) {
	if os.Getenv("GOALBOT_BENCH_REDIS") != "1" {
		b.Skip("set GOALBOT_BENCH_REDIS=1 to run the benchmarks against a real redis-server")
	}
	const contacts, days, campaigns = 100_000, 90, 200
	google := adfake.Generate(1, campaigns, 1000000000, "EUR", "UTC")
	nets := adfake.New(b, google, nil, nil)
	nets.Default = func(string, goalbot.Date) adfake.Value { return adfake.Value{SpendMicros: 50_000_000, Conversions: 3} }
	hs := adfake.NewHubSpot(b, "UTC")
	hs.SetContacts(hubSpotContacts(contacts, days, google[0].Campaigns))
	vars := map[string]string{"REDIS_URL": "redis://" + redistest.Server(b) + "/0", "GOALBOT_NOW": "2026-03-10T12:00:00Z",
		"GOALBOT_SYNC_BACKFILL_DAYS": fmt.Sprint(days), "GOALBOT_SYNC_LOOKBACK_DAYS": fmt.Sprint(days)}
	for k, v := range nets.Env() {
		if strings.HasPrefix(k, "GOALBOT_GOOGLE_ADS_") {
			vars[k] = v
		}
	}
	for k, v := range hs.Env() {
		vars[k] = v
	}
	var secs, heap float64
	var res source.Result
	for b.Loop() {
		m, _, errOut := newTestMain(vars)
		if err := m.openForCommand(context.Background()); err != nil {
			b.Fatalf("open: %v\n%s", err, errOut)
		}
		for _, src := range m.Syncer.Sources {
			if p, ok := src.Puller.(*hubspot.Puller); ok {
				p.Client = hubspot.New(hubspot.Config{Token: hs.Token, APIURL: hs.URL(), RequestsPerSecond: 1000})
			}
		}
		if r, err := m.Syncer.Sync(context.Background(), source.Request{Source: goalbot.SourceGoogleAds}); err != nil || !r[0].Error.IsZero() {
			b.Fatalf("the Google pull: %v %+v", err, r)
		}
		before := hs.Searches()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := float64(ms.HeapInuse) / (1 << 20)
		stopHeap := heappeak.Start()
		start := time.Now()
		rs, err := m.Syncer.Sync(context.Background(), source.Request{Source: goalbot.SourceHubSpot})
		elapsed := time.Since(start)
		peak := stopHeap()
		if err != nil || !rs[0].Error.IsZero() {
			b.Fatalf("the HubSpot pull: %v %+v", err, rs)
		}
		res = rs[0]
		st, err := m.Store.SourceStatus(context.Background(), goalbot.SourceHubSpot)
		if err != nil || st.Unattributed == nil || res.Campaigns != campaigns {
			b.Fatalf("status %+v, result %+v: want every campaign matched and the unattributed counted", st, res)
		}
		secs, heap = elapsed.Seconds(), float64(peak)/(1<<20)
		searches := hs.Searches() - before
		fmt.Printf("HubSpot pull of %d contacts over %d days into %d campaigns: %d rows, %d searches, %.2f s, peak heap %.1f MiB, "+
			"%.1f MiB of it in use before the pull (the fakes' data) (targets: ≤ 30 s, ≤ 128 MB; at 4 requests a second the searches "+
			"alone take %.0f s); %d unattributed in the last 30 days\n",
			contacts, days, campaigns, res.Rows, searches, secs, heap, base, float64(searches)/4, st.Unattributed.Contacts)
		if err := m.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(secs, "s/pull")
	b.ReportMetric(heap, "peak-heap-MiB")
}
