package commands

import (
	"context"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// maxCampaignRows bounds the campaign rows of a shown goal.
const maxCampaignRows = 10

// maxMilestones bounds the ended periods of a shown goal (the latest are shown).
const maxMilestones = 12

// Shown is `/goal show` and the Show buttons: one goal with what was last measured of
// it (its Facts, its campaigns this period and its past milestones).
type Shown struct {
	unchanged
	View GoalView
	// Outlook is where a running count goal's period is heading and what reaching
	// its target takes (nil for other goals).
	Outlook *goalbot.Outlook
}

// Show loads goal id with its latest measurement, measured first when its figures are
// not known for its version (within the measure budget), and its outlook.
func (a *App) Show(ctx context.Context, id string) (Shown, error) {
	v, err := a.GetGoal(ctx, id)
	if err != nil {
		return Shown{}, err
	}
	o, err := a.outlookOf(ctx, v)
	if err != nil {
		return Shown{}, err
	}
	return Shown{View: v, Outlook: o}, nil
}

// FactKind says what a Fact of a shown goal is.
type FactKind string

// The facts of a shown goal, in the order shown.
const (
	FactType       FactKind = "type"       // goal type, and stage
	FactStatus     FactKind = "status"     // status in words
	FactRange      FactKind = "range"      // first – last day (duration)
	FactCampaigns  FactKind = "campaigns"  // campaign ids, as typed
	FactHeadline   FactKind = "headline"   // headline progress bar
	FactPeriod     FactKind = "period"     // current period's name (first – last day)
	FactCost       FactKind = "cost"       // cost per contact
	FactActual     FactKind = "actual"     // actual / target
	FactSpend      FactKind = "spend"      // spend per currency
	FactPace       FactKind = "pace"       // pace in words
	FactWholeRange FactKind = "wholeRange" // actual of target over the whole range
)

// Fact is one figure of a shown goal: what it is, and its value in words (plain
// text; only FactCampaigns holds text people typed).
type Fact struct {
	Kind  FactKind
	Value string
}

// Facts are the goal's figures, in p's language: type, status, range and campaigns,
// and once it has been measured its headline progress and either its current
// period's figures (its actual against its target, spend, cost per contact where it
// applies, and pace) or its whole range's.
func (s Shown) Facts(p *messages.Printer) []Fact {
	v := s.View
	g, m := v.Goal, v.Measurement
	typ := p.Type(g.Type)
	if g.Stage != "" {
		typ += " · " + p.Stage(g.Stage)
	}
	facts := []Fact{
		{FactType, typ},
		{FactStatus, p.Status(v.Status)},
		{FactRange, p.T("outcomes.range", messages.Args{"Start": g.Start.String(), "End": g.End.String(), "Duration": p.Duration(g.Duration)})},
		{FactCampaigns, strings.Join(g.Campaigns, ", ")},
	}
	if m == nil {
		return facts
	}
	facts = append(facts, Fact{FactHeadline, p.ProgressBar(v.Headline())})
	cur := m.CurrentPeriod()
	if cur == nil {
		return append(facts, Fact{FactWholeRange, p.T("outcomes.of", messages.Args{"Actual": actualOf(p, g, m.Total), "Target": p.Figure(g, m.Total.Target)})})
	}
	facts = append(facts, periodFacts(p, g, *cur, PeriodName(p, g.Splitter(), cur.Period))...)
	if g.Type == goalbot.AdSpend {
		facts = append(facts, budgetFacts(p, g, *cur, m.Budget)...)
	}
	if pace := p.Pace(m.Pace); pace != "" {
		facts = append(facts, Fact{FactPace, pace})
	}
	return facts
}

// periodFacts are the current period's figures.
func periodFacts(p *messages.Printer, g *goalbot.Goal, f goalbot.PeriodFigures, name string) []Fact {
	out := []Fact{{FactPeriod, p.T("outcomes.period", messages.Args{"Name": name, "Start": f.Start.String(), "End": f.End.String()})}}
	switch g.Type {
	case goalbot.AdSpend:
		return out // its spend and budget are budgetFacts
	case goalbot.CostPerContact:
		cost := p.T("outcomes.no_contacts")
		if f.Contacts > 0 {
			cost = actualOf(p, g, f.Figures)
		}
		out = append(out, Fact{FactCost, p.T("outcomes.cost_cap", messages.Args{"Cost": cost, "Cap": p.Money(f.Target, g.Currency)})})
	default:
		out = append(out, Fact{FactActual, p.Number(f.Actual) + " / " + p.Number(f.Target)})
	}
	out = append(out, Fact{FactSpend, p.Spend(f.Spend)})
	if g.Type == goalbot.ContactsInStage && f.Contacts > 0 {
		if cost := costPerContact(p, f.Spend, f.Contacts); cost != "" {
			out = append(out, Fact{FactCost, cost})
		}
	}
	return out
}

// PeriodName names a period of a goal split by s, in p's language: "March 2026",
// "Q1 2026", "Q2 FY2027", "2026", "week of 2026-03-09"; a custom period by its days.
func PeriodName(p *messages.Printer, s goalbot.Splitter, per goalbot.Period) string {
	start := per.Start
	switch s.Duration {
	case goalbot.Weekly:
		return p.T("outcomes.period.week", messages.Args{"Start": start.String()})
	case goalbot.Monthly:
		return p.MonthYear(start.Year, start.Month)
	case goalbot.Quarterly:
		ys := s.YearStart(start)
		q := ((int(start.Month)-int(ys.Month)+12)%12)/3 + 1
		if s.Fiscal && ys.Month != 1 {
			return p.T("outcomes.period.fiscal_quarter", messages.Args{"Quarter": q, "Year": strconv.Itoa(ys.Year + 1)})
		}
		return p.T("outcomes.period.quarter", messages.Args{"Quarter": q, "Year": strconv.Itoa(ys.Year)})
	case goalbot.Yearly:
		if s.Fiscal && start.Month != 1 {
			return p.T("outcomes.period.fiscal_year", messages.Args{"Year": strconv.Itoa(start.Year + 1)})
		}
		return strconv.Itoa(start.Year)
	}
	return per.String()
}

// costPerContact formats spend ÷ contacts when the spend is in one currency, says
// why not when it is in several, and is "" without spend.
func costPerContact(p *messages.Printer, spend goalbot.Money, contacts int64) string {
	a, ok := spend.Single()
	switch {
	case !spend.Known():
		return ""
	case !ok:
		return p.N("outcomes.cost.currencies", len(spend))
	case a.Amount <= 0:
		return ""
	}
	return p.Money(a.Amount/goalbot.Micro(contacts), a.Currency.String())
}

// actualOf formats the actual of figures f of g: for cost per contact, the cost, or
// "—" when it is not known (no contacts, or spend not in the goal's currency); for
// ad spend, the spend, or "—" when it is not all in the goal's currency.
func actualOf(p *messages.Printer, g *goalbot.Goal, f goalbot.Figures) string {
	if g.Type.IsMoney() && f.Progress == nil {
		switch {
		case g.Type == goalbot.CostPerContact && f.Contacts == 0:
			return "—"
		case g.Currency != "":
			return p.T("outcomes.actual.other_currency", messages.Args{"Currency": g.Currency})
		}
		return p.T("outcomes.actual.several_currencies")
	}
	return p.Figure(g, f.Actual)
}

// CampaignRow is one campaign's figures in a period of a shown goal.
type CampaignRow struct {
	Campaign       string // its id, as typed
	Actual, Target string
	Progress       *float64
}

// CampaignRows are the campaigns of the current (or last) period, their figures in
// p's language, at most maxCampaignRows of them, and how many more there are; none
// for a goal of one campaign or one not measured yet.
func (s Shown) CampaignRows(p *messages.Printer) ([]CampaignRow, int) {
	g, m := s.View.Goal, s.View.Measurement
	if m == nil || len(g.Campaigns) < 2 {
		return nil, 0
	}
	i := min(m.Current, len(m.Periods)-1)
	if i < 0 {
		return nil, 0
	}
	cs := m.Periods[i].Campaigns
	rows := make([]CampaignRow, 0, min(len(cs), maxCampaignRows))
	for _, c := range cs[:min(len(cs), maxCampaignRows)] {
		rows = append(rows, CampaignRow{Campaign: c.Campaign, Actual: actualOf(p, g, c.Figures), Target: p.Figure(g, c.Target), Progress: c.Progress})
	}
	return rows, len(cs) - len(rows)
}

// Milestone is an ended period of a shown goal with its outcome.
type Milestone struct {
	Period   string // its name, such as "Q1 2026"
	Outcome  goalbot.Outcome
	Progress *float64
	// Provisional: its figures may still change (the period has not settled).
	Provisional bool
	// Spending is where a budget's spend landed against its band (overspent,
	// underspent, within budget); none for other goals.
	Spending goalbot.Spending
}

// Milestones are the goal's ended periods, named in p's language, the latest maxMilestones of them, and how
// many earlier ones there are.
func (s Shown) Milestones(p *messages.Printer) ([]Milestone, int) {
	g, m := s.View.Goal, s.View.Measurement
	if m == nil {
		return nil, 0
	}
	sp := g.Splitter()
	var out []Milestone
	for _, per := range m.Periods {
		if per.Ended {
			out = append(out, Milestone{Period: PeriodName(p, sp, per.Period), Outcome: per.PeriodOutcome(), Progress: per.Progress, Provisional: !per.Settled,
				Spending: g.SpendingOf(per.Figures)})
		}
	}
	if len(out) > maxMilestones {
		return out[len(out)-maxMilestones:], len(out) - maxMilestones
	}
	return out, 0
}
