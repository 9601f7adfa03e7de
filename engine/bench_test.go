package engine

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

// The benchmarks run against a real redis-server that they start, and only when
// GOALBOT_BENCH_REDIS=1 (the fixture takes a while to load; CI does not run them):
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench . -benchtime 5x -timeout 30m ./engine
//
// BenchmarkEngine loads a fixture of running goals over campaigns with 400 days of
// metrics and times passes: the first (cold: no measurement yet, every goal fires
// started and its thresholds), the scheduled ones after it (warm: the clock 15
// minutes on and nothing changed, so goals are carried over; ns/op), and full passes
// after a row was ingested into every campaign (every goal measured afresh). For each
// it logs the wall and Go CPU time, Redis's time in commands, the round trips (a
// pipeline is one) and the peak Go heap (sampled from runtime/metrics). Pass10k and
// Pass100k scale goals and campaigns together; the parent logs the ratio of their
// pass times. Freshness then times, on the large fixture, POST /v1/metrics answered →
// the alert it causes handed to the notifier, through the real /v1 handler and a
// ticking Runner with default settings.
//
// Profile one size with -cpuprofile or -memprofile and a -bench filter, or one kind
// of pass alone with GOALBOT_BENCH_PROFILE=cold|warm|full=file (GOALBOT_BENCH_STATS=1
// logs Redis's time per command):
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench 'Engine/Pass100k' -benchtime 3x -cpuprofile cpu.out ./engine

// benchNow is when the fixture's passes run (a Monday afternoon, UTC).
var benchNow = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// benchDays is how many days of metrics each campaign has, up to benchNow's date.
const benchDays = 400

// tripCounter counts a client's round trips (a pipeline is one).
type tripCounter struct{ n atomic.Int64 }

func (c *tripCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *tripCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { c.n.Add(1); return next(ctx, cmd) }
}
func (c *tripCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.n.Add(1); return next(ctx, cmds) }
}

// nopNotifier accepts every alert.
type nopNotifier struct{}

func (nopNotifier) Notify(context.Context, goalbot.Alert) error                { return nil }
func (nopNotifier) Undeliverable(context.Context, goalbot.Alert, string) error { return nil }

// benchRig is a store on the shared server with a round-trip counter.
type benchRig struct {
	client *redis.Client
	trips  *tripCounter
	store  *store.Redis
}

func BenchmarkEngine(b *testing.B) {
	if os.Getenv("GOALBOT_BENCH_REDIS") != "1" {
		b.Skip("set GOALBOT_BENCH_REDIS=1 to run the benchmarks against a real redis-server")
	}
	addr := redistest.Server(b)
	newBenchRig := func(prefix string) *benchRig {
		client := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
		b.Cleanup(func() { client.Close() })
		trips := &tripCounter{}
		client.AddHook(trips)
		s := store.NewRedis(client, prefix)
		if err := s.CheckSchema(context.Background()); err != nil {
			b.Fatal(err)
		}
		return &benchRig{client: client, trips: trips, store: s}
	}
	type sizes struct{ cold, warm, full passStats }
	got := map[string]sizes{}
	var big *benchRig
	for _, size := range []struct {
		name             string
		campaigns, goals int
	}{{"Pass10k", 1_000, 10_000}, {"Pass100k", 10_000, 100_000}} {
		b.Run(size.name, func(b *testing.B) {
			r := newBenchRig(size.name)
			loadBenchFixture(b, r.store, size.campaigns, size.goals)
			cold, warm, full := benchPasses(b, r, size.goals, size.campaigns)
			got[size.name] = sizes{cold, warm, full}
			big = r
		})
	}
	if small, large := got["Pass10k"], got["Pass100k"]; small.cold.passes > 0 && large.cold.passes > 0 {
		ratio := func(a, b passStats) string {
			return fmt.Sprintf("%.1f× (%s ÷ %s)", float64(a.wall)/float64(b.wall), a.wall.Round(time.Millisecond), b.wall.Round(time.Millisecond))
		}
		b.Logf("100,000-goal pass ÷ 10,000-goal pass: cold %s, warm %s, full %s",
			ratio(large.cold, small.cold), ratio(large.warm, small.warm), ratio(large.full, small.full))
	}
	if big != nil {
		b.Run("Freshness", func(b *testing.B) { benchFreshness(b, big) })
	}
}

// passStats are the figures of one or more passes.
type passStats struct {
	passes     int
	wall, cpu  time.Duration // per pass
	redis      time.Duration // Redis's time in commands, per pass
	trips      int64         // round trips per pass
	commands   int64         // Redis commands per pass (those in scripts included)
	peakHeap   uint64
	measured   int // goals measured by the last pass
	retimed    int // of which carried over
	queued     int // alerts queued by the last pass
	lastResult PassResult
}

func (p passStats) String() string {
	return fmt.Sprintf("%d× mean %s (Go CPU %s, Redis %s), %d goals measured (%d carried over), %d alerts queued, "+
		"%d round trips and %d Redis commands, peak heap %.0f MB", p.passes, p.wall.Round(time.Millisecond),
		p.cpu.Round(time.Millisecond), p.redis.Round(time.Millisecond), p.measured, p.retimed, p.queued, p.trips,
		p.commands, mb(p.peakHeap))
}

// measurePasses runs n passes (b.Loop's when n is 0), moving the frozen clock on by
// step before each, and returns their figures.
func measurePasses(b *testing.B, r *benchRig, e *Engine, clock *goalbot.FrozenClock, n int, step time.Duration) passStats {
	ctx := context.Background()
	if err := r.client.ConfigResetStat(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	heap := startHeapSampler()
	trips, cpu := r.trips.n.Load(), cpuTime(b)
	var st passStats
	var wall time.Duration
	pass := func() {
		if err := clock.Set(clock.Now().Add(step)); err != nil {
			b.Fatal(err)
		}
		res, err := e.Pass(ctx)
		if err != nil {
			b.Fatal(err)
		}
		wall += res.Duration
		st.passes++
		st.measured, st.retimed, st.queued, st.lastResult = res.Measured, res.Retimed, len(res.Queued), res
	}
	if n == 0 {
		b.ResetTimer()
		for b.Loop() {
			pass()
		}
		b.StopTimer()
	} else {
		for i := 0; i < n; i++ {
			pass()
		}
	}
	k := time.Duration(st.passes)
	st.cpu, st.trips, st.peakHeap = (cpuTime(b)-cpu)/k, (r.trips.n.Load()-trips)/int64(st.passes), heap.stop()
	st.wall = wall / k
	redisTime, cmds := redisStats(b, r.client)
	st.redis, st.commands = redisTime/k, cmds/int64(st.passes)
	return st
}

// benchPasses runs the cold pass, warm passes every 15 minutes of the frozen clock
// (nothing changed: goals are carried over), and full passes after a metrics row for
// today was ingested into every campaign (every goal measured afresh). It reports
// their figures and returns them.
func benchPasses(b *testing.B, r *benchRig, goals, campaigns int) (cold, warm, full passStats) {
	clock := goalbot.NewFrozenClock(benchNow)
	e := &Engine{Store: r.store, Notifier: nopNotifier{}, Clock: clock, Settle: 24 * time.Hour,
		Workspace: goalbot.DefaultSettings, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	check := func(name string, st passStats) {
		b.Logf("%s passes: %s", name, st)
		if st.measured != goals {
			b.Fatalf("a %s pass measured %d goals, want %d", name, st.measured, goals)
		}
	}
	stop := startProfile(b, "cold")
	cold = measurePasses(b, r, e, clock, 1, 0)
	stop()
	check("cold", cold)
	stop = startProfile(b, "warm")
	warm = measurePasses(b, r, e, clock, 0, 15*time.Minute)
	stop()
	check("warm", warm)
	stop = startProfile(b, "full")
	defer stop()
	for i := 0; i < 2; i++ {
		ingestEveryCampaign(b, r, campaigns, clock.Now().Add(5*time.Minute))
		st := measurePasses(b, r, e, clock, 1, 15*time.Minute)
		if st.retimed != 0 {
			b.Fatalf("%d goals carried over after an ingest into every campaign", st.retimed)
		}
		full.passes++
		full.wall, full.cpu, full.redis, full.trips, full.commands = full.wall+st.wall, full.cpu+st.cpu, full.redis+st.redis, st.trips, st.commands
		full.peakHeap, full.measured, full.queued = max(full.peakHeap, st.peakHeap), st.measured, st.queued
	}
	full.wall, full.cpu, full.redis = full.wall/2, full.cpu/2, full.redis/2
	check("full", full)
	b.ReportMetric(cold.wall.Seconds(), "cold-s")
	b.ReportMetric(full.wall.Seconds(), "full-s")
	b.ReportMetric(float64(warm.trips), "round-trips/op")
	b.ReportMetric(float64(full.trips), "full-round-trips")
	b.ReportMetric(mb(max(cold.peakHeap, warm.peakHeap, full.peakHeap)), "peak-heap-MB")
	b.ReportMetric(warm.cpu.Seconds(), "go-cpu-s/op")
	return cold, warm, full
}

// startProfile starts a CPU profile of the passes of one kind (cold, warm, full) when
// GOALBOT_BENCH_PROFILE is kind=file; the function returned stops it.
func startProfile(b *testing.B, kind string) func() {
	want, path, _ := strings.Cut(os.Getenv("GOALBOT_BENCH_PROFILE"), "=")
	if want != kind || path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// ingestEveryCampaign stores a metrics row for the day of at into every campaign,
// accepted at at, a thousand rows an UpsertMetrics (as ingests of that size are).
func ingestEveryCampaign(b *testing.B, r *benchRig, campaigns int, at time.Time) {
	rows := make([]goalbot.Metric, campaigns)
	for c := range rows {
		rows[c] = goalbot.Metric{Date: goalbot.DateOf(at), Network: "google", AccountID: "act-1", CampaignID: fmt.Sprintf("c%d", c),
			Currency: "USD", Totals: goalbot.Totals{Spend: goalbot.Units(100), Conversions: goalbot.Units(int64(c % 17))}}
	}
	for len(rows) > 0 {
		n := min(len(rows), 1000)
		if err := r.store.UpsertMetrics(context.Background(), rows[:n], at); err != nil {
			b.Fatal(err)
		}
		rows = rows[n:]
	}
}

// redisStats returns the time Redis spent in commands, and their number, since its
// statistics were reset (INFO commandstats).
func redisStats(b *testing.B, c *redis.Client) (time.Duration, int64) {
	info, err := c.Info(context.Background(), "commandstats").Result()
	if err != nil {
		b.Fatal(err)
	}
	var usec, calls int64
	var top []string
	for _, line := range strings.Split(info, "\n") {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || !strings.HasPrefix(name, "cmdstat_") {
			continue
		}
		var u, c int64
		for _, kv := range strings.Split(rest, ",") {
			k, v, _ := strings.Cut(kv, "=")
			n, _ := strconv.ParseInt(v, 10, 64)
			switch k {
			case "usec":
				u = n
			case "calls":
				c = n
			}
		}
		usec, calls = usec+u, calls+c
		top = append(top, fmt.Sprintf("%s %d calls %dms", strings.TrimPrefix(name, "cmdstat_"), c, u/1000))
	}
	if os.Getenv("GOALBOT_BENCH_STATS") != "" {
		b.Logf("Redis commands: %s", strings.Join(top, "; "))
	}
	return time.Duration(usec) * time.Microsecond, calls
}

// cpuTime returns the CPU time this process has used (user and system).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }

// heapSampler records the largest Go heap (live and not yet swept objects) seen
// every millisecond until stopped.
type heapSampler struct {
	done chan struct{}
	peak chan uint64
}

func startHeapSampler() *heapSampler {
	runtime.GC() // start from what is live, not from the fixture's garbage
	h := &heapSampler{done: make(chan struct{}), peak: make(chan uint64, 1)}
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-h.done:
				h.peak <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) stop() uint64 {
	close(h.done)
	return <-h.peak
}

// loadBenchFixture fills s with campaigns campaigns (c0, c1, …) of benchDays days of
// metrics each, and goals running goals of 1–5 of them: every type (a fifth of them
// budgets, whose daily spend the engine reads) and duration, the
// whole of 2026 for weekly to yearly goals and a custom range around benchNow,
// created an hour before it with the default notifications; and 20 channel
// subscriptions on a few campaigns each. Everything goes in by pipelined writes.
func loadBenchFixture(b *testing.B, s *store.Redis, campaigns, goals int) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	rnd := rand.New(rand.NewPCG(uint64(campaigns), uint64(goals)))
	today := goalbot.DateOf(benchNow)
	first := today.AddDays(-(benchDays - 1))
	const chunk = 100 // campaigns per load: 40,000 rows
	for c0 := 0; c0 < campaigns; c0 += chunk {
		rows := make([]goalbot.Metric, 0, chunk*benchDays)
		for c := c0; c < min(c0+chunk, campaigns); c++ {
			for d := 0; d < benchDays; d++ {
				m := goalbot.Metric{Date: first.AddDays(d), CampaignID: fmt.Sprintf("c%d", c)}
				m.Spend = goalbot.Micro(rnd.Int64N(500_000_000))
				m.Conversions = goalbot.Micro(rnd.Int64N(20_000_000))
				m.Contacts[goalbot.StageIndex(goalbot.Lead)] = rnd.Int64N(11)
				m.Contacts[goalbot.StageIndex(goalbot.Customer)] = rnd.Int64N(3)
				m.FirstFormSubmissions = rnd.Int64N(6)
				rows = append(rows, m)
			}
		}
		if err := s.LoadMetrics(ctx, rows, benchNow.Add(-time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
	// The catalog, as ingests leave it: every campaign of one dollar account.
	for c0 := 0; c0 < campaigns; c0 += 1000 {
		var camps []goalbot.Campaign
		for c := c0; c < min(c0+1000, campaigns); c++ {
			camps = append(camps, goalbot.Campaign{ID: fmt.Sprintf("c%d", c), Name: fmt.Sprintf("Campaign %d", c), AccountID: "act-1"})
		}
		if err := s.UpsertCatalog(ctx, []goalbot.Account{{ID: "act-1", Name: "Bench", Network: "google", Currency: "USD"}}, camps); err != nil {
			b.Fatal(err)
		}
	}
	metricsTook := time.Since(start)
	gs := make([]*goalbot.Goal, goals)
	for i := range gs {
		gs[i] = benchGoal(rnd, campaigns, today)
	}
	if err := s.CreateGoals(ctx, gs); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		f := goalbot.Filter{Campaigns: []string{fmt.Sprintf("c%d", rnd.IntN(campaigns)), fmt.Sprintf("c%d", rnd.IntN(campaigns))}}
		sub := &goalbot.Subscription{Channel: fmt.Sprintf("C%d", i), Filter: f, Events: goalbot.DefaultSubscriptionEvents,
			Creator: "U1", CreatedAt: benchNow.Add(-time.Hour)}
		if err := s.CreateSubscription(ctx, sub); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("fixture: %d campaigns × %d days of metrics in %s, %d goals in %s",
		campaigns, benchDays, metricsTook.Round(time.Millisecond), goals, (time.Since(start) - metricsTook).Round(time.Millisecond))
}

// benchGoal returns a random running goal of 1–5 of the campaigns c0…c(n-1).
func benchGoal(rnd *rand.Rand, n int, today goalbot.Date) *goalbot.Goal {
	g := &goalbot.Goal{
		Name: "bench", Type: goalbot.Types[rnd.IntN(len(goalbot.Types))], Accounts: []string{"act-1"},
		Duration: goalbot.Durations[rnd.IntN(len(goalbot.Durations))], Settings: goalbot.DefaultSettings,
		Creator: fmt.Sprintf("U%d", rnd.IntN(10_000)), Team: []string{"", "growth", "brand", "ops"}[rnd.IntN(4)],
		CreatedAt: benchNow.Add(-time.Hour), UpdatedAt: benchNow.Add(-time.Hour),
	}
	for k := 1 + rnd.IntN(5); len(g.Campaigns) < k; {
		if c := fmt.Sprintf("c%d", rnd.IntN(n)); !slices.Contains(g.Campaigns, c) {
			g.Campaigns = append(g.Campaigns, c)
		}
	}
	if g.Type.NeedsStage() {
		g.Stage = goalbot.Lead
	}
	if g.Duration == goalbot.Custom {
		g.Start, g.End = today.AddDays(-1-rnd.IntN(300)), today.AddDays(1+rnd.IntN(120))
	} else {
		g.Start, g.End = g.Splitter().DefaultRange(today, goalbot.Date{}, goalbot.Date{})
	}
	days := int64(g.Periods()[0].Days())
	var perDay int64 // about what a campaign does a day, so that progress varies around 100 %
	switch g.Type {
	case goalbot.NetworkConversions:
		perDay = 10
	case goalbot.ContactsInStage:
		perDay = 5
	case goalbot.FirstFormSubmissions:
		perDay = 2
	case goalbot.AdSpend:
		perDay = 250 // a budget around the spend of 0–500 a day
	}
	target := goalbot.Units(max(1, perDay*days*int64(50+rnd.IntN(100))/100))
	g.Notifications = []goalbot.Event{goalbot.EventStarted, goalbot.EventMilestone}
	if g.Type == goalbot.CostPerContact {
		target = goalbot.Units(int64(30 + rnd.IntN(50))) // about 50 a lead
		g.Currency, g.Notifications = "USD", []goalbot.Event{goalbot.EventStarted}
	}
	if g.Type == goalbot.AdSpend {
		g.Currency, g.Notifications = "USD", goalbot.DefaultNotifications(goalbot.AdSpend)
	}
	g.Targets = goalbot.Targets{Target: &target}
	return g
}

// freshNotifier records when each goal's first alert of an event arrived.
type freshNotifier struct {
	mu   sync.Mutex
	seen map[string]time.Time // goal id → when its first threshold alert arrived
	wake chan struct{}
}

func (n *freshNotifier) Notify(_ context.Context, a goalbot.Alert) error {
	if a.Event != goalbot.EventThreshold {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.seen[a.GoalID]; !ok {
		n.seen[a.GoalID] = time.Now()
		select {
		case n.wake <- struct{}{}:
		default:
		}
	}
	return nil
}

func (n *freshNotifier) Undeliverable(context.Context, goalbot.Alert, string) error { return nil }

func (n *freshNotifier) arrived(id string) (time.Time, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	t, ok := n.seen[id]
	return t, ok
}
