package commands

import (
	"math"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/chart"
	"github.com/goalbot/goalbot/messages"
)

// Draw renders the chart as a PNG in p's language (its words, numbers, amounts and
// dates); the same chart in the same language gives the same bytes.
func (c Charted) Draw(p *messages.Printer) ([]byte, error) {
	return chart.Render(c.Chart(p))
}

// Title names the chart's goal: "G12 · Spring leads" (as typed: a PNG needs no
// escaping, a Slack message does).
func (c Charted) Title() string {
	g := c.Series.View.Goal
	return g.ID + " · " + g.Name
}

// FileName is the chart's file name: goalbot-G12-2026-05-19.png (the goal and the
// day it was drawn).
func (c Charted) FileName() string {
	return "goalbot-" + c.Series.View.Goal.ID + "-" + c.Series.Today.String() + ".png"
}

// AltText describes the chart for those who cannot see it: its title and subtitle.
func (c Charted) AltText(p *messages.Printer) string {
	ch := c.Chart(p)
	return p.T("charts.alt", messages.Args{"Title": ch.Title, "Subtitle": ch.Subtitle})
}

// Chart is what the chart shows, in p's language: the running period day by day
// against its target (with the projection and, for a count goal, what reaching the
// target takes) and the ended periods as bars.
func (c Charted) Chart(p *messages.Printer) chart.Chart {
	s := c.Series
	g := s.View.Goal
	out := chart.Chart{Title: c.Title(), Cost: g.Type == goalbot.CostPerContact, Locale: chart.LocaleOf(p, g.Currency), Past: c.past()}
	if g.Type == goalbot.AdSpend {
		b := g.Settings.Band()
		out.Budget = &chart.Band{Under: float64(b.Under) / 100, Over: float64(b.Over) / 100,
			Label: p.T("charts.band", messages.Args{"Under": bandLevel(p, b.Under), "Over": bandLevel(p, b.Over)})}
	}
	sp := g.Splitter()
	for i, pf := range c.pastPeriods() {
		out.Past[i].Label = barLabel(p, sp, pf.Period, len(out.Past) > 12)
	}
	if s.Run == nil {
		out.Subtitle = c.endedSubtitle(p)
		return out
	}
	r := *s.Run
	out.Current = chart.Current{Start: r.Period.Start, Days: r.Period.Days(), Target: r.Target.Float()}
	name := periodName(p, sp, r.Period)
	if g.Type == goalbot.AdSpend {
		c.budgetCurrent(p, &out, name)
		return out
	}
	if out.Cost {
		out.Current.Actual = c.costs()
		out.Subtitle = c.costSubtitle(p, name, out.Current.Actual)
		return out
	}
	out.Current.Actual = chart.Cumulative(r.Daily)
	if o, ok := goalbot.OutlookOf(g.Type, r); ok {
		out.Current.Projection = chart.ProjectionOf(o.Projection)
		pct := o.Actual.Float() / o.Target.Float() * 100
		out.Subtitle = p.T("charts.subtitle.count", messages.Args{"Period": name, "Percent": p.Percent(&pct), "Outlook": TakesText(p, g, o)})
	} else {
		out.Subtitle = name
	}
	return out
}

// pastPeriods are the ended periods the chart draws as bars: those the latest
// measurement says have ended, before the running period.
func (c Charted) pastPeriods() []goalbot.PeriodFigures {
	m := c.Series.View.Measurement
	if m == nil {
		return nil
	}
	var out []goalbot.PeriodFigures
	for _, pf := range m.Periods {
		if r := c.Series.Run; r != nil && !pf.Start.Before(r.Period.Start) {
			break
		}
		if pf.Ended {
			out = append(out, pf)
		}
	}
	return out[max(0, len(out)-chart.MaxPast):]
}

// past are the bars of the ended periods (labelled by Chart): actual against
// target; a cost goal's actual unknown (NaN) while it had no contact, and a cost
// goal's or a budget's while its spend was not all in the goal's currency.
func (c Charted) past() []chart.Past {
	money := c.Series.View.Goal.Type.IsMoney()
	ps := c.pastPeriods()
	out := make([]chart.Past, len(ps))
	for i, pf := range ps {
		out[i] = chart.Past{Actual: pf.Actual.Float(), Target: pf.Target.Float()}
		if money && pf.Progress == nil {
			out[i].Actual = math.NaN()
		}
	}
	return out
}

// costs are a cost goal's cost per contact of the days so far, day by day (NaN
// while there is no contact, and every day when its spend is not all in the goal's
// currency).
func (c Charted) costs() []float64 {
	s := c.Series
	out := chart.RunningCost(s.Run.Daily, s.Contacts)
	if !s.SpendKnown {
		for i := range out {
			out[i] = math.NaN()
		}
	}
	return out
}

// budgetCurrent draws a budget's running period into out: its spend so far, day by
// day and cumulative, against the budget, projected to the period's end as the
// budget's outlook projects it. A spend not all in the goal's currency is unknown:
// nothing is drawn of it and the subtitle says why.
func (c Charted) budgetCurrent(p *messages.Printer, out *chart.Chart, name string) {
	s := c.Series
	g := s.View.Goal
	budget := p.Money(s.Run.Target, g.Currency)
	if !s.SpendKnown {
		out.Current.Actual = make([]float64, len(s.Run.Daily))
		for i := range out.Current.Actual {
			out.Current.Actual[i] = math.NaN()
		}
		out.Subtitle = p.T("charts.subtitle.budget_unknown", messages.Args{"Period": name, "Budget": budget, "Currency": g.Currency})
		if g.Currency == "" {
			out.Subtitle = p.T("charts.subtitle.budget_no_currency", messages.Args{"Period": name, "Budget": budget})
		}
		return
	}
	out.Current.Actual = chart.Cumulative(s.Run.Daily)
	o, ok := goalbot.BudgetOutlookOf(*s.Run, g.Settings.Band())
	if !ok {
		out.Subtitle = name
		return
	}
	out.Current.Projection = chart.ProjectionOf(o.Projection)
	pct := o.Spent.Float() / o.Budget.Float() * 100
	f := goalbot.Figures{Actual: o.Spent, Target: o.Budget, Progress: &pct}
	out.Subtitle = p.T("charts.subtitle.budget", messages.Args{"Period": name, "Spent": SpentWords(p, g, f), "Projected": projectedWords(p, g, &o)})
}

// costSubtitle is a cost goal's period with its cost so far and its cap.
func (c Charted) costSubtitle(p *messages.Printer, name string, costs []float64) string {
	g := c.Series.View.Goal
	capText := p.Money(c.Series.Run.Target, g.Currency)
	if n := len(costs); n > 0 && !math.IsNaN(costs[n-1]) {
		cost := goalbot.Micro(math.Round(costs[n-1] * float64(goalbot.MicroUnit)))
		return p.T("charts.subtitle.cost", messages.Args{"Period": name, "Cost": p.Money(cost, g.Currency), "Cap": capText})
	}
	return p.T("charts.subtitle.cost_unknown", messages.Args{"Period": name, "Cap": capText})
}

// endedSubtitle is a goal's range, with its progress over it once it has ended.
func (c Charted) endedSubtitle(p *messages.Printer) string {
	g, m := c.Series.View.Goal, c.Series.View.Measurement
	rng := g.Start.String() + " – " + g.End.String()
	if m == nil || m.Total.Progress == nil || !c.Series.Today.After(g.End) {
		return rng
	}
	return p.T("charts.subtitle.ended", messages.Args{"Range": rng, "Percent": p.Percent(m.Total.Progress)})
}

// periodName names a running period in p's language: "week 21, 2026", "May 2026",
// "Q2 2026", "2026", or its dates.
func periodName(p *messages.Printer, sp goalbot.Splitter, pd goalbot.Period) string {
	switch sp.Duration {
	case goalbot.Weekly:
		year, week := isoWeek(pd)
		return p.T("charts.period.week", messages.Args{"Week": week, "Year": year})
	case goalbot.Monthly:
		return p.MonthYear(pd.Start.Year, pd.Start.Month)
	case goalbot.Quarterly, goalbot.Yearly:
		return barLabel(p, sp, pd, true)
	}
	return pd.Start.String() + " – " + pd.End.String()
}

// barLabel is the short label of a past period's bar: "W21", "Mar" ("Mar 2026" when
// the bars span years), "Q2 2026", "2026", fiscal ones as such.
func barLabel(p *messages.Printer, sp goalbot.Splitter, pd goalbot.Period, withYear bool) string {
	switch sp.Duration {
	case goalbot.Weekly:
		_, week := isoWeek(pd)
		return p.T("charts.label.week", messages.Args{"Week": week})
	case goalbot.Monthly:
		month := chart.ShortMonth(p, int(pd.Start.Month))
		if !withYear {
			return month
		}
		return p.T("charts.label.month_year", messages.Args{"Month": month, "Year": pd.Start.Year})
	case goalbot.Quarterly:
		ys := sp.YearStart(pd.Start)
		q := ((int(pd.Start.Month)-int(ys.Month)+12)%12)/3 + 1
		if sp.Fiscal && ys.Month != time.January {
			return p.T("charts.label.fiscal_quarter", messages.Args{"Quarter": q, "Year": ys.Year + 1})
		}
		return p.T("charts.label.quarter", messages.Args{"Quarter": q, "Year": ys.Year})
	case goalbot.Yearly:
		if sp.Fiscal && pd.Start.Month != time.January {
			return p.T("charts.label.fiscal_year", messages.Args{"Year": pd.Start.Year + 1})
		}
		return strconv.Itoa(pd.Start.Year)
	}
	return pd.Start.String()
}

// isoWeek is the ISO year and week of a weekly period: its middle day's, so that a
// week that starts on a Sunday or a Saturday has the number of most of its days.
func isoWeek(pd goalbot.Period) (year, week int) {
	d := pd.Start.AddDays(3)
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
}
