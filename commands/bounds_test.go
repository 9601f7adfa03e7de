package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
)

// TestRowNumbersExponentAlike ingests the same numbers in plain decimals and in
// exponent form: each pair is kept or refused alike (1e-7 was taken as 0 while
// 0.0000001 was refused).
func TestRowNumbersExponentAlike(t *testing.T) {
	today := goalbot.Date{Year: 2026, Month: 3, Day: 10}
	row := func(spend, conversions string) string {
		return `[{"date":"2026-03-01","network":"google","account_id":"act-1","campaign_id":"cmp-1","currency":"USD","spend":` + spend + `,"conversions":` + conversions + `}]`
	}
	for _, p := range [][2]string{{"0.0000001", "1e-7"}, {"0.000001", "1e-6"}, {"120.5", "1.205E2"}, {"1000000001", "1.000000001e9"}} {
		for _, field := range []string{"spend", "conversions"} {
			var got [2][]goalbot.Metric
			var errs [2]error
			for i, n := range p {
				body := row(n, "1")
				if field == "conversions" {
					body = row("1", n)
				}
				got[i], errs[i] = DecodeJSONRows(strings.NewReader(body), today)
			}
			if (errs[0] == nil) != (errs[1] == nil) || errs[0] == nil && (got[0][0].Spend != got[1][0].Spend || got[0][0].Conversions != got[1][0].Conversions) {
				t.Errorf("%s %s: %+v, %v; %s: %+v, %v", field, p[0], got[0], errs[0], p[1], got[1], errs[1])
			}
		}
	}
}

// TestLongLoopsStopAtTheDeadline gives IngestRows a batch of 5,000 rows, and Home a
// workspace of 300 subscribed channels, on a context that ends: each stops and
// says why, where they went through every row (reporting each as invalid) and
// every channel (each left out as unseen).
func TestLongLoopsStopAtTheDeadline(t *testing.T) {
	a := newTestApp(t)
	rows := make([]goalbot.Metric, 5000) // each invalid: no date, no ids
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.IngestRows(ctx, rows, goalbot.AdFields); !errors.Is(err, context.Canceled) {
		t.Errorf("IngestRows on an ended context = %v, want it stopped", err)
	}
	for i := range 300 {
		ch := fmt.Sprintf("C%d", 100+i)
		if err := a.Store.CreateSubscription(context.Background(), &goalbot.Subscription{Channel: ch, Events: goalbot.Events}); err != nil {
			t.Fatal(err)
		}
	}
	// The deadline passes during the first membership check.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	asked := 0
	member := func(ctx context.Context, _ string) (bool, error) { asked++; cancel(); return false, ctx.Err() }
	if _, err := a.Home(ctx, "U1", member); !errors.Is(err, context.Canceled) || asked != 1 {
		t.Errorf("Home past its deadline = %v after %d membership checks, want it stopped after the first", err, asked)
	}
}
