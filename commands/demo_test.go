package commands_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/store"
)

// loadDemo loads the demo with seed into a fresh store and returns what it said and
// every campaign's stored totals, day by day.
func loadDemo(t *testing.T, seed int64) (commands.DemoSummary, [][]goalbot.Totals) {
	t.Helper()
	st := newStore(t)
	a := &commands.App{Store: st, Clock: goalbot.NewFrozenClock(now), Settings: goalbot.DefaultSettings}
	sum, err := a.LoadDemo(ctx, seed)
	ok(t, err)
	return sum, demoDays(t, st, sum)
}

// demoDays reads every demo campaign's totals of every demo day from the store.
func demoDays(t *testing.T, st *store.Redis, sum commands.DemoSummary) [][]goalbot.Totals {
	t.Helper()
	var out [][]goalbot.Totals
	for _, c := range sum.Campaigns {
		var qs []goalbot.CampaignRange
		for d := sum.From; !d.After(sum.To); d = d.AddDays(1) {
			qs = append(qs, goalbot.CampaignRange{Campaign: c.ID, From: d, To: d})
		}
		days, err := st.SumRanges(ctx, qs)
		ok(t, err)
		out = append(out, days)
	}
	return out
}

func TestLoadDemo(t *testing.T) {
	sum, days := loadDemo(t, 7)
	today := goalbot.DateOf(now)
	if len(sum.Networks()) != 2 || len(sum.Accounts) != 3 || len(sum.Campaigns) != 8 {
		t.Errorf("demo catalog: %d networks, %d accounts, %d campaigns; want 2, 3, 8", len(sum.Networks()), len(sum.Accounts), len(sum.Campaigns))
	}
	// The year so far (332 days): longer than DemoDays.
	if n := goalbot.Days(sum.From, sum.To); sum.To != today || sum.From.String() != "2026-01-01" || sum.Rows != 8*n || n != 332 {
		t.Errorf("demo metrics %d rows from %s to %s; want the year so far, ending %s", sum.Rows, sum.From, sum.To, today)
	}
	types, durations := map[goalbot.Type]bool{}, map[goalbot.Duration]bool{}
	for _, g := range sum.Goals {
		types[g.Type], durations[g.Duration] = true, true
		if g.Creator != commands.DemoUser {
			t.Errorf("%s created by %q", g.ID, g.Creator)
		}
	}
	if len(sum.Goals) != 5 || len(types) != 4 || len(durations) < 3 {
		t.Errorf("%d goals of %d types and %d durations; want 5 of all 4 types and several durations", len(sum.Goals), len(types), len(durations))
	}
	// Weekly seasonality: every campaign spends less on an average weekend day than
	// on an average midweek day; and no day is empty.
	for i, c := range sum.Campaigns {
		var weekend, midweek goalbot.Micro
		for j, d := range days[i] {
			if d.Spend == 0 {
				t.Fatalf("%s has no spend on day %d", c.ID, j)
			}
			switch sum.From.AddDays(j).Weekday() {
			case time.Saturday, time.Sunday:
				weekend += d.Spend
			case time.Tuesday, time.Wednesday:
				midweek += d.Spend
			}
		}
		if weekend >= midweek {
			t.Errorf("%s spends %s on weekends and %s on Tuesdays and Wednesdays", c.ID, weekend, midweek)
		}
	}
}

func TestDemoFrom(t *testing.T) {
	for today, want := range map[string]string{
		"2026-11-28": "2026-01-01", // the year so far
		"2026-04-30": "2026-01-01", // the 120th day of the year
		"2026-04-29": "2025-12-31", // at least DemoDays days
		"2027-01-05": "2026-09-08",
	} {
		d, err := goalbot.ParseDate(today)
		ok(t, err)
		if got := commands.DemoFrom(d).String(); got != want {
			t.Errorf("DemoFrom(%s) = %s, want %s", today, got, want)
		}
	}
}

func TestLoadDemoIsDeterministic(t *testing.T) {
	sum1, days1 := loadDemo(t, 42)
	sum2, days2 := loadDemo(t, 42)
	_, other := loadDemo(t, 43)
	if !equalJSON(t, days1, days2) || !equalJSON(t, sum1, sum2) {
		t.Fatal("the same seed gave different demos")
	}
	if equalJSON(t, days1, other) {
		t.Fatal("seeds 42 and 43 gave the same metrics")
	}
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	ok(t, err)
	jb, err := json.Marshal(b)
	ok(t, err)
	return string(ja) == string(jb)
}
