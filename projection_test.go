package goalbot

import "testing"

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
