package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// listAll pages through ListGoals at t0 and returns the ids in order.
func listAll(t *testing.T, r *Redis, f goalbot.Filter) []string {
	t.Helper()
	return listPages(t, r, f, t0, 7)
}

// listPages pages through ListGoals with pages of limit, checking the pages.
func listPages(t *testing.T, r *Redis, f goalbot.Filter, now time.Time, limit int) []string {
	t.Helper()
	var out []string
	cursor := ""
	for page := 0; ; page++ {
		goals, next, err := r.ListGoals(ctx, f, now, cursor, limit)
		ok(t, err)
		if len(goals) > limit || (next != "" && len(goals) != limit) {
			t.Fatalf("page %d has %d goals (limit %d) and next %q", page, len(goals), limit, next)
		}
		out = append(out, ids(goals)...)
		if next == "" {
			return out
		}
		if page > 1000 {
			t.Fatal("ListGoals does not end")
		}
		cursor = next
	}
}

// testListOracle creates goals with random fields and measurements and checks
// ListGoals against goalbot.Filter.Match over every goal, for random filters and
// page sizes, at random instants.
func testListOracle(t *testing.T, r *Redis) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(vals ...string) string { return vals[rnd.IntN(len(vals))] }
	type entry struct {
		g *goalbot.Goal
		m *goalbot.Measurement
	}
	var all []entry
	for i := 0; i < 120; i++ {
		g := newGoal(pick("c1", "c2", "c3", "c4"), pick("a1", "a2"), pick("U1", "U2", "U3"))
		if rnd.IntN(2) == 0 {
			g.Campaigns = append(g.Campaigns, pick("c5", "c6"))
			g.Accounts = append(g.Accounts, "a3")
		}
		g.Team = pick("", "growth", "brand")
		g.Type = goalbot.Types[rnd.IntN(len(goalbot.Types))]
		g.Duration = goalbot.Durations[rnd.IntN(len(goalbot.Durations))]
		g.Start = goalbot.Date{Year: 2026, Month: time.Month(1 + rnd.IntN(6)), Day: 1}
		g.End = g.Start.AddMonths(1 + rnd.IntN(3)).AddDays(-1)
		if rnd.IntN(4) == 0 {
			g.Settings.TimeZone = "America/New_York"
		}
		ok(t, r.CreateGoal(ctx, g))
		e := entry{g: g}
		if rnd.IntN(4) != 0 {
			m := &goalbot.Measurement{GoalID: g.ID, At: t0, Settled: rnd.IntN(3) == 0}
			if rnd.IntN(5) != 0 {
				p := float64(rnd.IntN(1500)) / 10
				m.Headline = &p
			}
			switch rnd.IntN(3) {
			case 0:
				m.Total = goalbot.Figures{Cmp: 1}
			case 1:
				p := 100.0
				m.Total = goalbot.Figures{Cmp: 0, Progress: &p}
			}
			ok(t, r.SaveMeasurement(ctx, *m))
			e.m = m
		}
		all = append(all, e)
	}
	// A few updates, so that the indexes are tested after changes too.
	for i := 0; i < 10; i++ {
		e := all[rnd.IntN(len(all))]
		e.g.Team, e.g.Campaigns = pick("", "growth", "ops"), []string{pick("c1", "c7")}
		ok(t, r.UpdateGoal(ctx, e.g, goalbot.Change{}))
	}
	subset := func(vals ...string) []string {
		var out []string
		for _, v := range vals {
			if rnd.IntN(3) == 0 {
				out = append(out, v)
			}
		}
		return out
	}
	nonEmpty := 0
	for i := 0; i < 100; i++ {
		var f goalbot.Filter
		if rnd.IntN(2) == 0 {
			f.Campaigns = subset("c1", "c2", "c5", "c7", "cX")
		}
		if rnd.IntN(3) == 0 {
			f.Accounts = subset("a1", "a3")
		}
		if rnd.IntN(3) == 0 {
			f.Teams = subset("growth", "brand", "ops")
		}
		if rnd.IntN(3) == 0 {
			f.Users = subset("U1", "U2")
		}
		if rnd.IntN(3) == 0 {
			f.Durations = toEnum[goalbot.Duration](subset(strs(goalbot.Durations)...))
		}
		if rnd.IntN(3) == 0 {
			f.Types = toEnum[goalbot.Type](subset(strs(goalbot.Types)...))
		}
		if rnd.IntN(2) == 0 {
			f.Statuses = toEnum[goalbot.Status](subset(strs(goalbot.Statuses)...))
		}
		if rnd.IntN(3) == 0 {
			lo := float64(rnd.IntN(1000)) / 10
			f.ProgressMin = &lo
		}
		if rnd.IntN(3) == 0 {
			hi := float64(50 + rnd.IntN(1000)/10)
			f.ProgressMax = &hi
		}
		now := time.Date(2026, time.Month(1+rnd.IntN(7)), 1+rnd.IntN(28), rnd.IntN(24), 0, 0, 0, time.UTC)
		if rnd.IntN(4) == 0 { // exactly at a goal's start, where pending turns in progress
			now = all[rnd.IntN(len(all))].g.StartTime()
		}
		var want []string
		for _, e := range all {
			var headline *float64
			if e.m != nil {
				headline = e.m.Headline
			}
			if f.Match(e.g, e.g.Status(e.m, now), headline) {
				want = append(want, e.g.ID)
			}
		}
		if len(want) > 0 {
			nonEmpty++
		}
		limit := 1 + rnd.IntN(20)
		for _, way := range []string{"", "scan", "intersect"} {
			r.listWay = way
			if got := listPages(t, r, f, now, limit); !slices.Equal(got, want) {
				t.Fatalf("filter %s at %s (way %q):\n got %v\nwant %v", f, now, way, got, want)
			}
		}
		r.listWay = ""
	}
	if nonEmpty < 20 {
		t.Errorf("only %d of 100 random filters matched any goal: the test is too weak", nonEmpty)
	}
}

// testListStatusBoundary checks pending and in_progress at the instant a goal starts,
// in its own time zone.
func testListStatusBoundary(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	g.Settings.TimeZone = "Asia/Kolkata" // +05:30
	ok(t, r.CreateGoal(ctx, g))
	start := g.StartTime()
	pending := goalbot.Filter{Statuses: []goalbot.Status{goalbot.Pending}}
	running := goalbot.Filter{Statuses: []goalbot.Status{goalbot.InProgress}}
	for _, c := range []struct {
		f    goalbot.Filter
		now  time.Time
		want int
	}{
		{pending, start.Add(-time.Nanosecond), 1}, {running, start.Add(-time.Nanosecond), 0},
		{pending, start, 0}, {running, start, 1},
		{pending, start.Add(time.Nanosecond), 0}, {running, start.Add(time.Nanosecond), 1},
	} {
		for _, way := range []string{"scan", "intersect"} {
			r.listWay = way
			if got := listPages(t, r, c.f, c.now, 10); len(got) != c.want {
				t.Errorf("%s at start%+v (way %s): %v", c.f, c.now.Sub(start), way, got)
			}
		}
	}
}

func testListCursor(t *testing.T, r *Redis) {
	for i := 0; i < 12; i++ {
		ok(t, r.CreateGoal(ctx, newGoal("c1", "a1", "U1")))
	}
	before := r.BodiesRead()
	goals, next, err := r.ListGoals(ctx, goalbot.Filter{}, t0, "", 5)
	ok(t, err)
	if !slices.Equal(ids(goals), []string{"G1", "G2", "G3", "G4", "G5"}) || next == "" {
		t.Fatalf("first page %v next %q", ids(goals), next)
	}
	if n := r.BodiesRead() - before; n != 5 {
		t.Errorf("a page of 5 read %d goal bodies", n)
	}
	ok(t, r.DeleteGoal(ctx, "G6"))
	goals, next, err = r.ListGoals(ctx, goalbot.Filter{}, t0, next, 5)
	ok(t, err)
	if !slices.Equal(ids(goals), []string{"G7", "G8", "G9", "G10", "G11"}) {
		t.Fatalf("second page %v (G6 was deleted between pages)", ids(goals))
	}
	goals, next, err = r.ListGoals(ctx, goalbot.Filter{}, t0, next, 5)
	ok(t, err)
	if !slices.Equal(ids(goals), []string{"G12"}) || next != "" {
		t.Fatalf("last page %v next %q", ids(goals), next)
	}
	_, _, err = r.ListGoals(ctx, goalbot.Filter{}, t0, "not-a-cursor", 5)
	mustCode(t, err, goalbot.EINVALID)
	_, _, err = r.ListGoals(ctx, goalbot.Filter{Statuses: []goalbot.Status{"lost"}}, t0, "", 5)
	mustCode(t, err, goalbot.EINVALID)
	all, _, err := r.ListGoals(ctx, goalbot.Filter{}, t0, "", 0)
	ok(t, err)
	if len(all) != 11 {
		t.Errorf("limit 0 gave %d goals, want all 11", len(all))
	}
	open, err := r.OpenGoalIDs(ctx)
	ok(t, err)
	if len(open) != 11 || open[0] != "G1" || open[10] != "G12" {
		t.Errorf("open goals %v", open)
	}
	byCampaign, err := r.GoalsByCampaigns(ctx, []string{"c1", "c2"})
	ok(t, err)
	if len(byCampaign) != 11 || byCampaign[1].ID != "G2" {
		t.Errorf("goals by campaign %v", ids(byCampaign))
	}
}

// toEnum converts strings to a string type.
func toEnum[T ~string](vals []string) []T {
	var out []T
	for _, v := range vals {
		out = append(out, T(v))
	}
	return out
}

// testListProgressAsShown checks that a progress filter finds the goals by the
// progress they are shown with (floored at the bound's precision), every way the
// list script can take: the scan's check, the progress range seeding the
// intersection, and the range cut from a narrower campaign set.
func testListProgressAsShown(t *testing.T, r *Redis) {
	headlines := map[string]float64{}
	for _, p := range []float64{67.4, 66.99, 68, 49.99, 66.7, 67.999} {
		g := newGoal("c1", "a1", "U1")
		ok(t, r.CreateGoal(ctx, g))
		ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: g.ID, At: t0, Headline: &p}))
		headlines[g.ID] = p
	}
	for i := 0; i < 8; i++ { // other goals at 10 %, so that campaign:c1 is the narrower part
		g := newGoal("c2", "a1", "U1")
		ok(t, r.CreateGoal(ctx, g))
		p := 10.0
		ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: g.ID, At: t0, Headline: &p}))
	}
	for _, c := range []struct {
		filter string
		want   []float64
	}{
		{"progress:67-67", []float64{67.4, 67.999}},
		{"campaign:c1 progress:-67", []float64{67.4, 66.99, 49.99, 66.7, 67.999}},
		{"campaign:c1 progress:-66", []float64{66.99, 49.99, 66.7}},
		{"progress:66.5-67", []float64{67.4, 66.99, 66.7, 67.999}},
		{"campaign:c1 progress:-66.7", []float64{66.7, 49.99}},
		{"campaign:c1 progress:50-", []float64{67.4, 66.99, 68, 66.7, 67.999}},
	} {
		var pairs [][2]string
		for _, kv := range strings.Fields(c.filter) {
			k, v, _ := strings.Cut(kv, ":")
			pairs = append(pairs, [2]string{k, v})
		}
		f, err := goalbot.ParseFilter(pairs)
		ok(t, err)
		for _, way := range []string{"scan", "intersect"} {
			r.listWay = way
			var got []float64
			for _, id := range listPages(t, r, f, t0, 3) {
				got = append(got, headlines[id])
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(c.want))
			if !slices.Equal(got, want) {
				t.Errorf("%s (way %s) finds %v, want %v", c.filter, way, got, want)
			}
		}
	}
	r.listWay = ""
}
