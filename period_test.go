package goalbot

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestPeriodStart(t *testing.T) {
	utc := Settings{TimeZone: "UTC", WeekStart: time.Monday, FiscalYearStart: time.April}
	sun := Settings{TimeZone: "UTC", WeekStart: time.Sunday, FiscalYearStart: time.January}
	cases := []struct {
		name   string
		s      Splitter
		in     string
		start  string
		next   string
		isDesc string
	}{
		{"week monday", Splitter{Weekly, utc, false}, "2026-03-05", "2026-03-02", "2026-03-09", "week of 2026-03-02"},
		{"week sunday", Splitter{Weekly, sun, false}, "2026-03-05", "2026-03-01", "2026-03-08", "week of 2026-03-01"},
		{"week start day itself", Splitter{Weekly, utc, false}, "2026-03-02", "2026-03-02", "2026-03-09", "week of 2026-03-02"},
		{"month", Splitter{Monthly, utc, false}, "2026-02-28", "2026-02-01", "2026-03-01", "February 2026"},
		{"quarter calendar", Splitter{Quarterly, utc, false}, "2026-05-17", "2026-04-01", "2026-07-01", "Q2 2026"},
		{"quarter fiscal april", Splitter{Quarterly, utc, true}, "2026-03-31", "2026-01-01", "2026-04-01", "Q4 FY2026"},
		{"quarter fiscal april q1", Splitter{Quarterly, utc, true}, "2026-04-30", "2026-04-01", "2026-07-01", "Q1 FY2027"},
		{"year calendar ignores fiscal start", Splitter{Yearly, utc, false}, "2026-03-01", "2026-01-01", "2027-01-01", "2026"},
		{"year fiscal", Splitter{Yearly, utc, true}, "2026-03-01", "2025-04-01", "2026-04-01", "FY2026"},
		{"leap february", Splitter{Monthly, utc, false}, "2028-02-29", "2028-02-01", "2028-03-01", "February 2028"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := c.s.PeriodStart(d(c.in))
			if st.String() != c.start {
				t.Fatalf("PeriodStart(%s) = %s, want %s", c.in, st, c.start)
			}
			if n := c.s.NextStart(st); n.String() != c.next {
				t.Fatalf("NextStart(%s) = %s, want %s", st, n, c.next)
			}
			if got := c.s.Describe(Period{st, c.s.NextStart(st).AddDays(-1)}); got != c.isDesc {
				t.Fatalf("Describe = %q, want %q", got, c.isDesc)
			}
		})
	}
}

func TestDefaultRange(t *testing.T) {
	s := Settings{TimeZone: "UTC", WeekStart: time.Monday, FiscalYearStart: time.July}
	today := d("2026-11-28")
	cases := []struct {
		name        string
		sp          Splitter
		start, end  string
		wantS, wntE string
	}{
		{"year of today", Splitter{Monthly, s, false}, "", "", "2026-01-01", "2026-12-31"},
		{"fiscal year of today", Splitter{Quarterly, s, true}, "", "", "2026-07-01", "2027-06-30"},
		{"weeks whose first day is in the year", Splitter{Weekly, s, false}, "", "", "2026-01-05", "2027-01-03"},
		{"start given", Splitter{Monthly, s, false}, "2025-03-01", "", "2025-03-01", "2025-12-31"},
		{"end given", Splitter{Quarterly, s, false}, "", "2027-06-30", "2027-01-01", "2027-06-30"},
		{"custom has no default", Splitter{Custom, s, false}, "", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var st, en Date
			if c.start != "" {
				st = d(c.start)
			}
			if c.end != "" {
				en = d(c.end)
			}
			gs, ge := c.sp.DefaultRange(today, st, en)
			if gs.String() != c.wantS || ge.String() != c.wntE {
				t.Fatalf("DefaultRange = %s..%s, want %s..%s", gs, ge, c.wantS, c.wntE)
			}
			if c.sp.Duration != Custom && (!c.sp.IsStart(gs) || !c.sp.IsEnd(ge)) {
				t.Fatalf("default range %s..%s is not on period boundaries", gs, ge)
			}
		})
	}
}

// TestDateStartSkippedMidnight checks a zone whose DST change skips midnight: in
// America/Santiago 2026-09-06 begins at 01:00 local time.
func TestDateStartSkippedMidnight(t *testing.T) {
	loc, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Fatal(err)
	}
	day := d("2026-09-06")
	st := day.Start(loc)
	if DateIn(st, loc) != day {
		t.Fatalf("start %v is not on %s", st, day)
	}
	if prev := st.Add(-time.Nanosecond); DateIn(prev, loc) != day.AddDays(-1) {
		t.Fatalf("the instant before %v is on %s, want the day before", st, DateIn(prev, loc))
	}
	if st.In(loc).Hour() != 1 {
		t.Fatalf("start is %v, want 01:00 local", st.In(loc))
	}
}

var zones = []string{"UTC", "America/Santiago", "Europe/Berlin", "Asia/Kolkata", "Pacific/Auckland", "America/St_Johns"}

func genSplitter(t *rapid.T) Splitter {
	return Splitter{
		Duration: rapid.SampledFrom(Durations).Draw(t, "duration"),
		Fiscal:   rapid.Bool().Draw(t, "fiscal"),
		Settings: Settings{
			TimeZone:        rapid.SampledFrom(zones).Draw(t, "zone"),
			WeekStart:       time.Weekday(rapid.IntRange(0, 6).Draw(t, "week_start")),
			FiscalYearStart: time.Month(rapid.IntRange(1, 12).Draw(t, "fiscal_start")),
		},
	}
}

func genDate(t *rapid.T, label string) Date {
	return DateFromUnix(int64(rapid.IntRange(int(d("2023-01-01").Unix()), int(d("2030-12-31").Unix())).Draw(t, label)))
}

// TestPeriodsTile: for every duration, zone, week start and fiscal start, the periods
// of a valid range tile it: the first starts on the range's start, each starts the day
// after the previous ends, the last ends on the range's end, and every period is a
// whole period of its duration.
func TestPeriodsTile(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := genSplitter(t)
		a := genDate(t, "a")
		b := a.AddDays(rapid.IntRange(0, 4*365).Draw(t, "span"))
		start, end := sp.PeriodStart(a), sp.PeriodStart(b)
		end = sp.NextStart(end).AddDays(-1)
		ps := sp.Split(start, end)
		if len(ps) == 0 {
			t.Fatalf("no periods for %s..%s", start, end)
		}
		if ps[0].Start != start || ps[len(ps)-1].End != end {
			t.Fatalf("%d periods from %v to %v do not span %s..%s", len(ps), ps[0], ps[len(ps)-1], start, end)
		}
		for i, p := range ps {
			if p.End.Before(p.Start) {
				t.Fatalf("period %d is empty: %v", i, p)
			}
			if i > 0 && ps[i-1].End.AddDays(1) != p.Start {
				t.Fatalf("gap or overlap between %v and %v", ps[i-1], p)
			}
			if !sp.IsStart(p.Start) || !sp.IsEnd(p.End) {
				t.Fatalf("period %v is not on boundaries", p)
			}
			if sp.Duration != Custom && sp.PeriodStart(p.End) != p.Start {
				t.Fatalf("period %v is longer than one %s", p, sp.Duration)
			}
		}
	})
}

// TestInstantInOnePeriod: every instant inside a goal's range falls in exactly one of
// its periods, judged by the periods' first and after-last instants in the goal's zone
// (which is where DST gaps and leap days would show), and PeriodIndex finds it.
func TestInstantInOnePeriod(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sp := genSplitter(t)
		loc := sp.Settings.Location()
		start := sp.PeriodStart(genDate(t, "start"))
		end := sp.NextStart(sp.PeriodStart(start.AddDays(rapid.IntRange(0, 800).Draw(t, "span")))).AddDays(-1)
		if sp.Duration == Custom {
			end = start.AddDays(rapid.IntRange(0, 800).Draw(t, "span2"))
		}
		ps := sp.Split(start, end)
		from, to := ps[0].StartTime(loc), ps[len(ps)-1].EndTime(loc)
		for i := 0; i+1 < len(ps); i++ {
			if !ps[i].EndTime(loc).Equal(ps[i+1].StartTime(loc)) {
				t.Fatalf("instants of %v and %v do not meet", ps[i], ps[i+1])
			}
		}
		inst := from.Add(time.Duration(rapid.Int64Range(0, int64(to.Sub(from))-1).Draw(t, "offset")))
		n, at := 0, -1
		for i, p := range ps {
			if !inst.Before(p.StartTime(loc)) && inst.Before(p.EndTime(loc)) {
				n++
				at = i
			}
		}
		if n != 1 {
			t.Fatalf("instant %v is in %d periods of %v", inst.In(loc), n, ps)
		}
		if got := PeriodIndex(ps, inst, loc); got != at {
			t.Fatalf("PeriodIndex(%v) = %d, want %d", inst.In(loc), got, at)
		}
		if PeriodIndex(ps, from.Add(-time.Nanosecond), loc) != -1 || PeriodIndex(ps, to, loc) != len(ps) {
			t.Fatal("instants outside the range are inside it")
		}
	})
}

// TestDayStartIsFirstInstant: for every day in every zone, Start is an instant of that
// day and the instant before it belongs to the previous day.
func TestDayStartIsFirstInstant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		loc := Settings{TimeZone: rapid.SampledFrom(zones).Draw(t, "zone")}.Location()
		day := genDate(t, "day")
		st := day.Start(loc)
		if DateIn(st, loc) != day || DateIn(st.Add(-time.Nanosecond), loc) != day.AddDays(-1) {
			t.Fatalf("Start(%s) in %s = %v", day, loc, st.In(loc))
		}
	})
}

func TestSantiagoEveryDay(t *testing.T) {
	loc := Settings{TimeZone: "America/Santiago"}.Location()
	for day := d("2000-01-01"); day.Before(d("2031-01-01")); day = day.AddDays(1) {
		st := day.Start(loc)
		if DateIn(st, loc) != day || DateIn(st.Add(-time.Nanosecond), loc) != day.AddDays(-1) {
			t.Fatalf("Start(%s) = %v", day, st.In(loc))
		}
	}
}

func TestDaysInAndMonthEnd(t *testing.T) {
	for _, c := range []struct {
		y, m, want int
	}{{2024, 2, 29}, {2026, 2, 28}, {1900, 2, 28}, {2000, 2, 29}, {2026, 4, 30}, {2026, 12, 31}} {
		if got := DaysIn(c.y, time.Month(c.m)); got != c.want {
			t.Errorf("DaysIn(%d, %d) = %d", c.y, c.m, got)
		}
		if got := (Date{c.y, time.Month(c.m), 3}).MonthEnd(); got.Day != c.want {
			t.Errorf("MonthEnd of %d-%d = %s", c.y, c.m, got)
		}
	}
}

// TestDaysUntil counts days both ways, across years and before 1970.
func TestDaysUntil(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"2026-04-01", "2026-04-01", 0}, {"2026-04-01", "2026-04-02", 1}, {"2026-04-02", "2026-04-01", -1},
		{"2026-04-10", "2026-03-10", -31}, {"2024-01-01", "2025-01-01", 366}, {"1960-01-01", "1959-12-31", -1},
		{"2000-01-01", "9999-12-31", 2_921_939},
	} {
		if got := d(c.from).DaysUntil(d(c.to)); got != c.want {
			t.Errorf("%s → %s: %d days, want %d", c.from, c.to, got, c.want)
		}
	}
	if Days(d("2026-04-02"), d("2026-04-01")) != 0 {
		t.Error("Days of a range that ends before it starts is not 0")
	}
}
