package goalbot

import "math"

// Run is one period of a goal while it runs, day by day: what a projection and the
// rate still needed are computed from. The values are the goal's quantity per day
// (conversions, contacts, form submissions, or spend for a budget), summed over its
// campaigns.
type Run struct {
	Period Period
	// Today is the day in progress (in the goal's time zone). Its value may be
	// partial: the days before it are complete.
	Today Date
	// Target is the period's target (for a budget, the budget).
	Target Micro
	// Daily[i] is the value of day Period.Start+Skip+i, for the days through Today.
	// A missing day counts as 0; values after Today are ignored.
	Daily []Micro
	// Skip is how many of the period's first days Daily leaves out, and SkipSum is
	// their sum. Only the last ProfileDays complete days are used day by day (for the
	// weekday shape and the band's spread); the days before them count only through
	// their sum, so a caller may pass those as SkipSum: a long period's projection
	// then needs no more than ProfileDays+1 days read. Skip must leave the last
	// ProfileDays complete days (or all of them) in Daily.
	Skip    int
	SkipSum Micro
	// Before holds the days just before the period, oldest first (the last of them is
	// the day before Period.Start). It is optional: the last 7 days' average reaches
	// into it while the period is younger than a week, and the weekday-aware method
	// learns the weekly pattern from it. The most Run uses is ProfileDays.
	Before []Micro
}

// ProfileDays is the most days of history the weekday-aware method learns from:
// eight weeks.
const ProfileDays = 56

// Method is how a projection extends the period so far to its end.
type Method string

// The projection methods.
const (
	// Linear: every day left brings the mean of the period's complete days.
	Linear Method = "linear"
	// WeekdayAware: the same level, shaped by each weekday's share of the last
	// ProfileDays days (linear until each weekday was seen twice).
	WeekdayAware Method = "weekday"
)

// DefaultMethod is the method OutlookOf and BudgetOutlookOf use: weekday-aware,
// which beat linear on the demo's data for weeks, months and quarters alike (see
// docs/projection.md for the backtest and its figures).
const DefaultMethod = WeekdayAware

// BandZ is the half-width of a projection's band in standard deviations. 1.645 would
// hold 90 % of a normal distribution; on the demo's data, whose days drift with a
// trend, the band held the real end value about four times in five (73–84 %).
const BandZ = 1.645

// Projection is where a running period is heading: its end value if the days left go
// as the complete days so far did, with a band (Low to High) that holds the end value
// about four times in five (see BandZ).
type Projection struct {
	Value Micro `json:"value"`
	Low   Micro `json:"low"`
	High  Micro `json:"high"`
	// Method is the method used (weekday-aware falls back to linear without enough
	// history).
	Method Method `json:"method"`
}

// Project projects r to its period's end with method m. ok is false when r is not
// running (Today outside the period) or no day of it is complete yet (its first day):
// with nothing to go on there is no projection.
//
// The level comes from the complete days only (before Today), since today's value
// is partial. Today brings the larger of what it has so far and its expected value,
// and every day after it its expected value: the level, shaped by its weekday's share
// for WeekdayAware.
func Project(r Run, m Method) (p Projection, ok bool) {
	c, ok := r.complete()
	if !ok || c.n == 0 {
		return Projection{}, false
	}
	shape := flatShape
	p.Method = Linear
	if m == WeekdayAware {
		if s, ok := r.weekdayShape(); ok && sumShape(r.Period.Start, c.n, s) > 0 {
			shape, p.Method = s, WeekdayAware
		}
	}
	p.Value, p.Low, p.High = r.extend(c, shape)
	return p, true
}

// completeDays are a run's complete days (those before Today): n of them, adding up
// to sum; last holds the last (up to) ProfileDays of them, the first of which is day
// Period.Start+n-len(last).
type completeDays struct {
	n    int
	sum  float64
	last []Micro
}

// complete returns r's complete days; ok is false when Today is outside r's period.
func (r Run) complete() (completeDays, bool) {
	if !r.Period.Contains(r.Today) {
		return completeDays{}, false
	}
	n := Days(r.Period.Start, r.Today) - 1
	sum := r.SkipSum // summed exactly, so that the days a caller skips change nothing
	for i := r.Skip; i < n; i++ {
		sum = satAdd(sum, r.day(i))
	}
	return completeDays{n: n, sum: sum.Float(), last: r.window(max(r.Skip, n-ProfileDays), n)}, true
}

// window returns the values of the period's days from..to-1 (0 is Period.Start's), a
// missing day as 0.
func (r Run) window(from, to int) []Micro {
	out := make([]Micro, 0, max(0, to-from))
	for i := from; i < to; i++ {
		out = append(out, r.day(i))
	}
	return out
}

// day returns the value of the period's day i (0 is Period.Start's): 0 when Daily
// does not hold it.
func (r Run) day(i int) Micro {
	if k := i - r.Skip; k >= 0 && k < len(r.Daily) {
		return r.Daily[k]
	}
	return 0
}

// todayValue is what Today has brought so far.
func (r Run) todayValue() Micro { return r.day(Days(r.Period.Start, r.Today) - 1) }

// weekShape is each weekday's expected share of an average day, indexed by
// time.Weekday (1 for every day is linear).
type weekShape [7]float64

var flatShape = weekShape{1, 1, 1, 1, 1, 1, 1}

// sumShape adds up shape over n days from start.
func sumShape(start Date, n int, s weekShape) float64 {
	wd, sum := int(start.Weekday()), 0.0
	for i := 0; i < n; i++ {
		sum += s[(wd+i)%7]
	}
	return sum
}

// extend returns the end value of r projected from its complete days c under shape,
// with the band. The level is the complete days' sum over their shares; each day
// left brings level × its share. The band's spread is that of the last (up to)
// ProfileDays complete days around the shape (a day's own noise, and the level's
// error over the days left).
func (r Run) extend(c completeDays, s weekShape) (value, low, high Micro) {
	k, sum := c.n, c.sum
	level := max(0, sum/sumShape(r.Period.Start, k, s))
	today := r.Today
	todayGot := r.todayValue().Float()
	rest := max(todayGot, level*s[today.Weekday()])
	left := Days(today, r.Period.End) // today included
	rest += level * sumShape(today.AddDays(1), left-1, s)
	sd := spread(r.Period.Start.AddDays(k-len(c.last)), c.last, level, s)
	mean := sum / float64(k)
	v := float64(left) * sd * sd
	if mean > 0 {
		v += rest * rest * sd * sd / (float64(k) * mean * mean)
	}
	got, end := sum+todayGot, sum+rest
	half := BandZ * math.Sqrt(v)
	return microOf(end), microOf(max(got, end-half)), microOf(end + half)
}

// spread is the standard deviation of the days around level × shape; with one day it
// is taken to be the level itself (as wide as the day).
func spread(start Date, days []Micro, level float64, s weekShape) float64 {
	if len(days) < 2 {
		return level
	}
	wd, ss := int(start.Weekday()), 0.0
	for i, v := range days {
		e := v.Float() - level*s[(wd+i)%7]
		ss += e * e
	}
	return math.Sqrt(ss / float64(len(days)-1))
}

// weekdayShape learns each weekday's share from the last ProfileDays complete days
// (Before and the period's complete days); ok is false until every weekday was seen
// twice, or when nothing happened.
func (r Run) weekdayShape() (weekShape, bool) {
	hist := r.history(ProfileDays)
	if len(hist) < 14 {
		return weekShape{}, false
	}
	first := r.Today.AddDays(-len(hist))
	var sum [7]float64
	var n [7]int
	for i, v := range hist {
		wd := (int(first.Weekday()) + i) % 7
		sum[wd] += v.Float()
		n[wd]++
	}
	var s weekShape
	total := 0.0
	for wd := range s {
		s[wd] = sum[wd] / float64(n[wd])
		total += s[wd]
	}
	if total <= 0 {
		return weekShape{}, false
	}
	for wd := range s {
		s[wd] *= 7 / total
	}
	return s, true
}

// history returns the last (up to) n complete days before Today, n ≤ ProfileDays:
// the period's and, before them, Before's.
func (r Run) history(n int) []Micro {
	c, _ := r.complete()
	days := c.last
	before := r.Before[max(0, len(r.Before)-n):]
	hist := append(append(make([]Micro, 0, len(before)+len(days)), before...), days...)
	return hist[max(0, len(hist)-n):]
}

// microOf rounds a float of units to Micro, within ±MaxMicro.
func microOf(f float64) Micro {
	return Micro(math.Round(max(-float64(MaxMicro), min(float64(MaxMicro), f*1e6))))
}
