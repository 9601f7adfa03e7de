package goalbot

import (
	"math/big"
	"testing"
	"time"
)

// TestDateArithmeticAgreesWithTime checks the fast paths of Compare and AddDays
// against time's arithmetic over many dates, including invalid ones.
func TestDateArithmeticAgreesWithTime(t *testing.T) {
	start := Date{1999, time.December, 25}
	var ds []Date
	for i := 0; i < 3000; i += 7 {
		ds = append(ds, start.AddDays(i))
	}
	ds = append(ds, Date{}, Date{2026, 2, 30}, Date{2026, 13, 1}, Date{2024, 2, 29}, Date{2026, 4, 31}, Date{2026, 1, 0})
	slow := func(d Date) time.Time { return d.utc() }
	for _, d := range ds {
		for _, e := range ds[len(ds)-40:] {
			if got, want := d.Compare(e), slow(d).Compare(slow(e)); got != want {
				t.Fatalf("%v.Compare(%v) = %d, want %d", d, e, got, want)
			}
		}
		for _, n := range []int{-400, -31, -29, -28, -1, 0, 1, 6, 7, 27, 28, 30, 365} {
			if got, want := d.AddDays(n), DateOf(slow(d).AddDate(0, 0, n)); got != want {
				t.Fatalf("%v.AddDays(%d) = %v, want %v", d, n, got, want)
			}
		}
	}
}

// TestEndedAgreesWithInstants checks the date shortcut of ended against its
// definition (now at or after the first instant after the period) every 20 minutes
// around period ends, in zones with DST changes at midnight.
func TestEndedAgreesWithInstants(t *testing.T) {
	for _, zone := range []string{"UTC", "America/Santiago", "Europe/Berlin", "Asia/Kathmandu", "America/Havana"} {
		g := &Goal{Duration: Weekly, Start: Date{2025, 12, 29}, End: Date{2027, 1, 3},
			Settings: Settings{TimeZone: zone, WeekStart: time.Monday, FiscalYearStart: time.January}}
		loc := g.Location()
		ps := g.Periods()
		for _, p := range ps {
			end := p.EndTime(loc)
			for now := end.Add(-50 * time.Hour); now.Before(end.Add(50 * time.Hour)); now = now.Add(20 * time.Minute) {
				if got, want := ended(g, p, now, DateIn(now, loc)), !now.Before(end); got != want {
					t.Fatalf("%s: period %s at %s (%s): ended %v, want %v", zone, p, now, now.In(loc), got, want)
				}
			}
		}
	}
}

func TestAddMonthsAgreesWithTime(t *testing.T) {
	for _, d := range []Date{{2026, 1, 31}, {2025, 12, 1}, {1, 1, 1}, {2026, 13, 5}, {2026, 0, 1}, {0, 1, 1}, {2024, 2, 29}} {
		for _, n := range []int{-25, -13, -12, -1, 0, 1, 11, 12, 13, 120} {
			want := DateOf(time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC))
			if got := d.AddMonths(n); got != want {
				t.Fatalf("%v.AddMonths(%d) = %v, want %v", d, n, got, want)
			}
		}
	}
}

// TestPaceAgreesWithBigInts checks PaceOf's 128-bit comparisons against math/big on
// figures up to the largest sums.
func TestPaceAgreesWithBigInts(t *testing.T) {
	p := Period{Start: Date{2026, 1, 1}, End: Date{2030, 12, 31}}
	for _, actual := range []Micro{0, 1, 99, 1_000_000, 1 << 40, 1<<62 - 1} {
		for _, target := range []Micro{1, 7, 1_000_000, 1 << 50, 1<<62 - 1} {
			for _, today := range []Date{{2026, 1, 1}, {2026, 6, 30}, {2030, 12, 31}} {
				got, _ := PaceOf(NetworkConversions, Figures{Actual: actual, Target: target}, p, today)
				elapsed, days := big.NewInt(int64(Days(p.Start, today))), big.NewInt(int64(p.Days()))
				lhs := new(big.Int).Mul(new(big.Int).Mul(big.NewInt(int64(actual)), days), big.NewInt(100))
				te := new(big.Int).Mul(big.NewInt(int64(target)), elapsed)
				want := AtRisk
				switch {
				case lhs.Cmp(new(big.Int).Mul(te, big.NewInt(99))) >= 0:
					want = OnTrack
				case lhs.Cmp(new(big.Int).Mul(te, big.NewInt(80))) >= 0:
					want = Behind
				}
				if got != want {
					t.Fatalf("actual %d target %d on %s: %s, want %s", actual, target, today, got, want)
				}
			}
		}
	}
}
