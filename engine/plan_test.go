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
		if slot := c.put(goalbot.Totals{Spend: goalbot.Micro(i)}); slot != int32(i) {
			t.Fatalf("put %d went to slot %d", i, slot)
		}
	}
	for i := 0; i < 2*sumChunk+5; i++ {
		if got := c.sum(int32(i)).Spend; got != goalbot.Micro(i) {
			t.Fatalf("slot %d holds %d", i, got)
		}
	}
}
