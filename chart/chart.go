package chart

import (
	"math"

	"github.com/goalbot/goalbot"
)

// Chart is what one goal's chart shows. Values are in units (a count, or an amount of
// the goal's currency); NaN marks an unknown one.
type Chart struct {
	// Title names the goal ("G12 · Search leads per quarter"); Subtitle says which
	// period and how it stands ("Q2 2026 · 64 % of target · behind"). Both may be empty.
	Title, Subtitle string
	// Cost: the values are costs per contact against a cap (lower is better, amounts
	// formatted with Locale.Money); otherwise counts against a target.
	Cost bool
	// Budget, when set, makes it a budget's chart: the values are spend (amounts,
	// formatted with Locale.Money) against the budget, judged by this band.
	Budget *Band
	// Current is the running period; a zero Current (no days) draws only Past.
	Current Current
	// Past are the periods before it, oldest first, as bars.
	Past []Past
	// Locale formats words, numbers, amounts and dates; its zero fields are English.
	Locale Locale
}

// Current is the running period, day by day.
type Current struct {
	Start goalbot.Date // the period's first day
	Days  int          // days in the period
	// Actual[i] is the value at the end of day Start+i, for the days so far (at most
	// Days): for a count the cumulative actual, for a cost goal the cost per contact
	// of the days so far (NaN while there is no contact).
	Actual []float64
	// Target is the target line: the period's target, or the cost cap.
	Target float64
	// Projection is the projected end value with its band; nil draws none.
	Projection *Projection
}

// Projection is a projected end value with its band.
type Projection struct {
	Value, Low, High float64
}

// Band is a budget's band, as fractions of the budget (0.8 and 1.1): a spend
// between them is within it, outside it is underspend or overspend.
type Band struct {
	Under, Over float64
	Label       string // the legend's words for it ("Band 80%–110%"); the caller formats it
}

// within reports whether spend v against budget is within b.
func (b Band) within(v, budget float64) bool {
	return v >= budget*b.Under && v <= budget*b.Over
}

// Past is one past period's bar.
type Past struct {
	Label  string  // under the bar ("W14", "Mar"); the caller formats it
	Actual float64 // NaN when unknown
	Target float64
}

// Met reports whether p reached its target: at or above it, or for a cost goal at or
// under the cap.
func (p Past) Met(cost bool) bool {
	if math.IsNaN(p.Actual) {
		return false
	}
	if cost {
		return p.Actual <= p.Target
	}
	return p.Actual >= p.Target
}

// met reports whether past period p of c met its target (Past.Met), or for a budget
// landed within its band.
func (c *Chart) met(p Past) bool {
	if c.Budget != nil {
		return !math.IsNaN(p.Actual) && c.Budget.within(p.Actual, p.Target)
	}
	return p.Met(c.Cost)
}
