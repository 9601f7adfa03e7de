package goalbot

import (
	"fmt"
	"math"
	"testing"
)

func TestOutlookOf(t *testing.T) {
	april := Period{d("2026-04-01"), d("2026-04-30")}
	steady := func(target int64, today string, daily []Micro) Run {
		return Run{Period: april, Today: d(today), Target: Units(target), Daily: daily}
	}
	proj := func(v int64) *Projection {
		return &Projection{Value: Units(v), Low: Units(v), High: Units(v), Method: Linear}
	}
	cases := []struct {
		name string
		typ  Type
		r    Run
		ok   bool
		want Outlook
	}{
		{name: "first day, no data", typ: ContactsInStage, r: steady(300, "2026-04-01", nil), ok: true,
			want: Outlook{Target: Units(300), Needed: Units(10), DaysLeft: 30, Pace: AtRisk}},
		{name: "first day: the last 7 days come from before the period", typ: ContactsInStage, ok: true,
			r:    Run{Period: april, Today: d("2026-04-01"), Target: Units(300), Daily: units(2), Before: append(repeat(99, 3), repeat(12, 7)...)},
			want: Outlook{Actual: Units(2), Target: Units(300), Needed: 9_933_334, DaysLeft: 30, Last7: Units(12), Last7Days: 7, Pace: AtRisk, PaceRatio: 0.2}},
		{name: "day 11 at 10 a day, today not in yet", typ: NetworkConversions, r: steady(300, "2026-04-11", repeat(10, 10)), ok: true,
			want: Outlook{Actual: Units(100), Target: Units(300), Projection: proj(300), Needed: Units(10), DaysLeft: 20,
				Last7: Units(10), Last7Days: 7, Pace: Behind, PaceRatio: 100.0 * 30 / (300 * 11)}},
		{name: "the needed rate is rounded up", typ: FirstFormSubmissions, r: Run{Period: Period{d("2026-04-01"), d("2026-04-03")}, Today: d("2026-04-01"), Target: Units(100)}, ok: true,
			want: Outlook{Target: Units(100), Needed: 33_333_334, DaysLeft: 3, Pace: AtRisk}},
		{name: "last day: the whole rest is needed today", typ: ContactsInStage, r: steady(300, "2026-04-30", append(repeat(10, 29), Units(4))), ok: true,
			want: Outlook{Actual: Units(294), Target: Units(300), Projection: &Projection{Units(300), Units(300), Units(300), WeekdayAware}, Needed: Units(6), DaysLeft: 1,
				Last7: Units(10), Last7Days: 7, Pace: Behind, PaceRatio: 0.98}},
		{name: "target already reached", typ: ContactsInStage, r: steady(100, "2026-04-11", repeat(11, 10)), ok: true,
			want: Outlook{Actual: Units(110), Target: Units(100), Projection: proj(330), Reached: true, DaysLeft: 20,
				Last7: Units(11), Last7Days: 7, Pace: OnTrack, PaceRatio: 110.0 * 30 / (100 * 11)}},
		{name: "target reached exactly", typ: ContactsInStage, r: steady(100, "2026-04-11", repeat(10, 10)), ok: true,
			want: Outlook{Actual: Units(100), Target: Units(100), Projection: proj(300), Reached: true, DaysLeft: 20,
				Last7: Units(10), Last7Days: 7, Pace: OnTrack, PaceRatio: 100.0 * 30 / (100 * 11)}},
		{name: "zero days left: the period is over", typ: ContactsInStage, r: steady(300, "2026-05-01", repeat(10, 30))},
		{name: "not begun", typ: ContactsInStage, r: steady(300, "2026-03-31", nil)},
		{name: "cost goals have no pace", typ: CostPerContact, r: steady(300, "2026-04-11", repeat(10, 10))},
		{name: "no target", typ: ContactsInStage, r: steady(0, "2026-04-11", repeat(10, 10))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, ok := OutlookOf(c.typ, c.r)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, c.ok, o)
			}
			if diff := cmpOutlook(o, c.want); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}

// cmpOutlook says how o differs from want (the ratio within 1e-9).
func cmpOutlook(o, want Outlook) string {
	if (o.Projection == nil) != (want.Projection == nil) || o.Projection != nil && *o.Projection != *want.Projection {
		return fmt.Sprintf("projection = %+v, want %+v", o.Projection, want.Projection)
	}
	o.Projection, want.Projection = nil, nil
	if math.Abs(o.PaceRatio-want.PaceRatio) > 1e-9 {
		return fmt.Sprintf("pace ratio = %v, want %v", o.PaceRatio, want.PaceRatio)
	}
	o.PaceRatio, want.PaceRatio = 0, 0
	if o != want {
		return fmt.Sprintf("outlook = %+v\nwant      %+v", o, want)
	}
	return ""
}
