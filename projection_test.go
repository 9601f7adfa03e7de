package goalbot

import (
	"math"
	"reflect"
	"testing"
)

// units returns whole-unit Micro values.
func units(vs ...int64) []Micro {
	out := make([]Micro, len(vs))
	for i, v := range vs {
		out[i] = Units(v)
	}
	return out
}

// repeat returns n days of v units.
func repeat(v int64, n int) []Micro {
	out := make([]Micro, n)
	for i := range out {
		out[i] = Units(v)
	}
	return out
}

// weekdays returns n days from a Monday of 10 units on weekdays and 0 at weekends.
func weekdays(n int) []Micro {
	out := make([]Micro, n)
	for i := range out {
		if i%7 < 5 {
			out[i] = Units(10)
		}
	}
	return out
}

func TestProject(t *testing.T) {
	five := Period{d("2026-04-01"), d("2026-04-05")}
	week := Period{d("2026-04-06"), d("2026-04-12")} // Monday to Sunday
	april := Period{d("2026-04-01"), d("2026-04-30")}
	cases := []struct {
		name           string
		r              Run
		m              Method
		ok             bool
		value, low, hi Micro
		method         Method
	}{
		{name: "first day: nothing complete", r: Run{Period: april, Today: d("2026-04-01"), Daily: units(7)}, m: Linear},
		{name: "before the period", r: Run{Period: april, Today: d("2026-03-31")}, m: Linear},
		{name: "after the period: no day left", r: Run{Period: april, Today: d("2026-05-01"), Daily: repeat(10, 30)}, m: Linear},
		{name: "steady days: no spread", r: Run{Period: april, Today: d("2026-04-11"), Daily: repeat(10, 10)}, m: Linear,
			ok: true, value: Units(300), low: Units(300), hi: Units(300), method: Linear},
		{name: "no data yet: ends where it is", r: Run{Period: april, Today: d("2026-04-11")}, m: Linear,
			ok: true, method: Linear},
		{name: "the band from the days' spread", r: Run{Period: five, Today: d("2026-04-03"), Daily: units(8, 12)}, m: Linear,
			ok: true, value: Units(50), low: 37_257_885, hi: 62_742_115, method: Linear},
		{name: "one complete day: a band as wide as the day", r: Run{Period: Period{d("2026-04-01"), d("2026-04-02")}, Today: d("2026-04-02"), Daily: units(10)}, m: Linear,
			ok: true, value: Units(20), low: Units(10), hi: microOf(20 + BandZ*14.142135623730951), method: Linear},
		{name: "today already above the rate counts as it is", r: Run{Period: april, Today: d("2026-04-11"), Daily: append(repeat(10, 10), Units(15))}, m: Linear,
			ok: true, value: Units(305), low: Units(305), hi: Units(305), method: Linear},
		{name: "last day: today brings the rate", r: Run{Period: april, Today: d("2026-04-30"), Daily: append(repeat(10, 29), Units(4))}, m: Linear,
			ok: true, value: Units(300), low: Units(300), hi: Units(300), method: Linear},
		{name: "days after today are ignored", r: Run{Period: april, Today: d("2026-04-11"), Daily: repeat(10, 30)}, m: Linear,
			ok: true, value: Units(300), low: Units(300), hi: Units(300), method: Linear},
		{name: "weekday-aware: quiet weekends ahead", r: Run{Period: week, Today: d("2026-04-08"), Daily: units(10, 10), Before: weekdays(14)}, m: WeekdayAware,
			ok: true, value: Units(50), low: Units(50), hi: Units(50), method: WeekdayAware},
		{name: "linear on the same days", r: Run{Period: week, Today: d("2026-04-08"), Daily: units(10, 10), Before: weekdays(14)}, m: Linear,
			ok: true, value: Units(70), low: Units(70), hi: Units(70), method: Linear},
		{name: "weekday-aware without two weeks of history is linear", r: Run{Period: week, Today: d("2026-04-08"), Daily: units(10, 10), Before: weekdays(11)}, m: WeekdayAware,
			ok: true, value: Units(70), low: Units(70), hi: Units(70), method: Linear},
		{name: "weekday-aware on a silent history is linear", r: Run{Period: week, Today: d("2026-04-08"), Daily: units(0, 0), Before: repeat(0, 14)}, m: WeekdayAware,
			ok: true, method: Linear},
		{name: "weekday-aware from a weekend start is linear", r: Run{Period: Period{d("2026-04-11"), d("2026-04-17")}, Today: d("2026-04-12"), Daily: units(0), Before: weekdays(19)}, m: WeekdayAware,
			ok: true, method: Linear},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := Project(c.r, c.m)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, c.ok, p)
			}
			if !ok {
				return
			}
			if p.Value != c.value || p.Low != c.low || p.High != c.hi || p.Method != c.method {
				t.Fatalf("projection = %v (%v–%v, %s), want %v (%v–%v, %s)", p.Value, p.Low, p.High, p.Method, c.value, c.low, c.hi, c.method)
			}
		})
	}
}

// TestProjectLongPeriods: in a long period the band's spread is that of the last
// ProfileDays complete days alone, so leaving the days before them out (Skip, with
// their sum in SkipSum) projects exactly as passing them all does.
func TestProjectLongPeriods(t *testing.T) {
	year := Period{d("2026-01-01"), d("2026-12-31")}
	today := d("2026-06-15")
	n := Days(year.Start, today) - 1 // complete days
	// A wild first half of the year, then steady days: the band is as narrow as the
	// last eight weeks, which are steady, say.
	daily := make([]Micro, n+1)
	for i := range daily {
		switch {
		case i >= n-ProfileDays:
			daily[i] = Units(10)
		case i%2 == 0:
			daily[i] = Units(40)
		}
	}
	full := Run{Period: year, Today: today, Target: Units(4000), Daily: daily}
	p, ok := Project(full, Linear)
	if !ok {
		t.Fatal("no projection")
	}
	var sum Micro
	for _, v := range daily[:n] {
		sum += v
	}
	level := sum.Float() / float64(n)
	// The steady last eight weeks lie level−10 off the level each: that is the spread.
	sd := math.Sqrt(float64(ProfileDays) * (level - 10) * (level - 10) / float64(ProfileDays-1))
	left := Days(today, year.End)
	rest := max(10, level) + level*float64(left-1)
	mean := sum.Float() / float64(n)
	half := BandZ * math.Sqrt(float64(left)*sd*sd+rest*rest*sd*sd/(float64(n)*mean*mean))
	if want := microOf(sum.Float() + rest); p.Value != want || p.High != microOf(sum.Float()+rest+half) {
		t.Fatalf("projection %v–%v, want %v–%v", p.Value, p.High, want, microOf(sum.Float()+rest+half))
	}
	for _, skip := range []int{1, 30, n - ProfileDays} {
		var skipped Micro
		for _, v := range daily[:skip] {
			skipped += v
		}
		short := Run{Period: year, Today: today, Target: full.Target, Daily: daily[skip:], Skip: skip, SkipSum: skipped,
			Before: repeat(3, ProfileDays)}
		full.Before = short.Before
		for _, m := range []Method{Linear, WeekdayAware} {
			a, _ := Project(full, m)
			b, ok := Project(short, m)
			if !ok || a != b {
				t.Fatalf("skip %d, %s: %+v, want %+v", skip, m, b, a)
			}
		}
		ao, _ := OutlookOf(NetworkConversions, full)
		bo, _ := OutlookOf(NetworkConversions, short)
		if !reflect.DeepEqual(ao, bo) {
			t.Fatalf("skip %d: outlook %+v, want %+v", skip, bo, ao)
		}
		ab, _ := BudgetOutlookOf(full, DefaultSettings.Band())
		bb, _ := BudgetOutlookOf(short, DefaultSettings.Band())
		if !reflect.DeepEqual(ab, bb) {
			t.Fatalf("skip %d: budget outlook %+v, want %+v", skip, bb, ab)
		}
	}
}
