package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/goalbot/goalbot"
)

// TestBudgetEvents runs a budget (an ad_spend goal) through months: overspend fires
// once a period when the projected spend goes over the band, not again while it
// stays over, and again in the next period; underspend once a quarter of a period
// has passed; each period's outcome is settled by the same band. The goal is monthly
// over 2026 on cmp-1 and cmp-2 with a budget of 500 each (1,000 a month); its
// creator U1 has the default notifications (started, milestone, overspend,
// underspend); channel C1 asks for overspend and underspend, C2 for the default
// events (started, milestone).
func TestBudgetEvents(t *testing.T) {
	r := miniRig(t, at("2026-04-01T12:00:00Z"))
	for _, s := range []*goalbot.Subscription{
		{Channel: "C1", Events: []goalbot.Event{goalbot.EventOverspend, goalbot.EventUnderspend}, Creator: "U2", CreatedAt: r.wall},
		{Channel: "C2", Events: goalbot.DefaultSubscriptionEvents, Creator: "U2", CreatedAt: r.wall},
	} {
		if err := r.store.CreateSubscription(r.ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	g := r.goal(func(g *goalbot.Goal) {
		budget := goalbot.Units(500)
		g.Type, g.Currency, g.Targets = goalbot.AdSpend, "USD", goalbot.Targets{Target: &budget}
		g.Notifications = goalbot.DefaultNotifications(goalbot.AdSpend)
	})
	measurement := func() *goalbot.Measurement {
		m, err := r.store.Measurement(r.ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	steps := []struct {
		at    string
		rows  []row
		want  string
		check func(t *testing.T, res PassResult)
	}{
		// The first day: nothing to project from yet.
		{at: "2026-04-01T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-04-01", spend: 100}}, want: "started@U1 started@C2",
			check: func(t *testing.T, res PassResult) {
				if m := measurement(); m.Budget == nil || m.Budget.Projection != nil || m.Pace != goalbot.NoPace {
					t.Fatalf("first day: outlook %+v, pace %q", m.Budget, m.Pace)
				}
			}},
		// 100 on April 1st: 3,000 projected for April, 300 % of the budget.
		{at: "2026-04-02T12:00:00Z", want: "overspend@U1 overspend@C1", check: func(t *testing.T, res PassResult) {
			b := res.Queued[0].Budget
			if b == nil || b.Projected == nil || *b.Projected != goalbot.Units(3000) || b.Budget != goalbot.Units(1000) ||
				b.Spent != goalbot.Units(100) || b.Currency != "USD" || b.Spending != goalbot.Overspend {
				t.Fatalf("overspend figures %+v", b)
			}
			if m := measurement(); m.Pace != goalbot.OverBudget || m.Budget.Projection.Value != goalbot.Units(3000) || m.PaceRatio != 3 {
				t.Fatalf("pace %q, outlook %+v", m.Pace, m.Budget)
			}
		}},
		{at: "2026-04-02T12:15:00Z", want: ""},
		{at: "2026-04-03T12:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-04-02", spend: 100}}, want: ""},
		// April settles at 200 of 1,000: missed (under the band). May 1st brought
		// nothing yet, but it is too early in May for underspend.
		{at: "2026-05-02T00:00:00Z", want: "milestone-missed@U1 milestone-missed@C2", check: func(t *testing.T, res PassResult) {
			b := res.Queued[0].Budget
			if b == nil || b.Spending != goalbot.Underspend || b.Spent != goalbot.Units(200) || b.Projected != nil {
				t.Fatalf("april's milestone figures %+v", b)
			}
			if m := measurement(); m.Pace != goalbot.UnderBudget {
				t.Fatalf("may's pace %q", m.Pace)
			}
		}},
		// May overspends: its own overspend.
		{at: "2026-05-03T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-05-01", spend: 300}, {campaign: "cmp-1", date: "2026-05-02", spend: 300}},
			want: "overspend@U1 overspend@C1"},
		{at: "2026-05-04T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-05-03", spend: 400}}, want: ""},
		// May settles at 1,000 of 1,000: achieved. June is a third through at 90:
		// underspend.
		{at: "2026-06-10T12:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-06-05", spend: 90}},
			want: "milestone-achieved@U1 milestone-achieved@C2 underspend@U1 underspend@C1", check: func(t *testing.T, res PassResult) {
				if b := res.Queued[0].Budget; b == nil || b.Spending != goalbot.WithinBudget || b.Spent != goalbot.Units(1000) {
					t.Fatalf("may's milestone figures %+v", b)
				}
				if b := res.Queued[2].Budget; b == nil || b.Spending != goalbot.Underspend || b.Projected == nil || *b.Projected >= goalbot.Units(800) {
					t.Fatalf("underspend figures %+v", b)
				}
			}},
		{at: "2026-06-11T12:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-06-10", spend: 5}}, want: ""},
	}
	for i, s := range steps {
		r.move(s.at)
		for _, rw := range s.rows {
			r.row(rw)
		}
		res := r.pass()
		if got := words(res.Queued); got != s.want {
			t.Fatalf("step %d (%s): queued %q, want %q", i, s.at, got, s.want)
		}
		if s.check != nil {
			s.check(t, res)
		}
	}
}

// dailyStore serves DailySpend from a function of campaign and date; nothing else.
type dailyStore struct {
	Store
	spend func(campaign string, d goalbot.Date) goalbot.Micro
	asked []goalbot.CampaignRange // one campaign's days each
}

// day parses a date.
func day(s string) goalbot.Date {
	d, err := goalbot.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (s *dailyStore) DailySpend(_ context.Context, qs []goalbot.DaysRange) ([][]goalbot.Micro, error) {
	out := make([][]goalbot.Micro, len(qs))
	for i, q := range qs {
		for _, c := range q.Campaigns {
			s.asked = append(s.asked, goalbot.CampaignRange{Campaign: c, From: q.From, To: q.To})
		}
		for d := q.From; !d.After(q.To); d = d.AddDays(1) {
			var v goalbot.Micro
			for _, c := range q.Campaigns {
				v += s.spend(c, d)
			}
			out[i] = append(out[i], v)
		}
	}
	return out, nil
}

// TestBudgetPlan: a budget's outlook reads its campaigns' last eight weeks and today
// whatever its period, a month at a time, each campaign's month once a pass however
// many budgets need it, and gets their spend summed day by day.
func TestBudgetPlan(t *testing.T) {
	now := at("2026-03-10T12:00:00Z")
	s := &dailyStore{spend: func(c string, d goalbot.Date) goalbot.Micro {
		return goalbot.Units(int64(d.Day + map[string]int{"c1": 100, "c2": 200, "c3": 300}[c]))
	}}
	budget := func(id string, duration goalbot.Duration, campaigns ...string) *goalbot.Goal {
		g := planGoal(id, duration, "2026-01-01", "2026-12-31", campaigns...)
		g.Type = goalbot.AdSpend
		return g
	}
	cache := newSumCache(now)
	p := newBudgetPlan(cache)
	monthly, yearly := budget("G1", goalbot.Monthly, "c1", "c2"), budget("G2", goalbot.Yearly, "c2")
	count := planGoal("G3", goalbot.Monthly, "2026-01-01", "2026-12-31", "c3")
	for _, g := range []*goalbot.Goal{monthly, yearly, count} {
		p.add(g, g.Periods(), now)
	}
	if err := p.fetch(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	want := "[c1 2026-01-13–2026-01-31 c1 2026-02-01–2026-02-28 c1 2026-03-01–2026-03-10 " +
		"c2 2026-01-13–2026-01-31 c2 2026-02-01–2026-02-28 c2 2026-03-01–2026-03-10]"
	if got := fmt.Sprint(ranges(s.asked)); got != want {
		t.Fatalf("read\n got %s\nwant %s", got, want)
	}
	for _, g := range []*goalbot.Goal{monthly, yearly} {
		days, ok := p.days(g)
		if !ok || days.From != day("2026-01-13") || len(days.Spend) != goalbot.ProfileDays+1 {
			t.Fatalf("%s: days from %s, %d of them (%v)", g.ID, days.From, len(days.Spend), ok)
		}
		for i, v := range days.Spend {
			date := days.From.AddDays(i)
			var want goalbot.Micro
			for _, c := range g.Campaigns {
				want += s.spend(c, date)
			}
			if v != want {
				t.Fatalf("%s: %s spent %s, want %s", g.ID, date, v, want)
			}
		}
	}
	if _, ok := p.days(count); ok {
		t.Fatal("days for a count goal")
	}
	// The next batch finds c2's months in the cache and reads c3's alone.
	s.asked = nil
	next := newBudgetPlan(cache)
	other := budget("G4", goalbot.Quarterly, "c2", "c3")
	next.add(other, other.Periods(), now)
	if err := next.fetch(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(ranges(s.asked)); got != "[c3 2026-01-13–2026-01-31 c3 2026-02-01–2026-02-28 c3 2026-03-01–2026-03-10]" {
		t.Fatalf("second batch reads %s", got)
	}
	if days, _ := next.days(other); days.Spend[0] != s.spend("c2", day("2026-01-13"))+s.spend("c3", day("2026-01-13")) {
		t.Fatalf("second batch: %v", days.Spend[:3])
	}
}
