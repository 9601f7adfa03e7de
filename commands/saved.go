package commands

import (
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// Created is a goal created (typed, or the create wizard's last step).
type Created struct {
	Goal *goalbot.Goal
	// Figures is the goal as measured before the answer, nil when it could not be
	// read (the answer then says nothing of its figures).
	Figures *GoalView
}

// Changes is the goal created.
func (c Created) Changes() Changes { return Changes{Goals: []string{c.Goal.ID}} }

// FirstTarget is the goal's target in its first period: the sum of its campaigns'
// (for a cost per contact goal, its first campaign's cap); false when it has no
// period.
func (c Created) FirstTarget() (goalbot.Micro, bool) {
	g := c.Goal
	if len(g.Periods()) == 0 {
		return 0, false
	}
	if g.Type == goalbot.CostPerContact {
		return g.Targets.For(g.Campaigns[0], 0), true
	}
	var sum goalbot.Micro
	for _, camp := range g.Campaigns {
		sum += g.Targets.For(camp, 0)
	}
	return sum, true
}

// FirstTargetWords say the goal's first period's target in p's language ("first
// period's target 200", "at most $12.00 per contact", "first period's budget
// $1,000.00"; "—" for the target when there is no period).
func (c Created) FirstTargetWords(p *messages.Printer) string {
	g := c.Goal
	target := "—"
	if t, ok := c.FirstTarget(); ok {
		target = p.Figure(g, t)
		if g.Type == goalbot.CostPerContact {
			target = p.T("outcomes.created.cap", messages.Args{"Target": target})
		}
	}
	if g.Type == goalbot.AdSpend {
		return p.T("budget.created", messages.Args{"Budget": target})
	}
	return p.T("outcomes.created.first", messages.Args{"Target": target})
}

// Updated is a goal edited (typed, or the edit modal).
type Updated struct {
	Goal *goalbot.Goal
	// Figures is the goal as measured before the answer, nil when it could not be
	// read.
	Figures *GoalView
}

// Changes is the goal edited.
func (u Updated) Changes() Changes { return Changes{Goals: []string{u.Goal.ID}} }

// NowKind says what the figures of a created or edited goal can tell.
type NowKind int

// What a created or edited goal's figures tell, for a line of its answer.
const (
	NowMeasuring  NowKind = iota // they follow in a moment
	NowPending                   // the goal has not started (Start)
	NowNoContacts                // a cost per contact goal without contacts this period (Target)
	NowCost                      // a cost per contact this period (Actual, Target, Progress)
	NowPeriod                    // this period's actual of its target (Actual, Target, Progress)
	NowWholeRange                // the whole range's actual of its target (Actual, Target, Progress)
)

// Now is what a created or edited goal's figures tell now; Actual and Target are in
// the goal's terms (a number, or money for a cost per contact goal), written in the
// language of the printer FiguresNow was given.
type Now struct {
	Kind           NowKind
	Start          goalbot.Date
	Actual, Target string
	Progress       *float64
}

// FiguresNow is what v's figures tell now, its amounts written by p.
func FiguresNow(p *messages.Printer, v GoalView) Now {
	g, m := v.Goal, v.Measurement
	switch {
	case v.Measuring:
		return Now{Kind: NowMeasuring}
	case v.Status == goalbot.Pending:
		return Now{Kind: NowPending, Start: g.Start}
	}
	cur := m.CurrentPeriod()
	switch {
	case cur != nil && g.Type == goalbot.CostPerContact && cur.Contacts == 0:
		return Now{Kind: NowNoContacts, Target: p.Figure(g, cur.Target)}
	case cur != nil && g.Type == goalbot.CostPerContact:
		return Now{Kind: NowCost, Actual: p.Figure(g, cur.Actual), Target: p.Figure(g, cur.Target), Progress: cur.Progress}
	case cur != nil:
		return Now{Kind: NowPeriod, Actual: p.Figure(g, cur.Actual), Target: p.Figure(g, cur.Target), Progress: cur.Progress}
	}
	return Now{Kind: NowWholeRange, Actual: p.Figure(g, m.Total.Actual), Target: p.Figure(g, m.Total.Target), Progress: v.Headline()}
}

// Words say n in p's language (the printer FiguresNow was given): "Now 12 of 300
// this period · ▰▱▱▱▱▱▱▱▱▱ 4%", "Its figures follow in a moment.", ….
func (n Now) Words(p *messages.Printer) string {
	args := messages.Args{"Actual": n.Actual, "Target": n.Target, "Bar": p.ProgressBar(n.Progress)}
	switch n.Kind {
	case NowMeasuring:
		return p.T("outcomes.now.measuring")
	case NowPending:
		return p.T("outcomes.now.pending", messages.Args{"Start": n.Start.String()})
	case NowNoContacts:
		return p.T("outcomes.now.no_contacts", args)
	case NowCost:
		return p.T("outcomes.now.cost", args)
	case NowPeriod:
		return p.T("outcomes.now.period", args)
	}
	return p.T("outcomes.now.whole_range", args)
}
