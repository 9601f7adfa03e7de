package goalbot

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar date with no time zone (`YYYY-MM-DD`). The zero Date means
// "not given".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is the textual form of a Date.
const DateLayout = "2006-01-02"

// ParseDate parses `YYYY-MM-DD`, rejecting dates that do not exist (2026-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, Invalid("errors.date.format", Args{"Value": Quote(s)})
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// DateIn returns the date of instant t in loc.
func DateIn(t time.Time, loc *time.Location) Date { return DateOf(t.In(loc)) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD ("" for the zero Date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// utc is d at midnight UTC, for calendar arithmetic only.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	if day := d.Day + n; day >= 1 && day <= 28 && d.valid() || day >= 1 && d.valid() && day <= DaysIn(d.Year, d.Month) {
		return Date{d.Year, d.Month, day} // within the month: no time needed
	}
	return DateOf(d.utc().AddDate(0, 0, n))
}

// AddMonths returns the first of the month n months after d's month (d's day is ignored).
func (d Date) AddMonths(n int) Date {
	m := d.Year*12 + int(d.Month) - 1 + n // months since year 0, as time.Date normalises them
	y, mo := m/12, m%12
	if mo < 0 {
		y, mo = y-1, mo+12
	}
	return Date{y, time.Month(mo + 1), 1}
}

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	if !d.valid() || !e.valid() {
		return d.utc().Compare(e.utc()) // normalises a date such as 2026-02-30
	}
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

// valid reports whether d is a date that exists (the zero Date does not). Compare
// runs on every period of every goal in every pass, and comparing fields is much
// cheaper than building times.
func (d Date) valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	if d.Day <= 28 {
		return true
	}
	return d.Day <= DaysIn(d.Year, d.Month)
}

// MonthEnd returns the last day of d's month.
func (d Date) MonthEnd() Date { return Date{d.Year, d.Month, DaysIn(d.Year, d.Month)} }

// DaysIn returns the number of days of a month.
func DaysIn(year int, m time.Month) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DaysUntil returns the number of days from d to e (negative when e is before d).
func (d Date) DaysUntil(e Date) int { return int(e.Unix() - d.Unix()) }

// Days returns the number of days from d to e inclusive (0 when e is before d).
func Days(d, e Date) int {
	n := d.DaysUntil(e) + 1
	if n < 0 {
		return 0
	}
	return n
}

// Unix returns the number of days since 1970-01-01 (a compact key for stores).
func (d Date) Unix() int64 { return d.utc().Unix() / 86400 }

// DateFromUnix is the inverse of Date.Unix.
func DateFromUnix(days int64) Date { return DateOf(time.Unix(days*86400, 0).UTC()) }

// Start returns the first instant of d in loc. Where a DST change skips midnight
// (America/Santiago), the day starts at the transition.
func (d Date) Start(loc *time.Location) time.Time {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if DateIn(t, loc).Before(d) {
		// midnight does not exist and time.Date chose the offset after the change: the
		// day begins where the zone that holds t ends.
		_, end := t.ZoneBounds()
		return end
	}
	if start, _ := t.ZoneBounds(); !start.IsZero() && start.Before(t) && DateIn(start, loc) == d {
		// midnight does not exist and time.Date chose the offset before the change.
		return start
	}
	return t
}

// MarshalJSON writes d as "YYYY-MM-DD" (or null when zero).
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return Invalid("errors.date.json", nil)
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
