package goalbot

import (
	"math/big"
	"time"
)

// CampaignFigures are one campaign's figures in one period.
type CampaignFigures struct {
	Campaign string `json:"campaign"`
	Figures
}

// PeriodFigures are a goal's figures in one period, with each campaign's.
type PeriodFigures struct {
	Period
	Figures
	// Ended: the period is over at the time of the measurement; its outcome is shown,
	// provisionally until Settled.
	Ended     bool              `json:"ended"`
	Settled   bool              `json:"settled"`
	Campaigns []CampaignFigures `json:"campaigns"`
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
	Current int  `json:"current"`
	Pace    Pace `json:"pace,omitempty"`
	// PaceRatio is actual ÷ pro-rated target of the running period (0 without pace).
	PaceRatio float64 `json:"pace_ratio,omitempty"`
	// Headline is the progress people see: the current period's while the goal runs,
	// the whole range's once it has ended, unknown (nil) while pending.
	Headline *float64 `json:"headline"`
	// Settled: the last period is settled, so the goal's figures are final.
	Settled bool `json:"settled"`
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
// the totals of campaign g.Campaigns[j] over period i (days up to now). Periods that
// prev had settled keep their figures; periods whose settle time has come are settled
// now (Measure is called by an evaluation, SPEC §1).
func Measure(g *Goal, sums [][]Totals, prev *Measurement, now time.Time, settle time.Duration) Measurement {
	loc := g.Location()
	ps := g.Periods()
	m := Measurement{GoalID: g.ID, At: now, Current: PeriodIndex(ps, now, loc), Periods: make([]PeriodFigures, len(ps))}
	total := tally{typ: g.Type}
	for i, p := range ps {
		if old := settledPeriod(prev, p, i); old != nil {
			m.Periods[i] = *old
		} else {
			m.Periods[i] = measurePeriod(g, p, i, sums, now, settle)
		}
		for _, cf := range m.Periods[i].Campaigns {
			total.add(cellOfFigures(g.Type, cf.Figures))
		}
	}
	m.Total = total.figures()
	m.Settled = len(ps) > 0 && m.Periods[len(ps)-1].Settled
	switch {
	case m.Current >= 0 && m.Current < len(ps):
		m.Headline = m.Periods[m.Current].Progress
		m.Pace, m.PaceRatio = PaceOf(g.Type, m.Periods[m.Current].Figures, ps[m.Current], DateIn(now, loc))
	case m.Current >= len(ps):
		m.Headline = m.Total.Progress
	}
	return m
}

func settledPeriod(prev *Measurement, p Period, i int) *PeriodFigures {
	if prev == nil || i >= len(prev.Periods) || !prev.Periods[i].Settled || prev.Periods[i].Period != p {
		return nil
	}
	return &prev.Periods[i]
}

func measurePeriod(g *Goal, p Period, i int, sums [][]Totals, now time.Time, settle time.Duration) PeriodFigures {
	pf := PeriodFigures{Period: p, Campaigns: make([]CampaignFigures, len(g.Campaigns))}
	t := tally{typ: g.Type}
	for j, c := range g.Campaigns {
		var tot Totals
		if i < len(sums) && j < len(sums[i]) {
			tot = sums[i][j]
		}
		ce := cellOf(g.Type, g.Stage, g.Targets.For(c, i), tot)
		t.add(ce)
		one := tally{typ: g.Type}
		one.add(ce)
		pf.Campaigns[j] = CampaignFigures{Campaign: c, Figures: one.figures()}
	}
	pf.Figures = t.figures()
	pf.Ended = !now.Before(p.EndTime(g.Location()))
	pf.Settled = pf.Ended && !now.Before(g.SettleTime(p, settle))
	return pf
}

// PaceOf returns the pace of a running period of a count goal on date today: the actual
// against the target pro-rated by the days elapsed, today included (SPEC §1), with the
// ratio actual ÷ pro-rated target.
func PaceOf(typ Type, f Figures, p Period, today Date) (Pace, float64) {
	if !typ.IsCount() || f.Target <= 0 || !p.Contains(today) {
		return NoPace, 0
	}
	elapsed, days := int64(Days(p.Start, today)), int64(p.Days())
	// actual ÷ (target × elapsed ÷ days) compared with 0.99 and 0.80, exactly.
	lhs := new(big.Int).Mul(big.NewInt(int64(f.Actual)), big.NewInt(days*100))
	ratio := float64(f.Actual) * float64(days) / (float64(f.Target) * float64(elapsed))
	te := new(big.Int).Mul(big.NewInt(int64(f.Target)), big.NewInt(elapsed))
	switch {
	case lhs.Cmp(new(big.Int).Mul(te, big.NewInt(99))) >= 0:
		return OnTrack, ratio
	case lhs.Cmp(new(big.Int).Mul(te, big.NewInt(80))) >= 0:
		return Behind, ratio
	}
	return AtRisk, ratio
}
