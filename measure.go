package goalbot

import (
	"math"
	"math/bits"
)

// Outcome is how a settled (or, provisionally, an ended) period or range turned out.
type Outcome string

// The outcomes. Unknown progress is a miss.
const (
	Exceeded Outcome = "exceeded"
	Achieved Outcome = "achieved"
	Missed   Outcome = "missed"
)

// Status is where a goal stands (docs/contract.md).
type Status string

// The statuses: pending and in_progress follow from the dates and the clock; the
// others are the settled outcome.
const (
	Pending        Status = "pending"
	InProgress     Status = "in_progress"
	StatusExceeded Status = Status(Exceeded)
	StatusAchieved Status = Status(Achieved)
	StatusMissed   Status = Status(Missed)
)

// Statuses lists every status.
var Statuses = []Status{Pending, InProgress, StatusAchieved, StatusExceeded, StatusMissed}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return contains(Statuses, s) }

// Pace says whether a running period of a count goal is on course (docs/contract.md).
type Pace string

// The paces; NoPace when there is none (cost goals, no running period).
const (
	NoPace  Pace = ""
	OnTrack Pace = "on_track"
	Behind  Pace = "behind"
	AtRisk  Pace = "at_risk"
)

// MaxProgress caps progress figures: a cost goal with contacts and no spend is at or
// under any cost cap, and is shown at this value.
const MaxProgress = 1_000_000.0

// Figures are a goal's (or one campaign's) numbers over one period or the whole range.
type Figures struct {
	// Target: for count types the sum of the campaigns' targets; for cost_per_contact
	// the campaigns' cost caps averaged with their contacts as weights (plain mean when
	// there are none); for ad_spend the sum of the campaigns' budgets.
	Target Micro `json:"target"`
	// Actual: for count types what was counted (contacts and submissions in whole
	// units); for cost_per_contact the cost per contact in the goal's currency (0
	// when there are no contacts, or the spend is not in that one currency); for
	// ad_spend the spend in the goal's currency (0, with no progress, when it is not
	// all in that one currency).
	Actual Micro `json:"actual"`
	// Spend is the ad spend per currency (each campaign spends in its account's).
	Spend    Money    `json:"spend"`
	Contacts int64    `json:"contacts"` // contacts in the goal's stage (0 for other types)
	Progress *float64 `json:"progress"` // percent; nil when unknown
	// Cmp compares the actual with the target exactly: +1 exceeded, 0 achieved,
	// -1 missed or unknown. For ad_spend it is 0 when the spend is within the
	// goal's budget band and -1 outside it, above or below (a budget is achieved,
	// or missed; it is never exceeded: see BudgetBand).
	Cmp int `json:"cmp"`
}

// Outcome returns the outcome these figures stand for.
func (f Figures) Outcome() Outcome {
	switch {
	case f.Cmp > 0:
		return Exceeded
	case f.Cmp == 0 && f.Progress != nil:
		return Achieved
	}
	return Missed
}

// Reached reports whether a count goal's figures reached level percent of the target,
// compared exactly (actual × 100 ≥ target × level).
func (f Figures) Reached(level int) bool {
	if f.Target <= 0 {
		return false
	}
	return cmpProducts(int64(f.Actual), 100, int64(f.Target), int64(level)) >= 0
}

// CellSum adds up cells, each campaign's figures in one period, the way a goal's
// figures over several periods are computed from them.
type CellSum struct {
	Target   Micro `json:"target"` // Σ targets
	N        int64 `json:"n"`      // cells added
	Actual   Micro `json:"actual"` // Σ actuals (count types)
	Spend    Money `json:"spend"`  // Σ spend per currency
	Contacts int64 `json:"contacts"`
	// WeightedHi and WeightedLo are Σ target × contacts (cost per contact), 128 bits.
	WeightedHi uint64 `json:"weighted_hi,omitempty"`
	WeightedLo uint64 `json:"weighted_lo,omitempty"`
}

// sum returns what t added up.
func (t tally) sum() CellSum {
	return CellSum{Target: t.target, N: t.n, Actual: t.actual, Spend: spendOf(t.spend), Contacts: t.contacts,
		WeightedHi: t.weighted.hi, WeightedLo: t.weighted.lo}
}

// merge adds a sum of cells to t.
func (t *tally) merge(s CellSum) {
	t.target = satAdd(t.target, s.Target)
	t.n += s.N
	t.spend = t.spend.merge(s.Spend)
	t.contacts += s.Contacts
	t.actual = satAdd(t.actual, s.Actual)
	t.weighted = t.weighted.add(u128{hi: s.WeightedHi, lo: s.WeightedLo})
}

// tally accumulates figures over campaigns and periods. Its spend is its own: the
// Money that figures and sum return is handed over, and the tally is not used after.
type tally struct {
	typ      Type
	currency string     // cost, ad_spend: the goal's currency, that the cost cap or budget is in
	band     BudgetBand // ad_spend: what the spend is judged by
	target   Micro      // count: Σ target; cost: Σ target (for the plain mean)
	n        int64      // cost: number of targets summed
	actual   Micro      // count: Σ actual
	spend    Money      // Σ spend per currency
	contacts int64      // Σ contacts in stage
	weighted u128       // cost: Σ target × contacts (micro)
}

// newTally returns an empty tally for g's figures, its spend in room from slab.
func newTally(g *Goal, slab *amountSlab) tally {
	return tally{typ: g.Type, currency: g.Currency, band: g.Settings.Band(), spend: slab.room()}
}

// amountSlab hands out room for one amount at a time from one allocation, so that
// the spends of a measurement, most of them in one currency, take one allocation
// rather than one each (a second currency grows a spend out of its room).
type amountSlab []Amount

// newAmountSlab returns a slab with room for n amounts.
func newAmountSlab(n int) amountSlab { return make(amountSlab, 0, n) }

// room returns an empty Money with room for one amount (nil when the slab is full).
func (s *amountSlab) room() Money {
	n := len(*s)
	if n == cap(*s) {
		return nil
	}
	*s = (*s)[:n+1]
	return Money((*s)[n : n : n+1])
}

// spendOf returns a tally's spend as figures keep it: nil when there is none.
func spendOf(m Money) Money {
	if len(m) == 0 {
		return nil
	}
	return m
}

// cell is one campaign in one period: its target and what it counted.
type cell struct {
	target   Micro
	actual   Micro // count types
	spend    Micro // in currency
	currency CurrencyCode
	contacts int64
}

// cellOf measures one campaign's totals, spent in currency cur, for a goal of type
// typ and stage.
func cellOf(typ Type, stage Stage, target Micro, m Totals, cur CurrencyCode) cell {
	c := cell{target: target, spend: m.Spend, currency: cur}
	if typ.NeedsStage() {
		c.contacts = m.ContactsIn(stage)
	}
	switch typ {
	case NetworkConversions:
		c.actual = m.Conversions
	case ContactsInStage:
		c.actual = Units(c.contacts)
	case FirstFormSubmissions:
		c.actual = Units(m.FirstFormSubmissions)
	}
	return c
}

// cellOfFigures recovers a cell, without its spend, from a campaign's stored
// figures (the caller adds f.Spend).
func cellOfFigures(typ Type, f Figures) cell {
	c := cell{target: f.Target, contacts: f.Contacts}
	if typ.IsCount() {
		c.actual = f.Actual
	}
	return c
}

// add adds one cell.
func (t *tally) add(c cell) {
	t.target = satAdd(t.target, c.target)
	t.n++
	t.spend = t.spend.add(c.currency, c.spend)
	t.contacts += c.contacts
	t.actual = satAdd(t.actual, c.actual)
	if t.typ == CostPerContact && c.target > 0 && c.contacts > 0 {
		t.weighted = t.weighted.add(mul64(uint64(c.target), uint64(c.contacts)))
	}
}

// figures turns the tally into Figures.
func (t tally) figures() Figures {
	if t.typ == AdSpend {
		return t.budgetFigures()
	}
	if t.typ.IsCount() {
		f := Figures{Target: t.target, Actual: t.actual, Spend: spendOf(t.spend), Contacts: t.contacts}
		f.Cmp = cmpMicro(t.actual, t.target)
		if t.target > 0 {
			p := progressValue(float64(t.actual)/float64(t.target)*100, f.Cmp)
			f.Progress = &p
		} else {
			f.Cmp = -1
		}
		return f
	}
	f := Figures{Spend: spendOf(t.spend), Contacts: t.contacts, Cmp: -1}
	if t.contacts == 0 {
		if t.n > 0 {
			f.Target = t.target / Micro(t.n)
		}
		return f
	}
	f.Target = Micro(t.weighted.div(uint64(t.contacts)))
	spend, ok := t.spend.In(t.currency)
	if !ok {
		return f // spend in another or an unknown currency: the cost is not known
	}
	f.Actual = spend / Micro(t.contacts)
	var p float64
	if spend <= 0 {
		f.Cmp, p = 1, MaxProgress
	} else {
		f.Cmp = t.weighted.cmp(u128{lo: uint64(spend)})
		p = progressValue(t.weighted.float()/float64(spend)*100, f.Cmp)
	}
	f.Progress = &p
	return f
}

// budgetFigures are an ad_spend tally's figures: the spend in the goal's currency
// against the budget, its progress the share of the budget spent, and Cmp 0 within
// the band and -1 outside it. Spend in another or an unknown currency leaves the
// actual and the progress unknown (money is never added across currencies).
func (t tally) budgetFigures() Figures {
	f := Figures{Target: t.target, Spend: spendOf(t.spend), Cmp: -1}
	spend, ok := t.spend.In(t.currency)
	if !ok || t.target <= 0 {
		return f
	}
	f.Actual = spend
	p := min(float64(spend)/float64(t.target)*100, MaxProgress)
	f.Progress = &p
	if t.band.spending(spend, t.target) == WithinBudget {
		f.Cmp = 0
	}
	return f
}

// progressValue makes a float percentage agree with the exact comparison at 100 %, so
// that a floor never shows 100 % for a miss or 99 % for an exact hit.
func progressValue(p float64, cmp int) float64 {
	switch {
	case p > MaxProgress:
		p = MaxProgress
	case cmp == 0:
		p = 100
	case cmp < 0 && p >= 100:
		p = math.Nextafter(100, 0)
	case cmp > 0 && p <= 100:
		p = math.Nextafter(100, 200)
	}
	return p
}

func cmpMicro(a, b Micro) int {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

// FloorPercent is progress as people see it: floored to a whole percent (99.96 % → 99).
func FloorPercent(p float64) int { return int(math.Floor(p)) }

// Round1 rounds progress to one decimal for JSON and alert metadata, rounding down so
// that a figure short of the target never reads 100.0.
func Round1(p float64) float64 { return math.Floor(p*10) / 10 }

// u128 is an unsigned 128-bit integer, enough for Σ target × contacts.
type u128 struct{ hi, lo uint64 }

func mul64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

// mulSmall returns x × k; the product must fit in 128 bits.
func (x u128) mulSmall(k uint64) u128 {
	hi, lo := bits.Mul64(x.lo, k)
	return u128{hi: x.hi*k + hi, lo: lo}
}

func (x u128) cmp(y u128) int {
	switch {
	case x.hi != y.hi:
		return cmpU(x.hi, y.hi)
	default:
		return cmpU(x.lo, y.lo)
	}
}

func cmpU(a, b uint64) int {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

// div returns x / d, saturated to the largest Micro.
func (x u128) div(d uint64) uint64 {
	if x.hi >= d {
		return 1<<63 - 1
	}
	q, _ := bits.Div64(x.hi, x.lo, d)
	if q > 1<<63-1 {
		return 1<<63 - 1
	}
	return q
}

func (x u128) float() float64 { return float64(x.hi)*math.Exp2(64) + float64(x.lo) }
