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
// BenchmarkPass loads a fixture of running goals over campaigns with 400 days of
// metrics and times passes: the first (cold: no measurement yet, every goal fires
// started and its thresholds) and the scheduled ones after it (warm: the clock 15
// minutes on, ns/op). It reports the peak Go heap during the passes (sampled from
// runtime/metrics) and the Redis round trips (a pipeline is one). Pass10k and
// Pass100k scale goals and campaigns together; the parent logs the ratio of their
// pass times. Freshness then times, on the large fixture, POST /v1/metrics answered →
// the alert it causes handed to the notifier, through the real /v1 handler and a
// ticking Runner with default settings.
//
// Profile one size with -cpuprofile or -memprofile and a -bench filter, or the warm
// passes alone with GOALBOT_BENCH_WARM_PROFILE=file:
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
	warm := map[string]time.Duration{}
	cold := map[string]time.Duration{}
	var big *benchRig
	for _, size := range []struct {
		name             string
		campaigns, goals int
	}{{"Pass10k", 1_000, 10_000}, {"Pass100k", 10_000, 100_000}} {
		b.Run(size.name, func(b *testing.B) {
			r := newBenchRig(size.name)
			loadBenchFixture(b, r.store, size.campaigns, size.goals)
			cold[size.name], warm[size.name] = benchPasses(b, r, size.goals)
			big = r
		})
	}
	if warm["Pass10k"] > 0 && warm["Pass100k"] > 0 {
		b.Logf("100,000-goal pass ÷ 10,000-goal pass: cold %.1f× (%s ÷ %s), warm %.1f× (%s ÷ %s)",
			float64(cold["Pass100k"])/float64(cold["Pass10k"]), cold["Pass100k"].Round(time.Millisecond), cold["Pass10k"].Round(time.Millisecond),
			float64(warm["Pass100k"])/float64(warm["Pass10k"]), warm["Pass100k"].Round(time.Millisecond), warm["Pass10k"].Round(time.Millisecond))
	}
	if big != nil {
		b.Run("Freshness", func(b *testing.B) { benchFreshness(b, big) })
	}
}

// benchPasses runs the cold pass and then warm passes every 15 minutes of the
// frozen clock, reporting their figures; it returns the cold and the mean warm time.
func benchPasses(b *testing.B, r *benchRig, goals int) (time.Duration, time.Duration) {
	ctx := context.Background()
	clock := goalbot.NewFrozenClock(benchNow)
	e := &Engine{Store: r.store, Notifier: nopNotifier{}, Clock: clock, Settle: 24 * time.Hour,
		Workspace: goalbot.DefaultSettings, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	heap := startHeapSampler()
	trips, cpu := r.trips.n.Load(), cpuTime(b)
	res, err := e.Pass(ctx)
	if err != nil {
		b.Fatal(err)
	}
	coldTrips, coldCPU := r.trips.n.Load()-trips, cpuTime(b)-cpu
	coldHeap := heap.stop()
	if res.Measured != goals {
		b.Fatalf("the cold pass measured %d goals, want %d", res.Measured, goals)
	}
	b.Logf("cold pass: %d goals in %s (Go CPU %s), %d alerts queued, %d round trips, peak heap %.0f MB",
		res.Measured, res.Duration.Round(time.Millisecond), coldCPU.Round(time.Millisecond), len(res.Queued), coldTrips, mb(coldHeap))

	var total time.Duration
	var passes, warmTrips int64
	if err := r.client.ConfigResetStat(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	heap = startHeapSampler()
	cpu = cpuTime(b)
	if path := os.Getenv("GOALBOT_BENCH_WARM_PROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	b.ResetTimer()
	for b.Loop() {
		if err := clock.Set(clock.Now().Add(15 * time.Minute)); err != nil {
			b.Fatal(err)
		}
		t := r.trips.n.Load()
		res, err := e.Pass(ctx)
		if err != nil {
			b.Fatal(err)
		}
		warmTrips += r.trips.n.Load() - t
		total += res.Duration
		passes++
		if res.Measured != goals {
			b.Fatalf("a warm pass measured %d goals, want %d", res.Measured, goals)
		}
	}
	b.StopTimer()
	warmCPU := (cpuTime(b) - cpu) / time.Duration(passes)
	warmHeap := heap.stop()
	mean := total / time.Duration(passes)
	redisTime, cmds := redisStats(b, r.client)
	b.Logf("warm passes: %d, mean %s (Go CPU %s), %d round trips and %d Redis commands (%s of Redis time) each, peak heap %.0f MB",
		passes, mean.Round(time.Millisecond), warmCPU.Round(time.Millisecond), warmTrips/passes, cmds/passes,
		(redisTime / time.Duration(passes)).Round(time.Millisecond), mb(warmHeap))
	b.ReportMetric(res.Duration.Seconds(), "cold-s")
	b.ReportMetric(float64(coldTrips), "cold-round-trips")
	b.ReportMetric(float64(warmTrips)/float64(passes), "round-trips/op")
	b.ReportMetric(mb(max(coldHeap, warmHeap)), "peak-heap-MB")
	b.ReportMetric(warmCPU.Seconds(), "go-cpu-s/op")
	return res.Duration, mean
}

// redisStats returns the time Redis spent in commands, and their number, since its
// statistics were reset (INFO commandstats).
func redisStats(b *testing.B, c *redis.Client) (time.Duration, int64) {
	info, err := c.Info(context.Background(), "commandstats").Result()
	if err != nil {
		b.Fatal(err)
	}
	var usec, calls int64
	if os.Getenv("GOALBOT_BENCH_STATS") != "" {
		b.Log(info)
	}
	for _, line := range strings.Split(info, "\n") {
		_, rest, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || !strings.HasPrefix(line, "cmdstat_") {
			continue
		}
		for _, kv := range strings.Split(rest, ",") {
			k, v, _ := strings.Cut(kv, "=")
			n, _ := strconv.ParseInt(v, 10, 64)
			switch k {
			case "usec":
				usec += n
			case "calls":
				calls += n
			}
		}
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
// metrics each, and goals running goals of 1–5 of them: every type and duration, the
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
	}
	target := goalbot.Units(max(1, perDay*days*int64(50+rnd.IntN(100))/100))
	g.Notifications = []goalbot.Event{goalbot.EventStarted, goalbot.EventMilestone}
	if g.Type == goalbot.CostPerContact {
		target = goalbot.Units(int64(30 + rnd.IntN(50))) // about 50 a lead
		g.Currency, g.Notifications = "USD", []goalbot.Event{goalbot.EventStarted}
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
