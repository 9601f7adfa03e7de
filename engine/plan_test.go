package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

func planGoal(id string, duration goalbot.Duration, start, end string, campaigns ...string) *goalbot.Goal {
	s, _ := goalbot.ParseDate(start)
	e, _ := goalbot.ParseDate(end)
	return &goalbot.Goal{ID: id, Type: goalbot.NetworkConversions, Campaigns: campaigns, Duration: duration, Start: s, End: e,
		Settings: goalbot.DefaultSettings}
}

func ranges(qs []goalbot.CampaignRange) []string {
	var out []string
	for _, q := range qs {
		out = append(out, fmt.Sprintf("%s %s–%s", q.Campaign, q.From, q.To))
	}
	return out
}

// TestPlanPieces: a range is read month by month, each piece once per pass however
// many goals and batches need it; periods not begun and periods settled before are
// not read.
func TestPlanPieces(t *testing.T) {
	now := at("2026-03-10T12:00:00Z")
	cache := newSumCache(now)
	p := newSumPlan(cache, 2)
	custom := planGoal("G1", goalbot.Custom, "2026-01-20", "2026-06-30", "c1")
	monthly := planGoal("G2", goalbot.Monthly, "2026-01-01", "2026-12-31", "c1", "c2")
	p.add(custom, nil, now)
	p.add(monthly, nil, now)
	want := []string{"c1 2026-01-20–2026-01-31", "c1 2026-02-01–2026-02-28", "c1 2026-03-01–2026-03-10",
		"c1 2026-01-01–2026-01-31", "c2 2026-01-01–2026-01-31", "c2 2026-02-01–2026-02-28", "c2 2026-03-01–2026-03-10"}
	if got := ranges(p.queries); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("queries\n got %v\nwant %v", got, want)
	}
	totals := make([]goalbot.Totals, len(p.queries))
	for i := range totals {
		totals[i].Conversions = goalbot.Units(int64(i + 1))
	}
	p.read(totals)
	if s := p.sums(custom); len(s) != 1 || s[0][0].Conversions != goalbot.Units(1+2+3) {
		t.Fatalf("custom sums %v", s)
	}
	if s := p.sums(monthly); s[1][0].Conversions != goalbot.Units(2) || s[2][1].Conversions != goalbot.Units(7) || s[3] != nil {
		t.Fatalf("monthly sums %v", s)
	}
	// The next batch reads nothing of c1 or c2 again.
	next := newSumPlan(cache, 1)
	yearly := planGoal("G3", goalbot.Yearly, "2026-01-01", "2026-12-31", "c2", "c3")
	next.add(yearly, nil, now)
	if got := ranges(next.queries); fmt.Sprint(got) != "[c3 2026-01-01–2026-01-31 c3 2026-02-01–2026-02-28 c3 2026-03-01–2026-03-10]" {
		t.Fatalf("second batch reads %v", got)
	}
	next.read([]goalbot.Totals{{}, {}, {}})
	// c2's months were read by the first batch.
	if s := next.sums(yearly); s[0][0].Conversions != goalbot.Units(5+6+7) {
		t.Fatalf("yearly sums %v", s)
	}
	// A goal whose first two months settled before reads March only.
	prev := goalbot.Measure(monthly, nil, nil, nil, at("2026-03-05T00:00:00Z"), 24*time.Hour)
	again := newSumPlan(newSumCache(now), 1)
	again.add(monthly, &prev, now)
	if got := ranges(again.queries); fmt.Sprint(got) != "[c1 2026-03-01–2026-03-10 c2 2026-03-01–2026-03-10]" {
		t.Fatalf("after settling: %v", got)
	}
}

// TestPlanFreshCampaigns: a campaign whose metrics were accepted during the pass is
// read afresh by every batch and never kept.
func TestPlanFreshCampaigns(t *testing.T) {
	now := at("2026-03-10T12:00:00Z")
	cache := newSumCache(now)
	g := planGoal("G1", goalbot.Monthly, "2026-01-01", "2026-12-31", "c1", "c2")
	for batch := 0; batch < 3; batch++ {
		if batch == 1 {
			cache.changed(map[string]time.Time{"c1": now.Add(time.Second), "c2": now.Add(-time.Hour)})
		}
		p := newSumPlan(cache, 1)
		p.add(g, nil, now)
		want := map[int]string{
			0: "[c1 2026-01-01–2026-01-31 c2 2026-01-01–2026-01-31 c1 2026-02-01–2026-02-28 c2 2026-02-01–2026-02-28 c1 2026-03-01–2026-03-10 c2 2026-03-01–2026-03-10]",
			1: "[c1 2026-01-01–2026-01-31 c1 2026-02-01–2026-02-28 c1 2026-03-01–2026-03-10]",
			2: "[c1 2026-01-01–2026-01-31 c1 2026-02-01–2026-02-28 c1 2026-03-01–2026-03-10]",
		}[batch]
		if got := fmt.Sprint(ranges(p.queries)); got != want {
			t.Fatalf("batch %d reads %s, want %s", batch, got, want)
		}
		p.read(make([]goalbot.Totals, len(p.queries)))
	}
}

// TestCampaignPiecesIndex: a campaign with many pieces moves them to a map and still
// finds every one.
func TestCampaignPiecesIndex(t *testing.T) {
	var c campaignPieces
	for i := int32(0); i < 3*maxListedPieces; i++ {
		c.add(20260100+i, 20260200+i, i)
	}
	if c.index == nil {
		t.Fatal("no map after many pieces")
	}
	for i := int32(0); i < 3*maxListedPieces; i++ {
		if slot, ok := c.find(20260100+i, 20260200+i); !ok || slot != i {
			t.Fatalf("piece %d: %d %v", i, slot, ok)
		}
	}
	if _, ok := c.find(1, 2); ok {
		t.Fatal("found a piece never added")
	}
}

// TestSumCacheLimit: past its limit the cache keeps nothing more, and sums are still
// right.
func TestSumCacheLimit(t *testing.T) {
	now := at("2026-03-10T12:00:00Z")
	cache := newSumCache(now)
	cache.limit = 2
	g := planGoal("G1", goalbot.Custom, "2026-01-01", "2026-03-31", "c1")
	p := newSumPlan(cache, 1)
	p.add(g, nil, now)
	p.read([]goalbot.Totals{{Spend: 1}, {Spend: 2}, {Spend: 4}})
	if cache.n != 2 || p.sums(g)[0][0].Spend != 7 {
		t.Fatalf("cached %d, sum %v", cache.n, p.sums(g)[0][0].Spend)
	}
	next := newSumPlan(cache, 1)
	next.add(g, nil, now)
	if got := fmt.Sprint(ranges(next.queries)); got != "[c1 2026-03-01–2026-03-10]" {
		t.Fatalf("the next batch reads %s", got)
	}
}

func TestSumCacheChunks(t *testing.T) {
	c := newSumCache(time.Time{})
	for i := 0; i < 2*sumChunk+5; i++ {
		if slot := c.put(goalbot.Totals{Spend: goalbot.Micro(i)}, 0, false); slot != int32(i) {
			t.Fatalf("put %d went to slot %d", i, slot)
		}
	}
	for i := 0; i < 2*sumChunk+5; i++ {
		if got := c.sum(int32(i)).Spend; got != goalbot.Micro(i) {
			t.Fatalf("slot %d holds %d", i, got)
		}
	}
}

// TestVersionedCache: a versioned cache serves the next pass the pieces whose months
// kept their versions, and reads again those of months that moved on.
func TestVersionedCache(t *testing.T) {
	now := at("2026-03-10T12:00:00Z")
	cache := newVersionedCache(now)
	g := planGoal("G1", goalbot.Custom, "2026-01-01", "2026-06-30", "c1")
	pass := func(versions map[string]int64, want string) *sumPlan {
		t.Helper()
		p := newSumPlan(cache, 1)
		p.add(g, nil, now)
		months := p.months()
		vs := make([]int64, len(months))
		for i, m := range months {
			vs[i] = versions[fmt.Sprintf("%d-%02d", m.Year, m.Month)]
		}
		p.check(months, vs)
		if got := fmt.Sprint(ranges(p.queries)); got != want {
			t.Fatalf("reads %s, want %s", got, want)
		}
		totals := make([]goalbot.Totals, len(p.queries))
		for i, q := range p.queries {
			totals[i].Conversions = goalbot.Units(int64(q.From.Month) * versions[fmt.Sprintf("%d-%02d", q.From.Year, q.From.Month)])
		}
		p.read(totals)
		return p
	}
	v := map[string]int64{"2026-01": 1, "2026-02": 1, "2026-03": 1}
	p := pass(v, "[c1 2026-01-01–2026-01-31 c1 2026-02-01–2026-02-28 c1 2026-03-01–2026-03-10]")
	if got := p.sums(g)[0][0].Conversions; got != goalbot.Units(1+2+3) {
		t.Fatalf("first pass sums %v", got)
	}
	// The same pass's next batch asks for no version and reads nothing.
	p = newSumPlan(cache, 1)
	p.add(g, nil, now)
	if len(p.months()) != 0 || len(p.queries) != 0 {
		t.Fatalf("second batch asks %v and reads %v", p.months(), ranges(p.queries))
	}
	// The next pass: January was written since (late data), the others were not.
	cache.begin(now.Add(time.Hour))
	v["2026-01"] = 5
	p = pass(v, "[c1 2026-01-01–2026-01-31]")
	if got := p.sums(g)[0][0].Conversions; got != goalbot.Units(5+2+3) {
		t.Fatalf("second pass sums %v, want January afresh and the rest kept", got)
	}
	// A campaign whose metrics arrive during the pass is read afresh, without versions.
	cache.begin(now.Add(2 * time.Hour))
	cache.changed(map[string]time.Time{"c1": now.Add(3 * time.Hour)})
	p = newSumPlan(cache, 1)
	p.add(g, nil, now)
	if len(p.months()) != 0 || len(p.queries) != 3 {
		t.Fatalf("a fresh campaign: asks %v, reads %v", p.months(), ranges(p.queries))
	}
	// A full cache is emptied when the next pass begins.
	cache.limit = cache.n
	cache.begin(now.Add(4 * time.Hour))
	if cache.n != 0 || len(cache.names) != 0 {
		t.Fatalf("a full cache kept %d sums", cache.n)
	}
}

// TestCacheDropsSettledPieces: the pieces that only periods settled by the pass read
// are dropped when the next pass begins; those an open period needs stay.
func TestCacheDropsSettledPieces(t *testing.T) {
	now := at("2026-03-10T12:00:00Z")
	cache := newVersionedCache(now)
	cache.settle = 24 * time.Hour
	monthly := planGoal("G1", goalbot.Monthly, "2026-01-01", "2026-12-31", "c1")
	custom := planGoal("G2", goalbot.Custom, "2026-02-01", "2026-06-30", "c1")
	p := newSumPlan(cache, 2)
	p.add(monthly, nil, now) // January and February settle now; March runs
	p.add(custom, nil, now)  // February and March so far, one open period
	months := p.months()
	p.check(months, make([]int64, len(months)))
	p.read(make([]goalbot.Totals, len(p.queries)))
	if cache.n != 3 || cache.finals != 1 {
		t.Fatalf("kept %d sums, %d final; want 3 (January, February, March so far), 1 final (January)", cache.n, cache.finals)
	}
	cache.begin(now.Add(time.Hour))
	if cache.n != 2 || cache.finals != 0 {
		t.Fatalf("after the next pass began: %d sums, %d final", cache.n, cache.finals)
	}
	next := newSumPlan(cache, 1)
	next.add(custom, nil, now.Add(time.Hour))
	months = next.months()
	next.check(months, make([]int64, len(months)))
	if len(next.queries) != 0 {
		t.Fatalf("an open period reads %v again", ranges(next.queries))
	}
	if s := next.sums(custom); len(s) != 1 || s[0] == nil {
		t.Fatalf("sums %v", s)
	}
}
