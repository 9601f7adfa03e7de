package engine

import (
	"time"

	"github.com/goalbot/goalbot"
)

// A goal's figures need, for every period that has begun and is not settled, each
// campaign's metric sums from the period's start to its end or today. The store
// reads a range month by month (a month's total, or some of its days), so the plan
// splits every range into month pieces and reads each piece once: goals that share a
// campaign share its whole months and, mostly, its partial ones (this month so far,
// a week). A sumCache keeps the pieces read for the rest of the pass, since a batch
// of goals shares few campaigns with itself and many with the other batches; the
// next pass reads afresh.

// piece is one campaign's days from one date to another within one month.
type piece struct {
	campaign int32 // the campaign's number in the cache (sumCache.campaign)
	from, to int32 // dates as yyyymmdd
}

// sumCache keeps the sums of the pieces a pass read, up to a limit. A campaign whose
// metrics change during the pass (an ingest) is read afresh by every later batch and
// not kept: its goals are measured by the ingest's tick as well, and the pass must
// not save figures older than the tick's.
type sumCache struct {
	since time.Time // metrics accepted from then on are not cached
	names []string  // campaign by number
	nums  map[string]int32
	fresh []bool             // by campaign number: its metrics changed during the pass
	index map[piece]int32    // the pieces read so far: their slots
	slots [][]goalbot.Totals // the pieces' sums, in chunks of sumChunk
	split periodCache
	n     int // slots used
	limit int
	// days are months of daily spend read for budgets (see budgetPlan), each a
	// campaign's days of one month from its first through its last or today.
	days map[piece][]goalbot.Micro
}

// splitKey is what a goal's periods depend on.
type splitKey struct {
	splitter   goalbot.Splitter
	start, end goalbot.Date
}

// periodCache keeps goals' periods by what decides them: goals share ranges (this
// year, this quarter), so most are split once. The slices are shared: read only.
type periodCache map[splitKey][]goalbot.Period

// maxSplits bounds a periodCache; past it, it starts afresh.
const maxSplits = 4096

// periods returns g's periods, shared with the other goals of the same shape.
func (pc *periodCache) periods(g *goalbot.Goal) []goalbot.Period {
	key := splitKey{g.Splitter(), g.Start, g.End}
	if ps, ok := (*pc)[key]; ok {
		return ps
	}
	if *pc == nil || len(*pc) >= maxSplits {
		*pc = make(periodCache)
	}
	ps := g.Periods()
	(*pc)[key] = ps
	return ps
}

// sumChunk is how many sums the cache allocates at a time: no slice of them is ever
// copied to grow, so the cache's memory is what it keeps.
const sumChunk = 4096

// put keeps t in the next slot and returns it.
func (c *sumCache) put(t goalbot.Totals) int32 {
	if c.n%sumChunk == 0 {
		c.slots = append(c.slots, make([]goalbot.Totals, 0, sumChunk))
	}
	last := len(c.slots) - 1
	c.slots[last] = append(c.slots[last], t)
	c.n++
	return int32(c.n - 1)
}

// sum returns the sum in slot.
func (c *sumCache) sum(slot int32) *goalbot.Totals { return &c.slots[slot/sumChunk][slot%sumChunk] }

// maxCachedPieces bounds the cache: about 110 bytes a piece (its sum and its entry
// in the index), so at most ~55 MB (a pass over 100,000 goals of 10,000 campaigns
// keeps about 250,000 pieces, the first pass, which reads every week of weekly
// goals, about 500,000).
const maxCachedPieces = 500_000

// newSumCache returns an empty cache for one pass that starts at since (the clock
// that stamps accepted metrics).
func newSumCache(since time.Time) *sumCache {
	return &sumCache{since: since, limit: maxCachedPieces, nums: make(map[string]int32), index: make(map[piece]int32)}
}

// campaign returns c's number in the cache.
func (c *sumCache) campaign(name string) int32 {
	n, ok := c.nums[name]
	if !ok {
		n = int32(len(c.names))
		c.nums[name] = n
		c.names = append(c.names, name)
		c.fresh = append(c.fresh, false)
	}
	return n
}

// changed marks the campaigns whose last accepted metrics row is from the pass, so
// that their pieces are read afresh and not kept.
func (c *sumCache) changed(last map[string]time.Time) {
	for name, at := range last {
		if !at.Before(c.since) {
			c.fresh[c.campaign(name)] = true
		}
	}
}

// sumPlan collects the month pieces a batch of goals needs that the cache does not
// hold, each once, so that one pipelined read serves the batch. It keeps each goal's
// periods, so that they are split once a pass.
type sumPlan struct {
	cache   *sumCache
	queued  map[piece]int32         // a piece to read → its query
	pieces  []piece                 // the piece of each query
	queries []goalbot.CampaignRange // pieces to read
	totals  []goalbot.Totals        // what the queries read (after read)
	// refs are every cell's pieces, cell after cell: a slot in the cache, or -1-q
	// for query q.
	refs  []int32
	goals map[string]plannedGoal
	nums  []int32 // scratch: the numbers of a goal's campaigns
}

// plannedGoal is one goal's periods and, for each period i and campaign j, its cell
// cells[i*len(campaigns)+j]: the pieces it sums.
type plannedGoal struct {
	periods []goalbot.Period
	cells   []cellRef
}

// cellRef is the pieces of one cell, refs[off:off+n]; n is 0 for a cell that is not
// read (a period settled before, or one that has not begun).
type cellRef struct{ off, n int32 }

func newSumPlan(cache *sumCache, goals int) *sumPlan {
	return &sumPlan{cache: cache, queued: make(map[piece]int32), goals: make(map[string]plannedGoal, goals)}
}

// add plans the cells of g at now: for every period that has begun and that prev did
// not settle (see goalbot.SettledPrefix), every campaign's days from the period's
// start to its end or today.
func (p *sumPlan) add(g *goalbot.Goal, prev *goalbot.Measurement, now time.Time) {
	today := goalbot.DateIn(now, g.Location())
	ps := p.cache.split.periods(g)
	n := len(g.Campaigns)
	cells := make([]cellRef, len(ps)*n)
	nums := p.nums[:0]
	for _, c := range g.Campaigns {
		nums = append(nums, p.cache.campaign(c))
	}
	p.nums = nums
	for i := goalbot.SettledPrefix(prev, ps); i < len(ps); i++ {
		per := ps[i]
		if per.Start.After(today) {
			break
		}
		to := per.End
		if to.After(today) {
			to = today
		}
		for j, c := range g.Campaigns {
			cells[i*n+j] = p.cell(nums[j], c, per.Start, to)
		}
	}
	p.goals[g.ID] = plannedGoal{periods: ps, cells: cells}
}

// cell plans campaign c's (number num's) days from one date to another, month by
// month.
func (p *sumPlan) cell(num int32, c string, from, to goalbot.Date) cellRef {
	ref := cellRef{off: int32(len(p.refs))}
	for d := from; !d.After(to); {
		end := d.MonthEnd()
		if end.After(to) {
			end = to
		}
		pc := piece{campaign: num, from: ymd(d), to: ymd(end)}
		p.refs = append(p.refs, p.ref(pc, goalbot.CampaignRange{Campaign: c, From: d, To: end}))
		ref.n++
		d = goalbot.Date{Year: end.Year, Month: end.Month, Day: end.Day + 1}
		if d.Day > goalbot.DaysIn(d.Year, d.Month) {
			d = goalbot.Date{Year: d.Year + int(d.Month)/12, Month: d.Month%12 + 1, Day: 1}
		}
	}
	return ref
}

// ref returns where the sum of piece pc will be: its slot in the cache, or the query
// that reads it (added when it is new).
func (p *sumPlan) ref(pc piece, q goalbot.CampaignRange) int32 {
	c := p.cache
	if !c.fresh[pc.campaign] {
		if slot, ok := c.index[pc]; ok {
			return slot
		}
	}
	k, ok := p.queued[pc]
	if !ok {
		k = int32(len(p.queries))
		p.queued[pc] = k
		p.pieces = append(p.pieces, pc)
		p.queries = append(p.queries, q)
	}
	return -1 - k
}

// read takes the totals of the queries and keeps them in the cache while it has
// room.
func (p *sumPlan) read(totals []goalbot.Totals) {
	p.totals = totals
	c := p.cache
	for q, pc := range p.pieces {
		if !c.fresh[pc.campaign] && c.n < c.limit {
			c.index[pc] = c.put(totals[q])
		}
	}
}

// cellSum returns the sum of cell ref, once read.
func (p *sumPlan) cellSum(ref cellRef) goalbot.Totals {
	var t goalbot.Totals
	for _, r := range p.refs[ref.off : ref.off+ref.n] {
		if r >= 0 {
			t.Add(*p.cache.sum(r))
		} else {
			t.Add(p.totals[-1-r])
		}
	}
	return t
}

// periods returns g's periods as planned.
func (p *sumPlan) periods(g *goalbot.Goal) []goalbot.Period { return p.goals[g.ID].periods }

// sums returns g's totals per period and campaign (nil for a period not read), once
// read has been called.
func (p *sumPlan) sums(g *goalbot.Goal) [][]goalbot.Totals {
	pg := p.goals[g.ID]
	n := len(g.Campaigns)
	out := make([][]goalbot.Totals, len(pg.periods))
	if n == 0 {
		return out
	}
	rows := 0
	for i := range out {
		if pg.cells[i*n].n > 0 {
			rows++
		}
	}
	flat := make([]goalbot.Totals, rows*n) // one allocation for the periods read
	for i := range out {
		row := pg.cells[i*n : (i+1)*n]
		if row[0].n == 0 {
			continue
		}
		out[i], flat = flat[:n:n], flat[n:]
		for j, c := range row {
			out[i][j] = p.cellSum(c)
		}
	}
	return out
}

// ymd packs a date as yyyymmdd.
func ymd(d goalbot.Date) int32 { return int32(d.Year*10000 + int(d.Month)*100 + d.Day) }
