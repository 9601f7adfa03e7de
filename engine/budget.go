package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
)

// A budget (an ad_spend goal) is projected from its daily spend of the last eight
// weeks and today (goalbot.BudgetDays; the period's days before them count through
// its spend so far, which its sums give: goalbot.MeasureBudget), so the engine reads
// that spend day by day for the ad_spend goals it measures afresh, and for them
// alone. It reads them a month at a time (from the first day needed or the month's
// first, through its last or today), which the goals of a campaign share whatever
// their periods, and keeps them for the rest of the pass (sumCache.days); a month of
// a campaign whose metrics changed during the pass is read afresh, as its sums are.

// maxCachedMonths bounds the months of daily spend a pass keeps: 31 days of 8 bytes
// each, so about 10 MB (a pass over 10,000 campaigns with budgets on all of them
// needs three months of each, 30,000, and a fourth where goals' time zones see
// different todays).
const maxCachedMonths = 40_000

// budgetPlan collects the months of daily spend that a batch's ad_spend goals need
// and the cache does not hold, each once, so that one pipelined read serves the
// batch.
type budgetPlan struct {
	cache   *sumCache
	queued  map[piece]int
	pieces  []piece
	queries []goalbot.DaysRange
	read    [][]goalbot.Micro
	goals   map[string]budgetDays
}

// budgetDays is the days an ad_spend goal's outlook needs and where each month of
// each of its campaigns' is: kept in the cache (days) or read by query q.
type budgetDays struct {
	from, to goalbot.Date
	months   []monthRef
}

type monthRef struct {
	at   int // the index of the month's first day in the goal's days
	days []goalbot.Micro
	q    int // -1 when days holds the month
}

func newBudgetPlan(cache *sumCache) *budgetPlan {
	return &budgetPlan{cache: cache, queued: make(map[piece]int), goals: make(map[string]budgetDays)}
}

// add plans the days g (with periods ps) needs at now: none unless it is an
// ad_spend goal with a running period.
func (p *budgetPlan) add(g *goalbot.Goal, ps []goalbot.Period, now time.Time) {
	from, to, ok := goalbot.BudgetDays(g, ps, now)
	if !ok {
		return
	}
	bd := budgetDays{from: from, to: to, months: make([]monthRef, 0, 3*len(g.Campaigns))}
	for j, c := range g.Campaigns {
		num := p.cache.campaign(c)
		for d := from; !d.After(to); d = d.MonthEnd().AddDays(1) {
			pc, at := monthOfDays(num, d, to), from.DaysUntil(d)
			if days, ok := p.cached(pc); ok {
				bd.months = append(bd.months, monthRef{at: at, days: days, q: -1})
				continue
			}
			q, ok := p.queued[pc]
			if !ok {
				q = len(p.queries)
				p.queued[pc] = q
				p.pieces = append(p.pieces, pc)
				p.queries = append(p.queries, goalbot.DaysRange{Campaigns: g.Campaigns[j : j+1], From: dateOf(pc.from), To: dateOf(pc.to)})
			}
			bd.months = append(bd.months, monthRef{at: at, q: q})
		}
	}
	p.goals[g.ID] = bd
}

// monthOfDays is campaign num's days of d's month from d through the month's last or
// through to, whichever comes first.
func monthOfDays(num int32, d, to goalbot.Date) piece {
	last := d.MonthEnd()
	if last.After(to) {
		last = to
	}
	return piece{campaign: num, from: ymd(d), to: ymd(last)}
}

// cached returns the days of pc when the cache holds them.
func (p *budgetPlan) cached(pc piece) ([]goalbot.Micro, bool) {
	if p.cache.fresh[pc.campaign] {
		return nil, false
	}
	days, ok := p.cache.days[pc]
	return days, ok
}

// fetch reads the planned months in one round trip and keeps them in the cache
// while it has room.
func (p *budgetPlan) fetch(ctx context.Context, s Store) error {
	if len(p.queries) == 0 {
		return nil
	}
	read, err := s.DailySpend(ctx, p.queries)
	if err != nil {
		return fmt.Errorf("read the daily spend of %d months: %w", len(p.queries), err)
	}
	p.read = read
	c := p.cache
	if c.days == nil {
		c.days = make(map[piece][]goalbot.Micro)
	}
	for q, pc := range p.pieces {
		if !c.fresh[pc.campaign] && len(c.days) < maxCachedMonths {
			c.days[pc] = read[q]
		}
	}
	return nil
}

// days returns the daily spend of g's campaigns, summed, that its outlook needs, once
// fetched; ok is false when g needs none.
func (p *budgetPlan) days(g *goalbot.Goal) (goalbot.SpendDays, bool) {
	bd, ok := p.goals[g.ID]
	if !ok {
		return goalbot.SpendDays{}, false
	}
	out := goalbot.SpendDays{From: bd.from, Spend: make([]goalbot.Micro, goalbot.Days(bd.from, bd.to))}
	for _, m := range bd.months {
		month := m.days
		if m.q >= 0 {
			month = p.read[m.q]
		}
		out.Add(m.at, month)
	}
	return out, true
}

// dateOf unpacks a date packed by ymd.
func dateOf(v int32) goalbot.Date {
	return goalbot.Date{Year: int(v / 10000), Month: time.Month(v / 100 % 100), Day: int(v % 100)}
}
