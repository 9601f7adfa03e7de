package goalbot

import (
	"time"
)

// CampaignFigures are one campaign's figures in one period.
type CampaignFigures struct {
	Campaign string `json:"campaign"`
	Figures
}

// PeriodFigures are a goal's figures in one period, and for the current period each
// campaign's.
type PeriodFigures struct {
	Period
	Figures
	// Ended: the period is over at the time of the measurement; its outcome is shown,
	// provisionally until Settled.
	Ended   bool `json:"ended"`
	Settled bool `json:"settled"`
	// Campaigns are each campaign's figures in the current period, and in a period
	// that settled in this measurement (nil in the others, and in the settled periods
	// of a measurement the store kept: the current period's are computed afresh by
	// every evaluation, what the goal's total needs of settled periods is SettledSum,
	// and the store keeps each settled period's campaigns apart, once, for the goal's
	// history).
	Campaigns []CampaignFigures `json:"campaigns,omitempty"`
}

// PeriodOutcome returns the period's outcome once it has ended ("" before).
func (p PeriodFigures) PeriodOutcome() Outcome {
	if !p.Ended {
		return ""
	}
	return p.Outcome()
}

// Measurement is what one evaluation found for a goal: figures per period and for the
// whole range, the current period, pace and headline progress. The engine computes it
// with Measure and the store keeps it, so that reads never compute.
type Measurement struct {
	GoalID  string          `json:"goal_id"`
	At      time.Time       `json:"measured_at"`
	Periods []PeriodFigures `json:"periods"`
	Total   Figures         `json:"total"`
	// Current is the index of the period that holds At: -1 before the range, len(Periods)
	// after it.
	Current int `json:"current"`
	// Pace is the running period's pace: for count goals on_track, behind or
	// at_risk; for ad_spend goals on_budget, overspend or underspend (see
	// MeasureBudget).
	Pace Pace `json:"pace,omitempty"`
	// PaceRatio is actual ÷ pro-rated target of the running period (for ad_spend,
	// projected spend ÷ budget; 0 without pace).
	PaceRatio float64 `json:"pace_ratio,omitempty"`
	// Budget is an ad_spend goal's outlook for its running period (see
	// MeasureBudget); nil otherwise.
	Budget *BudgetOutlook `json:"budget,omitempty"`
	// Headline is the progress people see: the current period's while the goal runs,
	// the whole range's once it has ended, unknown (nil) while pending.
	Headline *float64 `json:"headline"`
	// Settled: the last period is settled, so the goal's figures are final.
	Settled bool `json:"settled"`
	// SettledSum adds up the cells (each campaign in each period) of the settled
	// periods. The total is this and the cells of the other periods, so that a
	// settled period's per-campaign figures need not be kept.
	SettledSum CellSum `json:"settled_sum"`
	// GoalVersion is the version of the goal measured (its targets and dates).
	GoalVersion int64 `json:"goal_version"`
}

// CurrentPeriod returns the figures of the current period, or nil outside the range.
func (m *Measurement) CurrentPeriod() *PeriodFigures {
	if m == nil || m.Current < 0 || m.Current >= len(m.Periods) {
		return nil
	}
	return &m.Periods[m.Current]
}

// Status returns g's status at now given its latest measurement (nil when none): the
// settled outcome, else pending before the range and in progress from its start.
func (g *Goal) Status(m *Measurement, now time.Time) Status {
	if m != nil && m.Settled {
		return Status(m.Total.Outcome())
	}
	if now.Before(g.StartTime()) {
		return Pending
	}
	return InProgress
}

// SettleTime returns when period p of g may be settled: settle after its end.
func (g *Goal) SettleTime(p Period, settle time.Duration) time.Time {
	return p.EndTime(g.Location()).Add(settle)
}

// Measure computes g's figures at now from its campaigns' metric sums: sums[i][j] are
// the totals of campaign g.Campaigns[j] over period i (days up to now), and
// currencies[j] is the currency that campaign spends in (its account's; "" or
// missing when not known, which leaves the spend unknown). Periods that prev had
// settled keep their figures; periods whose settle time has come are settled now
// (Measure is called by an evaluation).
func Measure(g *Goal, sums [][]Totals, currencies []string, prev *Measurement, now time.Time, settle time.Duration) Measurement {
	return MeasurePeriods(g, g.Periods(), sums, currencies, prev, now, settle)
}

// MeasurePeriods is Measure for a caller that has split g's range already: ps must be
// g.Periods(). The engine splits each goal once a pass and reuses the periods.
func MeasurePeriods(g *Goal, ps []Period, sums [][]Totals, currencies []string, prev *Measurement, now time.Time, settle time.Duration) Measurement {
	loc := g.Location()
	today := DateIn(now, loc)
	m := Measurement{GoalID: g.ID, At: now, Current: PeriodIndex(ps, now, loc), Periods: make([]PeriodFigures, len(ps)),
		GoalVersion: g.Version}
	slab := newAmountSlab(len(ps) + len(g.Campaigns) + 2)
	settled, live := newTally(g, &slab), newTally(g, &slab)
	k := SettledPrefix(prev, ps)
	if k > 0 {
		settled.merge(prev.settledSum(g.Type, k))
		copy(m.Periods, prev.Periods[:k])
		if !prev.Total.Spend.Known() { // kept before currencies were
			relabelSettled(&m, &settled, CurrencyOf(soleCurrency(currencies, len(g.Campaigns))), k)
		}
	}
	for i := k; i < len(ps); i++ {
		pf := &m.Periods[i]
		pf.Period = ps[i]
		pf.Ended = ended(g, ps[i], now, today)
		pf.Settled = pf.Ended && !now.Before(g.SettleTime(ps[i], settle))
		t := &live
		if pf.Settled {
			t = &settled
		}
		// The current period's campaigns are shown; a period settling now has its
		// campaigns' figures worked out this once, for the store to keep (its history).
		pf.Figures = measurePeriod(g, i, sums, currencies, t, i == m.Current || pf.Settled, &pf.Campaigns, &slab)
	}
	m.SettledSum = settled.sum()
	live.merge(m.SettledSum)
	m.Total = live.figures()
	m.Settled = len(ps) > 0 && m.Periods[len(ps)-1].Settled
	switch {
	case m.Current >= 0 && m.Current < len(ps):
		m.Headline = m.Periods[m.Current].Progress
		m.Pace, m.PaceRatio = PaceOf(g.Type, m.Periods[m.Current].Figures, ps[m.Current], today)
	case m.Current >= len(ps):
		m.Headline = m.Total.Progress
	}
	return m
}

// Retime returns prev, g's previous measurement, as a measurement at now, when it
// still holds: the same version of g, now on the same day as prev (in g's zone), and
// no period ending or settling between them. The caller must know that no metrics of
// g's campaigns changed since prev was measured: then every figure is prev's, and
// only the time moves (at_risk and stale, which follow the time, are decided from
// it). ok is false when g must be measured afresh.
func Retime(g *Goal, prev *Measurement, now time.Time, settle time.Duration) (m Measurement, ok bool) {
	if prev == nil || prev.Settled || prev.GoalVersion != g.Version || prev.GoalID != g.ID || now.Before(prev.At) ||
		!prev.Total.Spend.Known() { // kept before currencies were: measured afresh to learn them
		return Measurement{}, false
	}
	loc := g.Location()
	today := DateIn(now, loc)
	if today != DateIn(prev.At, loc) {
		return Measurement{}, false
	}
	for _, p := range prev.Periods {
		if p.Settled {
			continue
		}
		ended := ended(g, p.Period, now, today)
		if ended != p.Ended || ended && !now.Before(g.SettleTime(p.Period, settle)) {
			return Measurement{}, false
		}
		if p.Start.After(today) {
			break // the later periods have not begun either
		}
	}
	m = *prev
	m.At = now
	return m, true
}

// SettledPrefix returns how many of periods ps (a goal's) prev settled: they are
// kept as prev measured them, and a new measurement needs no metrics for them. Periods
// settle in order, so they are the first ones; when prev's settled periods are not
// ps's first ones (its goal was split differently), none are kept.
func SettledPrefix(prev *Measurement, ps []Period) int {
	if prev == nil {
		return 0
	}
	k := 0
	for k < len(prev.Periods) && prev.Periods[k].Settled {
		k++
	}
	if k > len(ps) {
		return 0
	}
	for i := 0; i < len(prev.Periods); i++ {
		if (i < k && prev.Periods[i].Period != ps[i]) || (i >= k && prev.Periods[i].Settled) {
			return 0
		}
	}
	if k > 0 && prev.SettledSum.N == 0 && !prev.hasSettledCampaigns(k) {
		return 0 // no sum of the settled cells, and no cells to make it from
	}
	return k
}

// settledSum returns the sum of the cells of m's first k periods, all settled, of a
// goal of type typ: the sum m keeps, or, for a measurement kept before it did, the
// sum of those periods' per-campaign figures.
func (m *Measurement) settledSum(typ Type, k int) CellSum {
	if m.SettledSum.N > 0 {
		return m.SettledSum
	}
	t := tally{typ: typ}
	for _, p := range m.Periods[:k] {
		for _, cf := range p.Campaigns {
			t.add(cellOfFigures(typ, cf.Figures))
			t.spend = t.spend.merge(cf.Spend)
		}
	}
	return t.sum()
}

// relabelSettled counts the spend of unknown currency of m's first k periods, kept
// by a goalbot that did not keep currencies, and of their sum in settled, in cur
// (see Money.relabel).
func relabelSettled(m *Measurement, settled *tally, cur CurrencyCode, k int) {
	settled.spend = settled.spend.relabel(cur)
	for i := range m.Periods[:k] {
		m.Periods[i].Spend = m.Periods[i].Spend.relabel(cur)
	}
}

// soleCurrency returns the one currency of a goal's n campaigns, "" when they have
// several or one is not known. Spend that a measurement kept before currencies were
// kept is counted in it: such a sum is right only when every campaign spends in one
// currency.
func soleCurrency(currencies []string, n int) string {
	if n == 0 || len(currencies) < n {
		return ""
	}
	for _, c := range currencies[1:n] {
		if c != currencies[0] {
			return ""
		}
	}
	return currencies[0]
}

// hasSettledCampaigns reports whether each of m's first k periods has its
// campaigns' figures.
func (m *Measurement) hasSettledCampaigns(k int) bool {
	for _, p := range m.Periods[:k] {
		if len(p.Campaigns) == 0 {
			return false
		}
	}
	return true
}

// measurePeriod returns the figures of period i of g from sums (spent in
// currencies) and adds its cells to total; with each set, it sets *campaigns to each
// campaign's figures. Their spends take room from slab.
func measurePeriod(g *Goal, i int, sums [][]Totals, currencies []string, total *tally, each bool, campaigns *[]CampaignFigures,
	slab *amountSlab) Figures {
	t := newTally(g, slab)
	if each {
		*campaigns = make([]CampaignFigures, len(g.Campaigns))
	}
	for j, c := range g.Campaigns {
		var tot Totals
		if i < len(sums) && j < len(sums[i]) {
			tot = sums[i][j]
		}
		var cur CurrencyCode
		if j < len(currencies) {
			cur = CurrencyOf(currencies[j])
		}
		ce := cellOf(g.Type, g.Stage, g.Targets.For(c, i), tot, cur)
		t.add(ce)
		total.add(ce)
		if each {
			one := newTally(g, slab)
			one.add(ce)
			(*campaigns)[j] = CampaignFigures{Campaign: c, Figures: one.figures()}
		}
	}
	return t.figures()
}

// ended reports whether p has ended at now (today in g's zone): whether now is at or
// after the first instant after p. Far from the end the dates tell (cheaply, for the
// many periods of a weekly goal); next to it the instants do.
func ended(g *Goal, p Period, now time.Time, today Date) bool {
	switch {
	case today.Before(p.End):
		return false
	case today.After(p.End.AddDays(1)):
		return true
	}
	return !now.Before(p.EndTime(g.Location()))
}

// PaceOf returns the pace of a running period of a count goal on date today: the actual
// against the target pro-rated by the days elapsed, today included (docs/contract.md), with the
// ratio actual ÷ pro-rated target.
func PaceOf(typ Type, f Figures, p Period, today Date) (Pace, float64) {
	if !typ.IsCount() || f.Target <= 0 || !p.Contains(today) {
		return NoPace, 0
	}
	elapsed, days := int64(Days(p.Start, today)), int64(p.Days())
	// actual ÷ (target × elapsed ÷ days) compared with 0.99 and 0.80, exactly (in 128
	// bits: the products do not fit in 64).
	ratio := float64(f.Actual) * float64(days) / (float64(f.Target) * float64(elapsed))
	if f.Actual < 0 {
		return AtRisk, ratio
	}
	lhs := mul64(uint64(f.Actual), uint64(days)).mulSmall(100)
	te := mul64(uint64(f.Target), uint64(elapsed))
	switch {
	case lhs.cmp(te.mulSmall(99)) >= 0:
		return OnTrack, ratio
	case lhs.cmp(te.mulSmall(80)) >= 0:
		return Behind, ratio
	}
	return AtRisk, ratio
}
