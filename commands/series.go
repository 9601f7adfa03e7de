package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
)

// MaxSeriesPeriodDays is the longest running period read day by day (five years, a
// custom goal's most): a longer one has no chart of its days and no outlook.
const MaxSeriesPeriodDays = 5*366 + 1

// Series is what a goal's chart and outlook are drawn from: its running period day by
// day, read from the daily metrics, and its ended periods as last measured (their
// figures are the outcomes people were told, settled ones never change).
type Series struct {
	View  GoalView
	Today goalbot.Date // in the goal's time zone
	// Run is the running period (nil when none runs, or when it is longer than
	// MaxSeriesPeriodDays): Daily holds the goal's quantity of each day through Today
	// (the spend, for a cost goal), Before as many days before the period as the
	// weekday-aware projection still needs (see goalbot.ProfileDays).
	Run *goalbot.Run
	// Contacts are a cost goal's contacts in its stage, day by day like Run.Daily.
	Contacts []int64
	// SpendKnown: every campaign of a cost goal or a budget spends in the goal's
	// currency, so its spend (and a cost goal's cost per contact) is known.
	SpendKnown bool
}

// seriesRead is one goal's range of days to read.
type seriesRead struct {
	i      int // the goal's index
	period int // its running period's index
	before int // days read before the period
}

// loadSeries reads the series of views at now: one round trip for the days of all
// of them (one HMGET per campaign and month), and one more for the currencies of the
// campaigns of cost goals and budgets among them.
func (a *App) loadSeries(ctx context.Context, views []GoalView, now time.Time) ([]Series, error) {
	out := make([]Series, len(views))
	var reads []seriesRead
	var qs []goalbot.DaysRange
	for i, v := range views {
		g := v.Goal
		loc := g.Location()
		out[i] = Series{View: v, Today: goalbot.DateIn(now, loc)}
		ps := g.Periods()
		k := goalbot.PeriodIndex(ps, now, loc)
		if k < 0 || k >= len(ps) || ps[k].Days() > MaxSeriesPeriodDays {
			continue
		}
		today := out[i].Today
		before := max(0, goalbot.ProfileDays-goalbot.Days(ps[k].Start, today)+1)
		reads = append(reads, seriesRead{i: i, period: k, before: before})
		qs = append(qs, goalbot.DaysRange{Campaigns: g.Campaigns, From: ps[k].Start.AddDays(-before), To: today})
	}
	if len(qs) == 0 {
		return out, nil
	}
	days, err := a.Store.DailyTotals(ctx, qs)
	if err != nil {
		return nil, fmt.Errorf("load the daily metrics of %d goals: %w", len(qs), err)
	}
	for j, rd := range reads {
		s := &out[rd.i]
		g := s.View.Goal
		p := g.Periods()[rd.period]
		run := goalbot.Run{Period: p, Today: s.Today, Target: periodTarget(s.View, rd.period)}
		run.Before, run.Daily = quantities(g, days[j][:rd.before]), quantities(g, days[j][rd.before:])
		switch g.Type {
		case goalbot.CostPerContact:
			s.Contacts = contactsOf(g.Stage, days[j][rd.before:])
		case goalbot.AdSpend:
			run.Before = goalbot.FromFirstSpend(run.Before) // as the budget's outlook reads it
		}
		s.Run = &run
	}
	return out, a.learnCurrencies(ctx, out)
}

// quantities is quantity of each day.
func quantities(g *goalbot.Goal, days []goalbot.Totals) []goalbot.Micro {
	out := make([]goalbot.Micro, len(days))
	for i, t := range days {
		out[i] = g.Quantity(t)
	}
	return out
}

// contactsOf is each day's contacts in stage.
func contactsOf(stage goalbot.Stage, days []goalbot.Totals) []int64 {
	out := make([]int64, len(days))
	for i, t := range days {
		out[i] = t.ContactsIn(stage)
	}
	return out
}

// periodTarget is the target of v's period k: the sum of its campaigns' for a count
// goal or a budget; for a cost goal the cap as measured (the campaigns' caps weighted by their
// contacts), else their plain mean.
func periodTarget(v GoalView, k int) goalbot.Micro {
	g := v.Goal
	if g.Type == goalbot.CostPerContact && v.Measurement != nil && k < len(v.Measurement.Periods) {
		return v.Measurement.Periods[k].Target
	}
	var sum goalbot.Micro
	for _, c := range g.Campaigns {
		sum += g.Targets.For(c, k)
	}
	if g.Type == goalbot.CostPerContact && len(g.Campaigns) > 0 {
		return sum / goalbot.Micro(len(g.Campaigns))
	}
	return sum
}

// learnCurrencies sets SpendKnown on the series of cost goals and budgets whose
// campaigns all spend in the goal's currency (one read of the catalog for all of them).
func (a *App) learnCurrencies(ctx context.Context, ss []Series) error {
	var ids []string
	for _, s := range ss {
		if s.Run != nil && s.View.Goal.Type.IsMoney() {
			ids = append(ids, s.View.Goal.Campaigns...)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	known, err := a.Store.Campaigns(ctx, ids)
	if err != nil {
		return fmt.Errorf("load the currencies of %d campaigns: %w", len(ids), err)
	}
	for i := range ss {
		g := ss[i].View.Goal
		if ss[i].Run == nil || !g.Type.IsMoney() || g.Currency == "" {
			continue
		}
		ss[i].SpendKnown = true
		for _, c := range g.Campaigns {
			if known[c].Currency != g.Currency {
				ss[i].SpendKnown = false
			}
		}
	}
	return nil
}
