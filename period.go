package goalbot

import (
	"fmt"
	"time"
)

// Period is one stretch of a goal's range, from Start to End inclusive, as dates in the
// goal's time zone.
type Period struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
}

// Days returns the number of days in p.
func (p Period) Days() int { return Days(p.Start, p.End) }

// Contains reports whether d falls in p.
func (p Period) Contains(d Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// StartTime returns p's first instant in loc.
func (p Period) StartTime(loc *time.Location) time.Time { return p.Start.Start(loc) }

// EndTime returns the first instant after p in loc (the end is exclusive).
func (p Period) EndTime(loc *time.Location) time.Time { return p.End.AddDays(1).Start(loc) }

// String is "2026-01-01–2026-03-31", or one date for a one-day period.
func (p Period) String() string {
	if p.Start == p.End {
		return p.Start.String()
	}
	return p.Start.String() + "–" + p.End.String()
}

// MaxPeriods is the most periods one goal may have (five years of weeks).
const MaxPeriods = 261

// MinYear is the earliest year a goal or a metric may be dated in.
const MinYear = 2000

// Splitter splits ranges into periods of one duration, under the settings in force for
// a goal.
type Splitter struct {
	Duration Duration
	Settings Settings
	Fiscal   bool // quarters and years follow the fiscal year
}

// Splitter returns the splitter of g's duration and settings.
func (g *Goal) Splitter() Splitter {
	return Splitter{Duration: g.Duration, Settings: g.Settings, Fiscal: g.FiscalYear}
}

// Location returns g's time zone.
func (g *Goal) Location() *time.Location { return g.Settings.Location() }

// Periods splits g's range into its periods (one for custom).
func (g *Goal) Periods() []Period { return g.Splitter().Split(g.Start, g.End) }

// Range returns g's whole range as one period.
func (g *Goal) Range() Period { return Period{g.Start, g.End} }

// StartTime and EndTime are the first instant of g's range and the first instant after it.
func (g *Goal) StartTime() time.Time { return g.Start.Start(g.Location()) }

// EndTime is the first instant after g's range.
func (g *Goal) EndTime() time.Time { return g.End.AddDays(1).Start(g.Location()) }

// YearStart returns the first day of the (fiscal, when aligned) year that holds d.
func (s Splitter) YearStart(d Date) Date {
	m := s.Settings.yearStart(s.Fiscal)
	y := d.Year
	if d.Month < m {
		y--
	}
	return Date{y, m, 1}
}

// PeriodStart returns the first day of the period that holds d. For custom it is d.
func (s Splitter) PeriodStart(d Date) Date {
	switch s.Duration {
	case Weekly:
		off := (int(d.Weekday()) - int(s.Settings.WeekStart) + 7) % 7
		return d.AddDays(-off)
	case Monthly:
		return Date{d.Year, d.Month, 1}
	case Quarterly:
		ys := s.YearStart(d)
		months := (int(d.Month) - int(ys.Month) + 12) % 12
		return ys.AddMonths(months - months%3)
	case Yearly:
		return s.YearStart(d)
	}
	return d
}

// NextStart returns the first day of the period after the one that starts on start.
func (s Splitter) NextStart(start Date) Date {
	switch s.Duration {
	case Weekly:
		return start.AddDays(7)
	case Monthly:
		return start.AddMonths(1)
	case Quarterly:
		return start.AddMonths(3)
	case Yearly:
		return start.AddMonths(12)
	}
	return start.AddDays(1)
}

// IsStart reports whether d is the first day of a period.
func (s Splitter) IsStart(d Date) bool { return s.Duration == Custom || s.PeriodStart(d) == d }

// IsEnd reports whether d is the last day of a period.
func (s Splitter) IsEnd(d Date) bool { return s.IsStart(d.AddDays(1)) }

// NearestStarts returns the period starts on or before d and after d.
func (s Splitter) NearestStarts(d Date) (before, after Date) {
	before = s.PeriodStart(d)
	return before, s.NextStart(before)
}

// NearestEnds returns the period ends before d and on or after d.
func (s Splitter) NearestEnds(d Date) (before, after Date) {
	st := s.PeriodStart(d)
	return st.AddDays(-1), s.NextStart(st).AddDays(-1)
}

// Split returns the periods from start to end inclusive. For custom it is one period;
// for the others start must be a period start and end a period end (Validate checks
// this), otherwise the periods are those that hold the range's days.
func (s Splitter) Split(start, end Date) []Period {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return nil
	}
	if s.Duration == Custom {
		return []Period{{start, end}}
	}
	months := (end.Year-start.Year)*12 + int(end.Month) - int(start.Month) + 1
	n := months + 1
	switch s.Duration {
	case Weekly:
		n = months*5 + 1
	case Quarterly:
		n = months/3 + 2
	case Yearly:
		n = months/12 + 2
	}
	out := make([]Period, 0, min(n, MaxPeriods+1))
	for st := s.PeriodStart(start); !st.After(end) && len(out) < MaxPeriods+1; {
		next := s.NextStart(st)
		out = append(out, Period{st, next.AddDays(-1)})
		st = next
	}
	return out
}

// DefaultRange fills in the dates a user left out (docs/contract.md): with neither, the year that
// holds today; with one, the year that holds it. The year is the fiscal one when aligned;
// for weekly goals it is the weeks whose first day falls in that year. Custom goals
// have no default.
func (s Splitter) DefaultRange(today, start, end Date) (Date, Date) {
	if s.Duration == Custom || (!start.IsZero() && !end.IsZero()) {
		return start, end
	}
	ref := today
	switch {
	case !start.IsZero():
		ref = start
	case !end.IsZero():
		ref = end
	}
	ys := s.YearStart(ref)
	ye := ys.AddMonths(12).AddDays(-1)
	if s.Duration == Weekly {
		first := s.PeriodStart(ys)
		if first.Before(ys) {
			first = first.AddDays(7)
		}
		last := s.PeriodStart(ye)
		ys, ye = first, last.AddDays(6)
	}
	if start.IsZero() {
		start = ys
	}
	if end.IsZero() {
		end = ye
	}
	return start, end
}

// Describe is how a period of this splitter is named to people: "week of 2026-03-02",
// "March 2026", "Q1 FY2026", "FY2026", or the dates.
func (s Splitter) Describe(p Period) string {
	switch s.Duration {
	case Weekly:
		return "week of " + p.Start.String()
	case Monthly:
		return fmt.Sprintf("%s %d", p.Start.Month, p.Start.Year)
	case Quarterly:
		ys := s.YearStart(p.Start)
		q := ((int(p.Start.Month)-int(ys.Month)+12)%12)/3 + 1
		if s.Fiscal && ys.Month != time.January {
			return fmt.Sprintf("Q%d FY%d", q, ys.Year+1)
		}
		return fmt.Sprintf("Q%d %d", q, ys.Year)
	case Yearly:
		if s.Fiscal && p.Start.Month != time.January {
			return fmt.Sprintf("FY%d", p.Start.Year+1)
		}
		return fmt.Sprintf("%d", p.Start.Year)
	}
	return p.String()
}

// PeriodIndex returns the index of the period in ps that holds instant t in loc, -1
// when t is before them and len(ps) when after.
func PeriodIndex(ps []Period, t time.Time, loc *time.Location) int {
	if len(ps) == 0 {
		return -1
	}
	d := DateIn(t, loc)
	if d.Before(ps[0].Start) {
		return -1
	}
	for i, p := range ps {
		if p.Contains(d) {
			return i
		}
	}
	return len(ps)
}
