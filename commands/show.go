package commands

import (
	"context"
	"fmt"
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
}

// Show loads goal id with its latest measurement, measured first when its figures are
// not known for its version (within the measure budget).
func (a *App) Show(ctx context.Context, id string) (Shown, error) {
	v, err := a.GetGoal(ctx, id)
	if err != nil {
		return Shown{}, err
	}
	return Shown{View: v}, nil
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

// Facts are the goal's figures: type, status, range and campaigns, and once it has
// been measured its headline progress and either its current period's figures (its
// actual against its target, spend, cost per contact where it applies, and pace) or
// its whole range's.
func (s Shown) Facts() []Fact {
	v := s.View
	g, m := v.Goal, v.Measurement
	typ := g.Type.Label()
	if g.Stage != "" {
		typ += " · " + string(g.Stage)
	}
	facts := []Fact{
		{FactType, typ},
		{FactStatus, StatusLabel(v.Status)},
		{FactRange, g.Start.String() + " – " + g.End.String() + " (" + string(g.Duration) + ")"},
		{FactCampaigns, strings.Join(g.Campaigns, ", ")},
	}
	if m == nil {
		return facts
	}
	facts = append(facts, Fact{FactHeadline, ProgressBar(v.Headline())})
	cur := m.CurrentPeriod()
	if cur == nil {
		return append(facts, Fact{FactWholeRange, actualOf(g, m.Total) + " of " + Figure(g, m.Total.Target)})
	}
	facts = append(facts, periodFacts(g, *cur, g.Splitter().Describe(cur.Period))...)
	if g.Type == goalbot.AdSpend {
		facts = append(facts, budgetFacts(messages.English(), g, *cur, m.Budget)...)
	}
	if p := PaceLabel(m.Pace); p != "" {
		facts = append(facts, Fact{FactPace, p})
	}
	return facts
}

// periodFacts are the current period's figures.
func periodFacts(g *goalbot.Goal, p goalbot.PeriodFigures, name string) []Fact {
	out := []Fact{{FactPeriod, name + " (" + p.Start.String() + " – " + p.End.String() + ")"}}
	switch g.Type {
	case goalbot.AdSpend:
		return out // its spend and budget are budgetFacts
	case goalbot.CostPerContact:
		cost := "no contacts yet"
		if p.Contacts > 0 {
			cost = actualOf(g, p.Figures)
		}
		out = append(out, Fact{FactCost, cost + " (cap " + Money(p.Target, g.Currency) + ")"})
	default:
		out = append(out, Fact{FactActual, Number(p.Actual) + " / " + Number(p.Target)})
	}
	out = append(out, Fact{FactSpend, Spend(p.Spend)})
	if g.Type == goalbot.ContactsInStage && p.Contacts > 0 {
		if cost := costPerContact(p.Spend, p.Contacts); cost != "" {
			out = append(out, Fact{FactCost, cost})
		}
	}
	return out
}

// costPerContact formats spend ÷ contacts when the spend is in one currency, says
// why not when it is in several, and is "" without spend.
func costPerContact(spend goalbot.Money, contacts int64) string {
	a, ok := spend.Single()
	switch {
	case !spend.Known():
		return ""
	case !ok:
		return fmt.Sprintf("not shown: the spend is in %d currencies", len(spend))
	case a.Amount <= 0:
		return ""
	}
	return Money(a.Amount/goalbot.Micro(contacts), a.Currency.String())
}

// actualOf formats the actual of figures f of g: for cost per contact, the cost, or
// "—" when it is not known (no contacts, or spend not in the goal's currency); for
// ad spend, the spend, or "—" when it is not all in the goal's currency.
func actualOf(g *goalbot.Goal, f goalbot.Figures) string {
	if g.Type.IsMoney() && f.Progress == nil {
		switch {
		case g.Type == goalbot.CostPerContact && f.Contacts == 0:
			return "—"
		case g.Currency != "":
			return "— (spend not all in " + g.Currency + ")"
		}
		return "— (spend in several currencies)"
	}
	return Figure(g, f.Actual)
}

// CampaignRow is one campaign's figures in a period of a shown goal.
type CampaignRow struct {
	Campaign       string // its id, as typed
	Actual, Target string
	Progress       *float64
}

// CampaignRows are the campaigns of the current (or last) period, at most
// maxCampaignRows of them, and how many more there are; none for a goal of one
// campaign or one not measured yet.
func (s Shown) CampaignRows() ([]CampaignRow, int) {
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
		rows = append(rows, CampaignRow{Campaign: c.Campaign, Actual: actualOf(g, c.Figures), Target: Figure(g, c.Target), Progress: c.Progress})
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

// Milestones are the goal's ended periods, the latest maxMilestones of them, and how
// many earlier ones there are.
func (s Shown) Milestones() ([]Milestone, int) {
	g, m := s.View.Goal, s.View.Measurement
	if m == nil {
		return nil, 0
	}
	sp := g.Splitter()
	var out []Milestone
	for _, p := range m.Periods {
		if p.Ended {
			out = append(out, Milestone{Period: sp.Describe(p.Period), Outcome: p.PeriodOutcome(), Progress: p.Progress, Provisional: !p.Settled,
				Spending: g.SpendingOf(p.Figures)})
		}
	}
	if len(out) > maxMilestones {
		return out[len(out)-maxMilestones:], len(out) - maxMilestones
	}
	return out, 0
}
