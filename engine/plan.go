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
// a week). A sumCache keeps the pieces read, since a batch of goals shares few
// campaigns with itself and many with the other batches.
//
// The pass's cache also outlives the pass (Engine.takeSums): most months of most
// campaigns do not change between passes (an ingest brings today's rows and a few
// late ones), so the next pass reads again only the pieces of months that changed.
// Each piece keeps the version of its month (store.MonthVersions: moved on by every
// write, in the write's transaction) read before the piece was; a pass reads each
// month's version once, in the batch that first needs the month, and uses a kept
// piece only when its version is the month's.

// piece is one campaign's days from one date to another within one month.
type piece struct {
	campaign int32 // the campaign's number in the cache (sumCache.campaign)
	from, to int32 // dates as yyyymmdd
}

// month returns the piece's month as yyyymm.
func (pc piece) month() int32 { return pc.from / 100 }

// sumCache keeps the sums of the pieces read, up to a limit: for one pass, or, when
// versioned, for the passes after it too. A campaign whose metrics change during the
// pass (an ingest) is read afresh by every later batch and not kept: its goals are
// measured by the ingest's tick as well, and the pass must not save figures older
// than the tick's.
type sumCache struct {
	since     time.Time // metrics accepted from then on are not cached
	versioned bool      // pieces are checked against their months' versions
	epoch     string    // of the versions (Store.MetricsEpoch)
	pass      uint32    // the passes that used the cache so far
	names     []string  // campaign by number
	nums      map[string]int32
	fresh     []bool           // by campaign number: its metrics changed during the pass
	pieces    []campaignPieces // by campaign number: its pieces read so far
	months    [][]monthVersion // by campaign number: its months' versions as checked
	slots     [][]keptSum      // the pieces' sums, in chunks of sumChunk
	finals    int              // final slots
	settle    time.Duration    // GOALBOT_SETTLE: when a period's pieces turn final
	split     periodCache
	n         int // slots used
	limit     int
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

// monthVersion is the version of a campaign's month (yyyymm), as read by pass.
type monthVersion struct {
	month   int32
	version int64
	pass    uint32
}

// keptSum is one slot of the cache: a piece's sum, the version of its month it was
// read at, the last pass that read it or found that version its month's (valid), and
// whether every cell that read it was of a period settled by that measurement, so
// that no later pass reads it (final: begin drops it).
type keptSum struct {
	t       goalbot.Totals
	version int64
	valid   uint32
	final   bool
}

// sumChunk is how many sums the cache allocates at a time: no slice of them is ever
// copied to grow, so the cache's memory is what it keeps.
const sumChunk = 4096

// slot returns slot i.
func (c *sumCache) slot(i int32) *keptSum { return &c.slots[i/sumChunk][i%sumChunk] }

// put keeps t, read at its month's version v, in the next slot and returns it;
// final says whether only settled periods need it.
func (c *sumCache) put(t goalbot.Totals, v int64, final bool) int32 {
	if c.n%sumChunk == 0 {
		c.slots = append(c.slots, make([]keptSum, 0, sumChunk))
	}
	last := len(c.slots) - 1
	c.slots[last] = append(c.slots[last], keptSum{t: t, version: v, valid: c.pass, final: final})
	if final {
		c.finals++
	}
	c.n++
	return int32(c.n - 1)
}

// set replaces the sum in slot with t, read at version v.
func (c *sumCache) set(slot int32, t goalbot.Totals, v int64) {
	k := c.slot(slot)
	k.t, k.version, k.valid = t, v, c.pass
}

// open records that a period not settled needs slot.
func (c *sumCache) open(slot int32) {
	if k := c.slot(slot); k.final {
		k.final = false
		c.finals--
	}
}

// compact drops the final slots.
func (c *sumCache) compact() {
	old := *c
	c.slots, c.n, c.finals = nil, 0, 0
	keep := func(slot int32) (int32, bool) {
		k := old.slot(slot)
		if k.final {
			return 0, false
		}
		return c.put(k.t, k.version, false), true
	}
	for i := range c.pieces {
		cp := c.pieces[i]
		c.pieces[i] = campaignPieces{}
		for _, p := range cp.list {
			if slot, ok := keep(p.slot); ok {
				c.pieces[i].add(p.from, p.to, slot)
			}
		}
		for k, s := range cp.index {
			if slot, ok := keep(s); ok {
				c.pieces[i].add(k[0], k[1], slot)
			}
		}
	}
}

// validNow reports whether slot was read, or found at its month's version, in this
// pass; markValid records that it was found so.
func (c *sumCache) validNow(slot int32) bool { return c.slot(slot).valid == c.pass }

func (c *sumCache) markValid(slot int32) { c.slot(slot).valid = c.pass }

// sum returns the sum in slot.
func (c *sumCache) sum(slot int32) *goalbot.Totals { return &c.slot(slot).t }

// version returns the version the sum in slot was read at.
func (c *sumCache) version(slot int32) int64 { return c.slot(slot).version }

// campaignPieces are the pieces of one campaign in the cache: a short list, which a
// map replaces when the campaign has many (goals with many different ranges).
type campaignPieces struct {
	list  []cachedPiece
	index map[[2]int32]int32
}

// cachedPiece is a piece's dates and its index in the cache's sums.
type cachedPiece struct{ from, to, slot int32 }

// maxListedPieces is how many pieces a campaign keeps in a list before a map (a
// campaign of weekly goals has about 60 in a pass that reads a year of weeks).
const maxListedPieces = 64

func (c *campaignPieces) find(from, to int32) (int32, bool) {
	if c.index != nil {
		slot, ok := c.index[[2]int32{from, to}]
		return slot, ok
	}
	for _, p := range c.list {
		if p.from == from && p.to == to {
			return p.slot, true
		}
	}
	return 0, false
}

func (c *campaignPieces) add(from, to, slot int32) {
	if c.index == nil && len(c.list) < maxListedPieces {
		c.list = append(c.list, cachedPiece{from, to, slot})
		return
	}
	if c.index == nil {
		c.index = make(map[[2]int32]int32, 2*maxListedPieces)
		for _, p := range c.list {
			c.index[[2]int32{p.from, p.to}] = p.slot
		}
		c.list = nil
	}
	c.index[[2]int32{from, to}] = slot
}

// maxCachedPieces bounds the cache: about 110 bytes a piece, so at most ~55 MB (a
// pass over 100,000 goals of 10,000 campaigns keeps about 250,000 pieces, the first
// pass, which reads every week of weekly goals, about 500,000). A versioned cache
// that is full when a pass begins is emptied (it holds the pieces of goals since
// deleted or settled too).
const maxCachedPieces = 500_000

// newSumCache returns an empty cache for one pass that starts at since (the clock
// that stamps accepted metrics).
func newSumCache(since time.Time) *sumCache {
	c := &sumCache{limit: maxCachedPieces}
	c.begin(since)
	return c
}

// newVersionedCache returns an empty cache whose pieces can serve later passes.
func newVersionedCache(since time.Time) *sumCache {
	c := newSumCache(since)
	c.versioned = true
	return c
}

// begin starts a pass that begins at since with the cache: it drops the pieces that
// only settled periods needed, and everything when the cache is full.
func (c *sumCache) begin(since time.Time) {
	if c.finals > 0 {
		c.compact()
	}
	if c.nums == nil || c.n >= c.limit {
		versioned, limit, settle, epoch := c.versioned, c.limit, c.settle, c.epoch
		*c = sumCache{versioned: versioned, limit: limit, settle: settle, epoch: epoch, nums: make(map[string]int32)}
	}
	c.since = since
	c.pass++
	clear(c.fresh)
}

// campaign returns c's number in the cache.
func (c *sumCache) campaign(name string) int32 {
	n, ok := c.nums[name]
	if !ok {
		n = int32(len(c.names))
		c.nums[name] = n
		c.names = append(c.names, name)
		c.fresh = append(c.fresh, false)
		c.pieces = append(c.pieces, campaignPieces{})
		c.months = append(c.months, nil)
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

// monthOf returns campaign num's month (yyyymm) as this pass checked it, or nil when
// it has not yet.
func (c *sumCache) monthOf(num, month int32) *monthVersion {
	ms := c.months[num]
	for i := range ms {
		if ms[i].month == month {
			if ms[i].pass != c.pass {
				return nil
			}
			return &ms[i]
		}
	}
	return nil
}

// checkedAll records the versions of months (read ahead by the loader) for this
// pass; a versioned cache's only.
func (c *sumCache) checkedAll(months []goalbot.CampaignMonth, versions []int64) {
	if !c.versioned {
		return
	}
	for i, m := range months {
		c.checked(c.campaign(m.Campaign), int32(m.Year*100+int(m.Month)), versions[i])
	}
}

// checked records that campaign num's month is at version v in this pass.
func (c *sumCache) checked(num, month int32, v int64) {
	ms := c.months[num]
	for i := range ms {
		if ms[i].month == month {
			ms[i].version, ms[i].pass = v, c.pass
			return
		}
	}
	c.months[num] = append(ms, monthVersion{month: month, version: v, pass: c.pass})
}

// sumPlan collects the month pieces a batch of goals needs that the cache does not
// hold (or holds at an older version), each once, so that one pipelined read serves
// the batch. It keeps each goal's periods, so that they are split once a pass.
type sumPlan struct {
	cache *sumCache
	// pending are the batch's pieces that the cache did not answer at once, each
	// once; queued maps a piece to its index there. at[k] is where pending piece k's
	// sum is: a slot of the cache (≥ 0), or -1-q for query q; candidate[k] is the
	// slot of a kept piece to check against its month's version, or -1; needed[k]
	// says whether a period not settled needs it.
	pending   []piece
	ranges    []goalbot.CampaignRange
	queued    map[piece]int32
	at        []int32
	candidate []int32
	needed    []bool
	queries   []goalbot.CampaignRange // pieces to read
	qpending  []int32                 // the pending piece of each query
	totals    []goalbot.Totals        // what the queries read (after read)
	// refs are every cell's pieces, cell after cell: a slot in the cache, or -1-k
	// for pending piece k.
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
		// A period that this measurement settles is never read again.
		needed := !p.cache.versioned || now.Before(g.SettleTime(per, p.cache.settle))
		for j, c := range g.Campaigns {
			cells[i*n+j] = p.cell(nums[j], c, per.Start, to, needed)
		}
	}
	p.goals[g.ID] = plannedGoal{periods: ps, cells: cells}
}

// cell plans campaign c's (number num's) days from one date to another, month by
// month, for a period that is not settled (needed) or is.
func (p *sumPlan) cell(num int32, c string, from, to goalbot.Date, needed bool) cellRef {
	ref := cellRef{off: int32(len(p.refs))}
	for d := from; !d.After(to); {
		end := d.MonthEnd()
		if end.After(to) {
			end = to
		}
		pc := piece{campaign: num, from: ymd(d), to: ymd(end)}
		p.refs = append(p.refs, p.ref(pc, goalbot.CampaignRange{Campaign: c, From: d, To: end}, needed))
		ref.n++
		d = goalbot.Date{Year: end.Year, Month: end.Month, Day: end.Day + 1}
		if d.Day > goalbot.DaysIn(d.Year, d.Month) {
			d = goalbot.Date{Year: d.Year + int(d.Month)/12, Month: d.Month%12 + 1, Day: 1}
		}
	}
	return ref
}

// ref returns where the sum of piece pc will be: its slot in the cache, or the
// pending piece that stands for it (added when it is new); needed says whether a
// period not settled needs it.
func (p *sumPlan) ref(pc piece, q goalbot.CampaignRange, needed bool) int32 {
	c := p.cache
	candidate := int32(-1)
	if !c.fresh[pc.campaign] {
		if slot, ok := c.pieces[pc.campaign].find(pc.from, pc.to); ok {
			if !c.versioned {
				return slot
			}
			hit := c.validNow(slot)
			if !hit {
				switch mv := c.monthOf(pc.campaign, pc.month()); {
				case mv == nil:
					candidate = slot // checked once the month's version is read
				case c.version(slot) == mv.version:
					c.markValid(slot)
					hit = true
				}
			}
			if hit {
				if needed {
					c.open(slot)
				}
				return slot
			}
		}
	}
	k, ok := p.queued[pc]
	if !ok {
		k = int32(len(p.pending))
		p.queued[pc] = k
		p.pending = append(p.pending, pc)
		p.ranges = append(p.ranges, q)
		p.candidate = append(p.candidate, candidate)
		p.needed = append(p.needed, needed)
		p.at = append(p.at, 0)
		if candidate < 0 {
			p.query(k)
		}
	}
	p.needed[k] = p.needed[k] || needed
	return -1 - k
}

// query plans to read pending piece k.
func (p *sumPlan) query(k int32) {
	p.at[k] = -1 - int32(len(p.queries))
	p.queries = append(p.queries, p.ranges[k])
	p.qpending = append(p.qpending, k)
}

// months returns the campaign months whose versions the batch needs and this pass
// has not read yet: those of its pending pieces, of campaigns that did not change
// during the pass (a versioned cache only).
func (p *sumPlan) months() []goalbot.CampaignMonth {
	c := p.cache
	if !c.versioned {
		return nil
	}
	var out []goalbot.CampaignMonth
	seen := make(map[[2]int32]bool)
	for _, pc := range p.pending {
		key := [2]int32{pc.campaign, pc.month()}
		if c.fresh[pc.campaign] || seen[key] || c.monthOf(pc.campaign, pc.month()) != nil {
			continue
		}
		seen[key] = true
		out = append(out, goalbot.CampaignMonth{Campaign: c.names[pc.campaign], Year: int(key[1] / 100), Month: time.Month(key[1] % 100)})
	}
	return out
}

// check takes the versions of months (as months returned them): a kept piece of a
// month at the same version serves as it is, the others are read.
func (p *sumPlan) check(months []goalbot.CampaignMonth, versions []int64) {
	c := p.cache
	for i, m := range months {
		c.checked(c.nums[m.Campaign], int32(m.Year*100+int(m.Month)), versions[i])
	}
	for k, slot := range p.candidate {
		if slot < 0 {
			continue
		}
		pc := p.pending[k]
		if mv := c.monthOf(pc.campaign, pc.month()); mv != nil && c.version(slot) == mv.version {
			c.markValid(slot)
			if p.needed[k] {
				c.open(slot)
			}
			p.at[k] = slot
		} else {
			p.query(int32(k))
		}
	}
}

// read takes the totals of the queries and keeps them in the cache while it has
// room, each with its month's version as this pass read it.
func (p *sumPlan) read(totals []goalbot.Totals) {
	p.totals = totals
	c := p.cache
	for q, k := range p.qpending {
		pc := p.pending[k]
		if c.fresh[pc.campaign] {
			continue
		}
		var v int64
		if c.versioned {
			mv := c.monthOf(pc.campaign, pc.month())
			if mv == nil {
				continue // not checked (no version read): not kept
			}
			v = mv.version
		}
		if slot, ok := c.pieces[pc.campaign].find(pc.from, pc.to); ok {
			c.set(slot, totals[q], v)
			if p.needed[k] {
				c.open(slot)
			}
		} else if c.n < c.limit {
			c.pieces[pc.campaign].add(pc.from, pc.to, c.put(totals[q], v, c.versioned && !p.needed[k]))
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
			t.Add(*p.value(-1 - r))
		}
	}
	return t
}

// value returns the sum of pending piece k, once read.
func (p *sumPlan) value(k int32) *goalbot.Totals {
	if at := p.at[k]; at >= 0 {
		return p.cache.sum(at)
	}
	return &p.totals[-1-p.at[k]]
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
