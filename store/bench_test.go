package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// The benchmarks run against a real redis-server that they start, and only when
// GOALBOT_BENCH_REDIS=1 (loading 100,000 goals takes a while):
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench . -benchtime 2000x ./store
//
// Each prints its figures with b.ReportMetric: List the median latency and the goal
// bodies read per page (GOALBOT_BENCH_WAYS=,scan,intersect runs each filter as the
// list script chooses, then with each of its two ways forced), Create and Update goals per second from one client, SumRange
// the round trips and the Redis time (INFO commandstats) per query.

// benchGoals is the size of the List fixture.
const benchGoals = 100_000

// roundTrips counts the round trips a client makes (a pipeline is one).
type roundTrips struct{ n atomic.Int64 }

func (c *roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { c.n.Add(1); return next(ctx, cmd) }
}
func (c *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.n.Add(1); return next(ctx, cmds) }
}

func BenchmarkRedis(b *testing.B) {
	if os.Getenv("GOALBOT_BENCH_REDIS") != "1" {
		b.Skip("set GOALBOT_BENCH_REDIS=1 to run the benchmarks against a real redis-server")
	}
	client := redis.NewClient(&redis.Options{Addr: redistest.Server(b), DisableIdentity: true})
	b.Cleanup(func() { client.Close() })
	trips := &roundTrips{}
	client.AddHook(trips)
	r := NewRedis(client, "bench")
	if err := r.CheckSchema(ctx); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	loadGoals(b, r, benchGoals)
	b.Logf("loaded %d goals in %s", benchGoals, time.Since(start).Round(time.Millisecond))
	high, top := 99.0, 100.0
	for _, c := range []struct {
		name string
		f    goalbot.Filter
	}{
		// the case: three filters matching about 1 %
		{"List/account+type+in_progress", goalbot.Filter{
			Accounts: []string{"act-3"},
			Types:    []goalbot.Type{goalbot.ContactsInStage},
			Statuses: []goalbot.Status{goalbot.InProgress},
		}},
		// a narrow progress range: the list intersects instead
		{"List/team+progress99-100", goalbot.Filter{Teams: []string{"growth"}, ProgressMin: &high, ProgressMax: &top}},
		// two campaigns of one account, any status
		{"List/2campaigns", goalbot.Filter{Campaigns: []string{"cmp-3-7", "cmp-3-8"}}},
		{"List/no-filter", goalbot.Filter{}},
	} {
		for _, way := range strings.Split(os.Getenv("GOALBOT_BENCH_WAYS"), ",") {
			name := strings.TrimSuffix(c.name+"/"+way, "/")
			b.Run(name, func(b *testing.B) { r.listWay = way; benchList(b, r, c.f); r.listWay = "" })
		}
	}
	b.Run("Create", func(b *testing.B) { benchCreate(b, r) })
	b.Run("Update", func(b *testing.B) { benchUpdate(b, r) })
	b.Run("SumRange90of400Days", func(b *testing.B) { benchSumRange(b, r, trips) })
}

// benchNow is the clock of the List fixture.
var benchNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// loadGoals creates n goals (pipelined script calls, as CreateGoal makes them) over
// 10 accounts of 50 campaigns each, 4 types, 5 durations; a third start after
// benchNow; 40 % of the started ones are settled; the others have a headline.
func loadGoals(b *testing.B, r *Redis, n int) {
	b.Helper()
	rnd := rand.New(rand.NewPCG(7, 8))
	ok := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	ok(createGoalScript.Load(ctx, r.client).Err())
	ok(saveMeasurementScript.Load(ctx, r.client).Err())
	const batch = 1000
	for done := 0; done < n; done += batch {
		goals := make([]*goalbot.Goal, 0, batch)
		_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i := 0; i < batch && done+i < n; i++ {
				acct := rnd.IntN(10)
				g := newGoal(fmt.Sprintf("cmp-%d-%d", acct, rnd.IntN(50)), fmt.Sprintf("act-%d", acct), fmt.Sprintf("U%d", rnd.IntN(200)))
				if rnd.IntN(2) == 0 {
					g.Campaigns = append(g.Campaigns, fmt.Sprintf("cmp-%d-%d", acct, rnd.IntN(50)))
				}
				g.Type = goalbot.Types[rnd.IntN(len(goalbot.Types))]
				g.Duration = goalbot.Durations[rnd.IntN(len(goalbot.Durations))]
				g.Team = []string{"", "growth", "brand", "ops"}[rnd.IntN(4)]
				g.Start = goalbot.Date{Year: 2026, Month: time.Month(1 + rnd.IntN(9)), Day: 1}
				g.End = g.Start.AddMonths(3).AddDays(-1)
				keys, args, err := r.createGoalArgs(g)
				if err != nil {
					return err
				}
				p.EvalSha(ctx, createGoalScript.Hash(), keys, args...)
				goals = append(goals, g)
			}
			return nil
		})
		ok(err)
		_, err = r.client.Pipelined(ctx, func(pipe redis.Pipeliner) error {
			for i, g := range goals {
				g.ID = "G" + strconv.Itoa(done+i+1)
				if benchNow.Before(g.StartTime()) {
					continue
				}
				m := goalbot.Measurement{GoalID: g.ID, At: benchNow, Settled: rnd.IntN(10) < 4}
				p := float64(rnd.IntN(1500)) / 10
				m.Headline = &p
				keys, args, err := r.saveMeasurementArgs(m)
				if err != nil {
					return err
				}
				pipe.EvalSha(ctx, saveMeasurementScript.Hash(), keys, args...)
			}
			return nil
		})
		ok(err)
	}
}

func benchList(b *testing.B, r *Redis, f goalbot.Filter) {
	all := listPagesB(b, r, f)
	b.Logf("filter %q matches %d of %d goals (%.2f %%)", f.String(), all, benchGoals, 100*float64(all)/benchGoals)
	resetStats(b, r)
	read := r.BodiesRead()
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t := time.Now()
		goals, _, err := r.ListGoals(ctx, f, benchNow, "", 50)
		lat = append(lat, time.Since(t))
		if err != nil || len(goals) != min(50, all) {
			b.Fatalf("%d goals, %v", len(goals), err)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(r.BodiesRead()-read)/float64(len(lat)), "goals-read/op")
	b.ReportMetric(float64(all), "matching-goals")
	b.ReportMetric(redisMicros(b, r, "evalsha")/float64(len(lat)), "redis-µs/op")
	if os.Getenv("GOALBOT_BENCH_STATS") != "" {
		info, _ := r.client.Info(ctx, "commandstats").Result()
		b.Log(info)
	}
}

// listPagesB counts the goals f matches at benchNow, paging through them.
func listPagesB(b *testing.B, r *Redis, f goalbot.Filter) int {
	n, cursor := 0, ""
	for {
		goals, next, err := r.ListGoals(ctx, f, benchNow, cursor, 500)
		if err != nil {
			b.Fatal(err)
		}
		n += len(goals)
		if next == "" {
			return n
		}
		cursor = next
	}
}

func benchCreate(b *testing.B, r *Redis) {
	resetStats(b, r)
	start, n := time.Now(), 0
	for b.Loop() {
		g := newGoal("cmp-1-1", "act-1", "U1")
		if err := r.CreateGoal(ctx, g); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "goals/s")
	b.ReportMetric(redisMicros(b, r, "evalsha")/float64(n), "redis-µs/op")
}

func benchUpdate(b *testing.B, r *Redis) {
	g := newGoal("cmp-1-1", "act-1", "U1")
	if err := r.CreateGoal(ctx, g); err != nil {
		b.Fatal(err)
	}
	teams := []string{"growth", "brand"}
	resetStats(b, r)
	start, n := time.Now(), 0
	for b.Loop() {
		g.Team = teams[n%2] // moves the goal between two team sets every time
		g.Name = "Update " + strconv.Itoa(n)
		if err := r.UpdateGoal(ctx, g, goalbot.Change{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "updates/s")
	b.ReportMetric(redisMicros(b, r, "evalsha")/float64(n), "redis-µs/op")
}

func benchSumRange(b *testing.B, r *Redis, trips *roundTrips) {
	first := goalbot.Date{Year: 2025, Month: 1, Day: 1}
	var rows []goalbot.Metric
	for i := 0; i < 400; i++ {
		rows = append(rows, row("cmp-sum", first.AddDays(i), goalbot.Micro(1000+i)*goalbot.MicroUnit, int64(i%17)))
	}
	if err := r.UpsertMetrics(ctx, rows, benchNow); err != nil {
		b.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(9, 10))
	resetStats(b, r)
	before := trips.n.Load()
	n := 0
	for b.Loop() {
		from := first.AddDays(rnd.IntN(400 - 90))
		if _, err := r.SumRanges(ctx, []RangeQuery{{Campaign: "cmp-sum", From: from, To: from.AddDays(89)}}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(trips.n.Load()-before)/float64(n), "round-trips/op")
	b.ReportMetric(redisMicros(b, r, "hmget")/float64(n), "redis-µs/op")
}

// resetStats zeroes Redis's command statistics.
func resetStats(b *testing.B, r *Redis) {
	if err := r.client.ConfigResetStat(ctx).Err(); err != nil {
		b.Fatal(err)
	}
}

// redisMicros returns the microseconds Redis spent in command cmd since resetStats.
func redisMicros(b *testing.B, r *Redis, cmd string) float64 {
	info, err := r.client.Info(ctx, "commandstats").Result()
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(info, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "cmdstat_"+cmd+":"); ok {
			for _, kv := range strings.Split(rest, ",") {
				if v, ok := strings.CutPrefix(kv, "usec="); ok {
					us, _ := strconv.ParseFloat(v, 64)
					return us
				}
			}
		}
	}
	return 0
}
