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

// BenchmarkShowAndList measures `/goal show` and `/goal list` with two filters from
// the envelope to the full reply (through the fake Slack's websocket and
// response_url), on 10,000 measured goals in a real redis-server. Target: p99 ≤ 250 ms
// each.
func BenchmarkShowAndList(b *testing.B) {
	const goals, asks = 10_000, 200
	e := newE2E(b, redistest.Server(b))
	in := e.start()
	ctx := context.Background()
	var camps []goalbot.Campaign
	for i := range 100 {
		camps = append(camps, goalbot.Campaign{ID: fmt.Sprintf("cmp-%d", i), Name: fmt.Sprintf("Campaign %d", i), AccountID: fmt.Sprintf("act-%d", i%5)})
	}
	var accts []goalbot.Account
	for i := range 5 {
		accts = append(accts, goalbot.Account{ID: fmt.Sprintf("act-%d", i), Name: "Account", Network: "google", Currency: "USD"})
	}
	if err := in.m.Store.UpsertCatalog(ctx, accts, camps); err != nil {
		b.Fatal(err)
	}
	for i := range goals {
		d := goalbot.Draft{Name: fmt.Sprintf("Goal %d", i), Type: "network_conversions", Duration: "monthly", Target: "100",
			Campaigns: []string{fmt.Sprintf("cmp-%d", i%100), fmt.Sprintf("cmp-%d", (i+7)%100)}, Team: fmt.Sprintf("team-%d", i%20), Creator: "U1"}
		if _, err := in.m.App.CreateGoal(ctx, commands.APIActor, d); err != nil {
			b.Fatal(err)
		}
	}
	in.evaluate(e2eNow) // every goal measured
	b.ResetTimer()
	for range b.N {
		for _, kind := range []string{"show", "list"} {
			lat := make([]time.Duration, 0, asks)
			for i := range asks {
				text := fmt.Sprintf("show G%d", 1+(i*37)%goals)
				if kind == "list" {
					text = fmt.Sprintf("list team:team-%d status:in_progress", i%20)
				}
				start := time.Now()
				id := e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C1", Text: text})
				waitResponse(b, e.fake, id)
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
			b.ReportMetric(ms(p(0.5)), "p50-"+kind+"-ms")
			b.ReportMetric(ms(p(0.99)), "p99-"+kind+"-ms")
			b.Logf("/goal %s on %d goals: p50 %v, p90 %v, p99 %v, max %v", kind, goals, p(0.5), p(0.9), p(0.99), lat[len(lat)-1])
			if p(0.99) > 250*time.Millisecond {
				b.Errorf("/goal %s p99 = %v, want ≤ 250ms", kind, p(0.99))
			}
		}
	}
}
