package chart

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/goalbot/goalbot"
)

// weekdayFactor is the demo's weekly pattern (commands/demo_metrics.go): busy
// midweek, quiet weekends.
var weekdayFactor = [7]float64{time.Sunday: 0.58, time.Monday: 1.05, time.Tuesday: 1.12, time.Wednesday: 1.15,
	time.Thursday: 1.08, time.Friday: 0.95, time.Saturday: 0.62}

// demoLike returns days of one campaign's daily count from start, around mean a day,
// with the demo's weekly pattern, a slow trend and noise drawn from seed.
func demoLike(seed uint64, start goalbot.Date, days int, mean float64) []goalbot.Micro {
	rnd := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	trend := 0.3 * (rnd.Float64() - 0.3)
	out := make([]goalbot.Micro, days)
	for i := range out {
		f := weekdayFactor[start.AddDays(i).Weekday()] * (1 + trend*float64(i)/float64(days)) * max(0.2, 1+0.2*rnd.NormFloat64())
		out[i] = goalbot.Units(int64(math.Floor(mean*f + rnd.Float64())))
	}
	return out
}

// sumDays adds up campaigns' days.
func sumDays(campaigns [][]goalbot.Micro) []goalbot.Micro {
	out := make([]goalbot.Micro, len(campaigns[0]))
	for _, c := range campaigns {
		for i, v := range c {
			out[i] += v
		}
	}
	return out
}

// goalChart builds the chart of a count goal of duration dur with target(i) in its
// period i from the summed days of its campaigns (from the first period's start to
// today, today's value partial), as the wiring will: past periods as bars, the running
// one with the domain's outlook. It returns the outlook too.
func goalChart(title string, dur goalbot.Duration, start, today goalbot.Date, target func(i int) goalbot.Micro, days []goalbot.Micro) (Chart, goalbot.Outlook) {
	sp := goalbot.Splitter{Duration: dur, Settings: goalbot.DefaultSettings}
	ps := sp.Split(start, today)
	c := Chart{Title: title}
	for k, p := range ps[:len(ps)-1] {
		var sum goalbot.Micro
		for i := start.DaysUntil(p.Start); i <= start.DaysUntil(p.End); i++ {
			sum += days[i]
		}
		c.Past = append(c.Past, Past{Label: label(sp, p), Actual: sum.Float(), Target: target(k).Float()})
	}
	cur, tgt := ps[len(ps)-1], target(len(ps)-1)
	off := start.DaysUntil(cur.Start)
	r := goalbot.Run{Period: cur, Today: today, Target: tgt, Daily: days[off : start.DaysUntil(today)+1], Before: days[max(0, off-goalbot.ProfileDays):off]}
	o, _ := goalbot.OutlookOf(goalbot.ContactsInStage, r)
	c.Current = Current{Start: cur.Start, Days: cur.Days(), Target: tgt.Float()}
	c.Current.Actual = Cumulative(r.Daily)
	c.Current.Projection = ProjectionOf(o.Projection)
	c.Subtitle = fmt.Sprintf("%s · %d %% of target · %s · needs %s a day for the %d days left; the last 7 days averaged %s",
		sp.Describe(cur), int(o.Actual.Float()/o.Target.Float()*100), pace(o.Pace), englishNumber(math.Ceil(o.Needed.Float())), o.DaysLeft, englishNumber(o.Last7.Float()))
	return c, o
}

// label is a past period's bar label: the month, or the week's number.
func label(sp goalbot.Splitter, p goalbot.Period) string {
	if sp.Duration == goalbot.Monthly {
		return p.Start.Month.String()[:3]
	}
	_, w := time.Date(p.Start.Year, p.Start.Month, p.Start.Day, 0, 0, 0, 0, time.UTC).ISOWeek()
	return fmt.Sprintf("W%02d", w)
}

func pace(p goalbot.Pace) string {
	return map[goalbot.Pace]string{goalbot.OnTrack: "on track", goalbot.Behind: "behind", goalbot.AtRisk: "at risk"}[p]
}

// exampleChart is docs/chart-example.png's chart: five search campaigns' leads per
// month, on 2026-05-19, with a target of 2,150 a month raised to 2,400 in May.
func exampleChart() Chart {
	start, today := goalbot.Date{Year: 2026, Month: 1, Day: 1}, goalbot.Date{Year: 2026, Month: 5, Day: 19}
	n := start.DaysUntil(today) + 1
	var camps [][]goalbot.Micro
	for i, mean := range []float64{22, 18, 15, 12, 8} {
		camps = append(camps, demoLike(uint64(i+1), start, n, mean))
	}
	days := sumDays(camps)
	days[n-1] = days[n-1] * 2 / 5 // today is under way
	target := func(i int) goalbot.Micro {
		if i == 4 {
			return goalbot.Units(2400)
		}
		return goalbot.Units(2150)
	}
	c, _ := goalChart("G1 · Search leads per month", goalbot.Monthly, start, today, target, days)
	return c
}
