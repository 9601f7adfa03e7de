package commands

import "github.com/goalbot/goalbot"

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

// Updated is a goal edited (typed, or the edit modal).
type Updated struct {
	Goal *goalbot.Goal
	// Figures is the goal as measured before the answer, nil when it could not be
	// read.
	Figures *GoalView
}

// Changes is the goal edited.
func (u Updated) Changes() Changes { return Changes{Goals: []string{u.Goal.ID}} }
