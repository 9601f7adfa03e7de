package engine

import (
	"testing"

	"github.com/goalbot/goalbot"
)

// row is a metrics row in a scenario: conversions, or spend and leads for cost goals.
type row struct {
	campaign, date string
	conversions    int64
	spend, leads   int64
}

// step is one moment of a scenario: the clocks move to at, rows are accepted then,
// the goal is edited or deleted, and a pass runs; want is the alerts it queued, in
// words (see words).
type step struct {
	at     string
	rows   []row
	edit   func(*goalbot.Goal)
	delete bool
	want   string
	check  func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult)
}

// TestEvents runs every event through the engine: started, thresholds, milestones,
// at_risk and stale, with long outages, edits mid-period, deleted goals, cost goals,
// settling and late data. The goal is monthly over 2026 on cmp-1 and cmp-2, a target
// of 100 conversions a campaign (200 a month), created when the scenario starts, and
// its creator U1 asks for every event unless a case says otherwise.
func TestEvents(t *testing.T) {
	all := []goalbot.Event{goalbot.EventStarted, goalbot.EventThreshold, goalbot.EventMilestone, goalbot.EventAtRisk, goalbot.EventStale}
	cases := []struct {
		name  string
		start string
		goal  func(*goalbot.Goal)
		steps []step
	}{
		{name: "started and thresholds, each once, several in one pass", start: "2026-03-10T12:00:00Z", steps: []step{
			{at: "2026-03-10T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-03-10", conversions: 120}},
				want: "started@U1 threshold-50@U1"},
			{at: "2026-03-10T13:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-03-10", conversions: 80}},
				want: "threshold-75@U1 threshold-100@U1"},
			{at: "2026-03-10T14:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-03-10", conversions: 90}}, want: ""},
			{at: "2026-03-10T15:00:00Z", want: ""},
		}},
		{name: "a pending goal starts at the first pass in its range", start: "2025-12-20T12:00:00Z", steps: []step{
			{at: "2025-12-20T12:00:00Z", want: "", check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
				if m, _ := r.store.Measurement(r.ctx, g.ID); m == nil || m.Headline != nil || g.Status(m, m.At) != goalbot.Pending {
					t.Fatalf("pending goal measured as %+v", m)
				}
			}},
			{at: "2026-01-02T00:00:00Z", want: "started@U1"},
			// No row at all: the gap runs from the start, so stale 48 hours after it.
			{at: "2026-01-03T00:00:00Z", want: "stale@U1"},
		}},
		{name: "a long outage: each settled milestone once, in order, the last with the final outcome", start: "2026-01-05T00:00:00Z",
			goal: func(g *goalbot.Goal) { g.End = goalbot.Date{Year: 2026, Month: 3, Day: 31} }, steps: []step{
				{at: "2026-01-05T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-01-05", conversions: 300}},
					want: "started@U1 threshold-50@U1 threshold-75@U1 threshold-100@U1"},
				// No stale: the goal has ended.
				{at: "2026-04-20T00:00:00Z",
					want: "milestone-exceeded@U1 milestone-missed@U1 milestone-missed@U1", check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
						if res.Queued[2].FinalOutcome != goalbot.Missed || res.Queued[0].FinalOutcome != "" {
							t.Fatalf("final outcomes %q %q", res.Queued[0].FinalOutcome, res.Queued[2].FinalOutcome)
						}
					}},
				{at: "2026-04-21T00:00:00Z", want: "", check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
					if res.Measured != 0 {
						t.Fatalf("a settled goal was measured again (%d)", res.Measured)
					}
				}},
			}},
		{name: "a raised target mid-period does not fire reached levels again", start: "2026-03-10T12:00:00Z", steps: []step{
			{at: "2026-03-10T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-03-10", conversions: 200}},
				want: "started@U1 threshold-50@U1 threshold-75@U1 threshold-100@U1"},
			{at: "2026-03-11T12:00:00Z", edit: func(g *goalbot.Goal) { t := goalbot.Units(200); g.Target = &t }, want: ""}, // 50 %
			{at: "2026-03-12T12:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-03-12", conversions: 250}}, want: ""},
		}},
		{name: "a lowered target mid-period fires the levels it now reaches", start: "2026-03-10T12:00:00Z", steps: []step{
			{at: "2026-03-10T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-03-10", conversions: 60}}, want: "started@U1"},
			{at: "2026-03-11T12:00:00Z", edit: func(g *goalbot.Goal) { t := goalbot.Units(40); g.Target = &t },
				want: "threshold-50@U1 threshold-75@U1"}, // 60 of 80
		}},
		{name: "a deleted goal: its queued alerts are dropped and it is measured no more", start: "2026-03-10T12:00:00Z", steps: []step{
			{at: "2026-03-10T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-03-10", conversions: 150}},
				want: "started@U1 threshold-50@U1 threshold-75@U1"},
			{at: "2026-03-10T12:05:00Z", delete: true, want: "", check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
				if res.Measured != 0 {
					t.Fatalf("measured %d goals after the delete", res.Measured)
				}
				if d := r.deliver(); len(d) != 0 || len(r.note.sentKeys()) != 0 {
					t.Fatalf("delivered alerts of a deleted goal: %+v", d)
				}
			}},
		}},
		{name: "a cost goal: started and milestones only; no threshold, pace or at_risk", start: "2026-03-02T12:00:00Z",
			goal: func(g *goalbot.Goal) {
				g.Type, g.Stage, g.Currency = goalbot.CostPerContact, goalbot.Lead, "USD"
				target := goalbot.Units(50) // at most 50 a lead
				g.Targets = goalbot.Targets{Target: &target}
			}, steps: []step{
				// 100 spent for 1 lead: 200 % over the cap, slow and expensive.
				{at: "2026-03-02T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-03-02", spend: 100, leads: 1}}, want: "started@U1"},
				// 100 for 10 leads: 10 a lead, far under the cap; late in the month.
				{at: "2026-03-25T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-03-25", leads: 9}}, want: "",
					check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
						if m, _ := r.store.Measurement(r.ctx, g.ID); m.Pace != goalbot.NoPace {
							t.Fatalf("a cost goal has pace %q", m.Pace)
						}
					}},
				{at: "2026-04-02T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-04-01", leads: 1}}, want: "milestone-exceeded@U1"},
			}},
		{name: "a row for a settled period changes nothing", start: "2026-01-20T12:00:00Z", steps: []step{
			// 50 of 200 twenty days into 31: at risk.
			{at: "2026-01-20T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-01-20", conversions: 50}}, want: "started@U1 at_risk@U1"},
			{at: "2026-02-03T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-02-02"}}, want: "milestone-missed@U1"},
			{at: "2026-02-03T01:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-01-21", conversions: 500}}, want: "",
				check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
					if m, _ := r.store.Measurement(r.ctx, g.ID); m.Periods[0].Actual != goalbot.Units(50) || m.Periods[0].Outcome() != goalbot.Missed {
						t.Fatalf("settled january changed: %+v", m.Periods[0].Figures)
					}
				}},
		}},
		{name: "a row for an ended period not yet settled changes its provisional figures", start: "2026-01-20T12:00:00Z", steps: []step{
			{at: "2026-01-20T12:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-01-20", conversions: 50}}, want: "started@U1 at_risk@U1"},
			{at: "2026-02-01T06:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-02-01"}}, want: "", check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
				if m, _ := r.store.Measurement(r.ctx, g.ID); !m.Periods[0].Ended || m.Periods[0].Settled || m.Periods[0].PeriodOutcome() != goalbot.Missed {
					t.Fatalf("january an hour after its end: %+v", m.Periods[0])
				}
			}},
			{at: "2026-02-01T07:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-01-31", conversions: 160}}, want: "",
				check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
					if m, _ := r.store.Measurement(r.ctx, g.ID); m.Periods[0].Actual != goalbot.Units(210) || m.Periods[0].PeriodOutcome() != goalbot.Exceeded {
						t.Fatalf("provisional january after a late row: %+v", m.Periods[0].Figures)
					}
				}},
			{at: "2026-02-02T00:00:00Z", want: "milestone-exceeded@U1"},
		}},
		{name: "at_risk once a period, after a quarter of it", start: "2026-04-01T00:00:00Z", steps: []step{
			{at: "2026-04-05T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-04-02", conversions: 1}}, want: "started@U1"},
			{at: "2026-04-09T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-04-08", conversions: 1}}, want: "at_risk@U1"},
			{at: "2026-04-12T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-04-11", conversions: 1}}, want: ""},
			{at: "2026-05-10T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-05-09", conversions: 1}},
				want: "milestone-missed@U1 at_risk@U1"},
		}},
		{name: "stale once per gap of 48 hours", start: "2026-03-02T00:00:00Z", steps: []step{
			{at: "2026-03-02T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-03-01", conversions: 150}},
				want: "started@U1 threshold-50@U1 threshold-75@U1"},
			{at: "2026-03-03T23:59:00Z", want: ""},
			{at: "2026-03-04T00:00:00Z", want: "stale@U1"},
			{at: "2026-03-04T06:00:00Z", want: ""},
			{at: "2026-03-05T00:00:00Z", rows: []row{{campaign: "cmp-2", date: "2026-03-04", conversions: 1}}, want: ""},
			{at: "2026-03-07T00:00:00Z", want: "stale@U1"},
		}},
		{name: "a goal created after a period ended gets its figures but not its milestone", start: "2026-02-10T00:00:00Z", steps: []step{
			// January's 250 count for January; February, a third through, has nothing: at risk.
			{at: "2026-02-10T00:00:00Z", rows: []row{{campaign: "cmp-1", date: "2026-01-15", conversions: 250}}, want: "started@U1 at_risk@U1",
				check: func(t *testing.T, r *rig, g *goalbot.Goal, res PassResult) {
					if m, _ := r.store.Measurement(r.ctx, g.ID); m.Periods[0].Actual != goalbot.Units(250) || !m.Periods[0].Settled {
						t.Fatalf("january of a goal created in february: %+v", m.Periods[0])
					}
				}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := miniRig(t, at(c.start))
			g := r.goal(func(g *goalbot.Goal) {
				g.Notifications = all
				if c.goal != nil {
					c.goal(g)
				}
				if g.Type == goalbot.CostPerContact {
					g.Notifications = []goalbot.Event{goalbot.EventStarted, goalbot.EventMilestone}
				}
			})
			for i, s := range c.steps {
				r.move(s.at)
				for _, rw := range s.rows {
					r.row(rw)
				}
				if s.edit != nil {
					g = r.edit(g.ID, s.edit)
				}
				if s.delete {
					if err := r.store.DeleteGoal(r.ctx, g.ID); err != nil {
						t.Fatal(err)
					}
				}
				res := r.pass()
				if got := words(res.Queued); got != s.want {
					t.Fatalf("step %d (%s): queued %q, want %q", i, s.at, got, s.want)
				}
				if s.check != nil {
					s.check(t, r, g, res)
				}
			}
		})
	}
}

// TestCostGoalSubscriptionGetsNoThresholds: a channel that asks for every event gets
// a cost goal's started, milestone, stale and the weekly digest, and never a threshold
// or at_risk, however far over or under its cap it runs.
func TestCostGoalSubscriptionGetsNoThresholds(t *testing.T) {
	r := miniRig(t, at("2026-03-02T12:00:00Z")) // a Monday, after the digest was due
	if err := r.store.CreateSubscription(r.ctx, &goalbot.Subscription{Channel: "C1", Events: goalbot.Events, Creator: "U2", CreatedAt: r.wall}); err != nil {
		t.Fatal(err)
	}
	r.goal(func(g *goalbot.Goal) {
		g.Type, g.Stage, g.Currency, g.Notifications = goalbot.CostPerContact, goalbot.Lead, "USD", []goalbot.Event{}
	})
	r.row(row{campaign: "cmp-1", date: "2026-03-02", spend: 1000, leads: 1})
	if got := words(r.pass().Queued); got != "started@C1" {
		t.Fatalf("queued %q", got)
	}
	r.move("2026-03-20T12:00:00Z")
	r.row(row{campaign: "cmp-1", date: "2026-03-20", spend: 1, leads: 500})
	if got := words(r.pass().Queued); got != "digest@C1" {
		t.Fatalf("queued %q", got)
	}
	r.move("2026-04-02T00:00:00Z")
	if got := words(r.pass().Queued); got != "milestone-exceeded@C1 stale@C1 digest@C1" {
		t.Fatalf("queued %q", got)
	}
}

// row stores one scenario row, accepted at the wall clock.
func (r *rig) row(rw row) {
	r.t.Helper()
	d, err := goalbot.ParseDate(rw.date)
	if err != nil {
		r.t.Fatal(err)
	}
	m := goalbot.Metric{Date: d, Network: "google", AccountID: "act-1", CampaignID: rw.campaign, Currency: "USD",
		Totals: goalbot.Totals{Conversions: goalbot.Units(rw.conversions), Spend: goalbot.Units(rw.spend)}}
	m.Contacts[goalbot.StageIndex(goalbot.Lead)] = rw.leads
	if err := r.store.UpsertMetrics(r.ctx, []goalbot.Metric{m}, r.wall); err != nil {
		r.t.Fatal(err)
	}
}

// edit applies an edit to goal id as the edit command does (ended periods keep their
// targets) and saves it.
func (r *rig) edit(id string, edit func(*goalbot.Goal)) *goalbot.Goal {
	r.t.Helper()
	g, err := r.store.Goal(r.ctx, id)
	if err != nil {
		r.t.Fatal(err)
	}
	want := *g
	edit(&want)
	if err := g.Apply(goalbot.GoalUpdate{Targets: &want.Targets}, r.clock.Now()); err != nil {
		r.t.Fatal(err)
	}
	if err := r.store.UpdateGoal(r.ctx, g, goalbot.Change{}); err != nil {
		r.t.Fatal(err)
	}
	return g
}
