package engine

import (
	"time"

	"github.com/goalbot/goalbot"
)

// sumPlan collects the metric ranges a batch of goals needs, each (campaign, from, to)
// once however many goals share it, so that one pipelined read serves the batch.
type sumPlan struct {
	queries []goalbot.CampaignRange
	index   map[goalbot.CampaignRange]int
	// cells[goal id][period][campaign] is the query index of that cell, -1 for none
	// (a settled period kept from before, or a period that has not begun).
	cells map[string][][]int
	camps map[string]bool
}

func newSumPlan() *sumPlan {
	return &sumPlan{index: map[goalbot.CampaignRange]int{}, cells: map[string][][]int{}, camps: map[string]bool{}}
}

// add plans the ranges of g at now: for every period that has begun and is not settled
// in prev, every campaign's days from the period's start to its end or today.
func (p *sumPlan) add(g *goalbot.Goal, prev *goalbot.Measurement, now time.Time) {
	today := goalbot.DateIn(now, g.Location())
	ps := g.Periods()
	cells := make([][]int, len(ps))
	for i, per := range ps {
		cells[i] = make([]int, len(g.Campaigns))
		settled := prev != nil && i < len(prev.Periods) && prev.Periods[i].Settled && prev.Periods[i].Period == per
		for j, c := range g.Campaigns {
			cells[i][j] = -1
			if settled || per.Start.After(today) {
				continue
			}
			to := per.End
			if to.After(today) {
				to = today
			}
			cells[i][j] = p.query(goalbot.CampaignRange{Campaign: c, From: per.Start, To: to})
		}
	}
	p.cells[g.ID] = cells
	for _, c := range g.Campaigns {
		p.camps[c] = true
	}
}

func (p *sumPlan) query(q goalbot.CampaignRange) int {
	if i, ok := p.index[q]; ok {
		return i
	}
	p.index[q] = len(p.queries)
	p.queries = append(p.queries, q)
	return len(p.queries) - 1
}

// campaigns returns every campaign of the planned goals.
func (p *sumPlan) campaigns() []string {
	out := make([]string, 0, len(p.camps))
	for c := range p.camps {
		out = append(out, c)
	}
	return out
}

// sums returns g's totals per period and campaign from the read totals.
func (p *sumPlan) sums(g *goalbot.Goal, totals []goalbot.Totals) [][]goalbot.Totals {
	cells := p.cells[g.ID]
	out := make([][]goalbot.Totals, len(cells))
	for i, row := range cells {
		out[i] = make([]goalbot.Totals, len(row))
		for j, q := range row {
			if q >= 0 {
				out[i][j] = totals[q]
			}
		}
	}
	return out
}
