package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// The benchmarks run the real program against the fake Slack's websocket and a real
// redis-server, as the end-to-end tests do. They are not part of CI; run them with
//
//	go test -run '^$' -bench . -benchtime 1x ./cmd/goalbot
//
// Each prints its figures and fails when a target is missed.

// BenchmarkAckBurst sends 300 envelopes from 20 users in 2 s (slash commands,
// View goal clicks and Home tab openings, a third each) and measures how long each
// took from the fake writing it to reading its ack. Target: p99 ≤ 100 ms.
// burstWorld is a goalbot on the fake Slack and a real Redis with users users (U100
// and on) and a goal with its catalog, for the burst benchmarks.
func burstWorld(b *testing.B, users int) *e2e {
	e := newE2E(b, redistest.Server(b))
	for i := range users {
		e.fake.SetUser(slacktest.User{ID: fmt.Sprintf("U%d", 100+i), Name: fmt.Sprintf("user%d", i)})
	}
	e.start().createGoalWithCatalog()
	return e
}

func BenchmarkAckBurst(b *testing.B) {
	const envelopes, users, over = 300, 20, 2 * time.Second
	e := burstWorld(b, users)
	b.ResetTimer()
	for range b.N {
		ids := make([]string, 0, envelopes)
		tick := time.NewTicker(over / envelopes)
		for i := range envelopes {
			<-tick.C
			user := fmt.Sprintf("U%d", 100+i%users)
			switch i % 3 {
			case 0:
				ids = append(ids, e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: user, ChannelID: "C1", Text: "help"}))
			case 1:
				ids = append(ids, e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: user, ChannelID: "C1", ActionID: bot.ActionShowGoal, Value: "G1"}))
			default:
				ids = append(ids, e.fake.Event("app_home_opened", map[string]any{"user": user, "tab": "home"}))
			}
		}
		tick.Stop()
		ctx := ctxFor(b, 30*time.Second)
		lat := make([]time.Duration, 0, envelopes)
		for _, id := range ids {
			ack, err := e.fake.WaitAck(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, ack.At)
		}
		// Every envelope was also acted on: 100 replies and 100 Home tabs.
		if _, err := e.fake.WaitCall(ctx, "views.publish", func(slacktest.Call) bool {
			return len(e.fake.Calls("views.publish")) >= envelopes/3
		}); err != nil {
			b.Fatal(err)
		}
		slices.Sort(lat)
		p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
		b.ReportMetric(ms(p(0.5)), "p50-ack-ms")
		b.ReportMetric(ms(p(0.99)), "p99-ack-ms")
		b.ReportMetric(ms(lat[len(lat)-1]), "max-ack-ms")
		b.Logf("%d envelopes from %d users in %v: ack p50 %v, p90 %v, p99 %v, max %v",
			envelopes, users, over, p(0.5), p(0.9), p(0.99), lat[len(lat)-1])
		if p(0.99) > 100*time.Millisecond {
			b.Errorf("ack p99 = %v, want ≤ 100ms", p(0.99))
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkAlertFanout subscribes 100 channels to a goal and, on two replicas, makes
// four alerts fire for each (started, then 50 %, 75 % and 100 % from one ingest). It
// checks from the fake's record (Message.At) that every channel got each alert exactly
// once and never two posts within a second, and reports the smallest gap.
func BenchmarkAlertFanout(b *testing.B) {
	const channels = 100
	for range b.N {
		e := newE2E(b, redistest.Server(b))
		for i := range channels {
			e.fake.SetChannel(slacktest.Channel{ID: fmt.Sprintf("C%d", 100+i), Name: fmt.Sprintf("team%d", i), BotMember: true})
		}
		replicas := []*instance{e.start(), e.start()}
		replicas[0].createGoalWithCatalog()
		for i := range channels {
			replicas[0].subscribe(fmt.Sprintf("C%d", 100+i), "U2", goalbot.EventStarted, goalbot.EventThreshold)
		}
		b.ResetTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for _, in := range replicas {
			wg.Go(func() { in.evaluate(e2eNow) })
		}
		wg.Wait()
		replicas[1].ingest("2026-03-10", 100)
		for _, in := range replicas {
			wg.Go(func() { in.evaluate("2026-03-10T12:30:00Z") })
		}
		wg.Wait()
		want := []string{"started", "threshold:100", "threshold:50", "threshold:75"}
		deadline := time.Now().Add(60 * time.Second)
		for !allDelivered(e.fake, channels, len(want)) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		took := time.Since(start)
		time.Sleep(2 * time.Second) // a repeat would come within this
		b.StopTimer()

		var lost, twice, tooClose, posts int
		minGap := time.Hour
		for i := range channels {
			ch := fmt.Sprintf("C%d", 100+i)
			got := slices.Sorted(slices.Values(alertEvents(e.fake, ch)))
			posts += len(got)
			for _, w := range want {
				switch n := strings.Count(" "+strings.Join(got, " ")+" ", " "+w+" "); {
				case n == 0:
					lost++
				case n > 1:
					twice += n - 1
				}
			}
			ms := e.fake.Messages(ch)
			for j := 1; j < len(ms); j++ {
				gap := ms[j].At.Sub(ms[j-1].At)
				minGap = min(minGap, gap)
				if gap < time.Second {
					tooClose++
				}
			}
		}
		b.ReportMetric(float64(posts), "channel-posts")
		b.ReportMetric(took.Seconds(), "s-to-deliver")
		b.ReportMetric(ms(minGap), "min-gap-ms")
		b.Logf("%d channels × %d alerts on 2 replicas: %d posts in %v; lost %d, posted twice %d; smallest gap between two posts to one channel %v, gaps under 1 s: %d",
			channels, len(want), posts, took.Round(time.Millisecond), lost, twice, minGap, tooClose)
		if lost > 0 || twice > 0 || tooClose > 0 {
			b.Errorf("lost %d, twice %d, gaps under a second %d; want none", lost, twice, tooClose)
		}
	}
}

// allDelivered reports whether each of the channels holds n alerts.
func allDelivered(fake *slacktest.Server, channels, n int) bool {
	for i := range channels {
		if len(alertEvents(fake, fmt.Sprintf("C%d", 100+i))) < n {
			return false
		}
	}
	return true
}
