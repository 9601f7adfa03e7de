package goalbot

// Outlook is what a running period of a count goal is heading for and what reaching
// its target takes: "projected 1,180 (1,050–1,310); needs 42 a day for the 12 days
// left; the last 7 days averaged 30; behind (pace 0.86)".
type Outlook struct {
	Actual Micro `json:"actual"` // so far, today included
	Target Micro `json:"target"`
	// Projection is nil on the period's first day (no complete day to go on).
	Projection *Projection `json:"projection"`
	// Needed is the daily rate that still reaches the target: what is left of it
	// divided by DaysLeft, rounded up to the micro-unit; 0 once Reached.
	Needed Micro `json:"needed"`
	// DaysLeft counts the days from today to the period's end, today included (so at
	// least 1): today's value is partial, and the rest of today can still bring
	// something. On the last day the whole rest is needed today.
	DaysLeft int  `json:"days_left"`
	Reached  bool `json:"reached"` // the actual is at or above the target
	// Last7 is the mean of the last Last7Days complete days before today (at most 7,
	// reaching before the period's start when Run.Before has them); Last7Days is 0
	// when there is no complete day.
	Last7     Micro `json:"last7"`
	Last7Days int   `json:"last7_days"`
	// Pace and PaceRatio are the pace word and ratio of the period (see PaceOf).
	Pace      Pace    `json:"pace"`
	PaceRatio float64 `json:"pace_ratio"`
}

// OutlookOf returns the outlook of r, a running period of a goal of type typ,
// projected with DefaultMethod. ok is false for a cost goal (lower is better: it
// has no pace and no rate to reach), without a positive target, and when r is not
// running (Today outside its period: no day is left).
func OutlookOf(typ Type, r Run) (o Outlook, ok bool) {
	if !typ.IsCount() || r.Target <= 0 || !r.Period.Contains(r.Today) {
		return Outlook{}, false
	}
	o.Target = r.Target
	o.Actual = r.actual()
	if p, ok := Project(r, DefaultMethod); ok {
		o.Projection = &p
	}
	o.DaysLeft = Days(r.Today, r.Period.End)
	o.Reached = o.Actual >= o.Target
	if !o.Reached {
		o.Needed = ceilDiv(o.Target-o.Actual, Micro(o.DaysLeft))
	}
	o.Last7, o.Last7Days = r.last7()
	o.Pace, o.PaceRatio = PaceOf(typ, Figures{Target: o.Target, Actual: o.Actual}, r.Period, r.Today)
	return o, true
}

// actual is the period's value so far, today included.
func (r Run) actual() Micro {
	sum := r.SkipSum
	for i := r.Skip; i < Days(r.Period.Start, r.Today); i++ {
		sum = satAdd(sum, r.day(i))
	}
	return sum
}

// last7 returns the mean of the last (up to) 7 complete days before Today and how
// many days it averaged.
func (r Run) last7() (Micro, int) {
	hist := r.history(7)
	if len(hist) == 0 {
		return 0, 0
	}
	var sum Micro
	for _, v := range hist {
		sum = satAdd(sum, v)
	}
	return roundDiv(sum, Micro(len(hist))), len(hist)
}

// ceilDiv is a ÷ b rounded up, for a ≥ 0 and b > 0.
func ceilDiv(a, b Micro) Micro { return (a + b - 1) / b }

// roundDiv is a ÷ b rounded to the nearest, half away from zero, for b > 0.
func roundDiv(a, b Micro) Micro {
	if a < 0 {
		return -roundDiv(-a, b)
	}
	return (a + b/2) / b
}
