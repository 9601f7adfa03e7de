package main

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// BenchmarkChartCommand measures `/goal chart` from the slash command's envelope to
// the chart's file completed in the asker's direct messages on the fake Slack (the
// goal's days read from a real redis-server, the outlook, the PNG drawn, and Slack's
// three upload steps), for a weekly goal of 53 weeks on 50 campaigns with a year of
// daily metrics, measured. Target: p99 ≤ 1 s. Like every benchmark it runs only under
// -bench.
func BenchmarkChartCommand(b *testing.B) {
	const campaigns, asks = 50, 100
	e := newE2E(b, redistest.Server(b))
	in := e.start()
	ctx := context.Background()
	start := goalbot.Date{Year: 2025, Month: 3, Day: 10} // a Monday: week 53 is the one of e2eNow
	today := goalbot.Date{Year: 2026, Month: 3, Day: 10}
	var camps []goalbot.Campaign
	var ids []string
	var rows []goalbot.Metric
	for i := range campaigns {
		id := fmt.Sprintf("cmp-%d", i)
		ids = append(ids, id)
		camps = append(camps, goalbot.Campaign{ID: id, Name: fmt.Sprintf("Campaign %d", i), AccountID: "act-1"})
		for d := start; !d.After(today); d = d.AddDays(1) {
			conv := int64(3 + (i+d.Day)%7)
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				conv /= 3
			}
			rows = append(rows, goalbot.Metric{Date: d, Network: "google", AccountID: "act-1", CampaignID: id, Currency: "USD",
				Totals: goalbot.Totals{Spend: goalbot.Units(40), Conversions: goalbot.Units(conv)}})
		}
	}
	accts := []goalbot.Account{{ID: "act-1", Name: "Acme", Network: "google", Currency: "USD"}}
	if err := in.m.Store.UpsertCatalog(ctx, accts, camps); err != nil {
		b.Fatal(err)
	}
	if err := in.m.App.IngestMetrics(ctx, rows); err != nil {
		b.Fatal(err)
	}
	g, err := in.m.App.CreateGoal(ctx, commands.APIActor, goalbot.Draft{Name: "Webinar form fills per week", Type: "network_conversions",
		Campaigns: ids, Duration: "weekly", Start: start.String(), End: "2026-03-15", Target: "36", Creator: "U1"})
	if err != nil {
		b.Fatal(err)
	}
	in.evaluate(e2eNow) // 52 weeks settled, the 53rd running
	dm := e.fake.DMChannel("U1")
	seen := map[string]bool{}
	var size int
	b.ResetTimer()
	for range b.N {
		lat := make([]time.Duration, 0, asks)
		for range asks {
			t0 := time.Now()
			e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: "chart " + g.ID})
			f, err := e.fake.WaitFile(ctxFor(b, 10*time.Second), dm, func(f slacktest.File) bool { return !seen[f.ID] })
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
			seen[f.ID], size = true, len(f.Data)
		}
		slices.Sort(lat)
		p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
		b.ReportMetric(ms(p(0.5)), "p50-ms")
		b.ReportMetric(ms(p(0.99)), "p99-ms")
		b.ReportMetric(float64(size)/1000, "png-KB")
		b.Logf("/goal chart of a 53-week goal on %d campaigns, %d charts: p50 %v, p90 %v, p99 %v, max %v; PNG %.1f KB",
			campaigns, asks, p(0.5), p(0.9), p(0.99), lat[len(lat)-1], float64(size)/1000)
		if p(0.99) > time.Second {
			b.Errorf("/goal chart p99 = %v, want ≤ 1s", p(0.99))
		}
	}
}
