package backtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/store"
)

// capture is the store with the metrics rows that went in kept aside.
type capture struct {
	*store.Redis
	rows []goalbot.Metric
}

// UpsertMetrics keeps rows and stores them.
func (c *capture) UpsertMetrics(ctx context.Context, rows []goalbot.Metric, at time.Time) error {
	c.rows = append(c.rows, rows...)
	return c.Redis.UpsertMetrics(ctx, rows, at)
}

// demoSeries loads the demo with seed and returns one daily series per demo goal: its
// quantity (for the cost goal, its spend) summed over its campaigns.
func demoSeries(t *testing.T, seed int64) []Series {
	t.Helper()
	m := miniredis.RunT(t)
	c := &capture{Redis: store.NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "bt")}
	ctx := context.Background()
	if err := c.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	a := &commands.App{Store: c, Clock: goalbot.NewFrozenClock(time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)),
		Settings: goalbot.DefaultSettings, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sum, err := a.LoadDemo(ctx, seed)
	if err != nil {
		t.Fatal(err)
	}
	var out []Series
	for _, g := range sum.Goals {
		s := Series{Name: g.Name, Start: sum.From, Daily: make([]goalbot.Micro, sum.From.DaysUntil(sum.To)+1)}
		for _, r := range c.rows {
			if contains(g.Campaigns, r.CampaignID) {
				s.Daily[sum.From.DaysUntil(r.Date)] += g.Quantity(r.Totals)
			}
		}
		out = append(out, s)
	}
	return out
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestDefaultMethodOnDemo projects every day of every whole week, month and quarter
// of the demo's data (ten seeds, each demo goal's series) with both methods, prints
// the comparison (go test -v) and checks that DefaultMethod is the better one, and
// that its band holds the real end value at least 70 % of the time.
func TestDefaultMethodOnDemo(t *testing.T) {
	var series []Series
	for seed := int64(1); seed <= 10; seed++ {
		series = append(series, demoSeries(t, seed)...)
	}
	methods := []goalbot.Method{goalbot.Linear, goalbot.WeekdayAware}
	scores := Measure(series, []goalbot.Duration{goalbot.Weekly, goalbot.Monthly, goalbot.Quarterly}, methods)
	if testing.Verbose() {
		fmt.Printf("%d series of %d days\n", len(series), len(series[0].Daily))
		if err := Print(os.Stdout, scores); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range methods {
		if m != goalbot.DefaultMethod && Mean(scores, m) < Mean(scores, goalbot.DefaultMethod) {
			t.Errorf("%s (mean MAPE %.2f %%) beats the default %s (%.2f %%) on the demo's data",
				m, Mean(scores, m)*100, goalbot.DefaultMethod, Mean(scores, goalbot.DefaultMethod)*100)
		}
	}
	for _, s := range scores {
		if s.Method == goalbot.DefaultMethod && s.Covered < 0.70 {
			t.Errorf("%s %s: the band held the end value %.0f %% of the time, want at least 70 %%", s.Duration, s.Method, s.Covered*100)
		}
	}
}
