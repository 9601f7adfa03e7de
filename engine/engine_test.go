package engine

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

// fakeNotifier records what it was handed and fails on demand.
type fakeNotifier struct {
	mu            sync.Mutex
	sent          []goalbot.Alert
	undeliverable []string
	fail          func(a goalbot.Alert) error // nil: succeed
}

func (n *fakeNotifier) Notify(_ context.Context, a goalbot.Alert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.fail != nil {
		if err := n.fail(a); err != nil {
			return err
		}
	}
	n.sent = append(n.sent, a)
	return nil
}

func (n *fakeNotifier) Undeliverable(_ context.Context, a goalbot.Alert, reason string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.undeliverable = append(n.undeliverable, a.Key+" "+reason)
	return nil
}

func (n *fakeNotifier) sentKeys() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []string
	for _, a := range n.sent {
		out = append(out, a.Key)
	}
	return out
}

// rig is an engine on a store with a movable clock.
type rig struct {
	t     *testing.T
	ctx   context.Context
	store *store.Redis
	eng   *Engine
	clock *goalbot.FrozenClock
	wall  time.Time
	note  *fakeNotifier
	mr    *miniredis.Miniredis // nil on a real Redis
}

func newRig(t *testing.T, client redis.UniversalClient, prefix string, at time.Time) *rig {
	t.Helper()
	s := store.NewRedis(client, prefix, store.WithClock(func() time.Time { return at }))
	if err := s.CheckSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, ctx: context.Background(), store: s, clock: goalbot.NewFrozenClock(at), wall: at, note: &fakeNotifier{}}
	r.eng = &Engine{Store: s, Notifier: r.note, Clock: r.clock, Wall: func() time.Time { return r.wall },
		Settle: 24 * time.Hour, Workspace: goalbot.DefaultSettings, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return r
}

func miniRig(t *testing.T, at time.Time) *rig {
	m := miniredis.RunT(t)
	r := newRig(t, redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "t", at)
	r.mr = m
	return r
}

// later moves the wall clock (and miniredis's TTLs) on by d; the measuring clock stays.
func (r *rig) later(d time.Duration) {
	r.wall = r.wall.Add(d)
	if r.mr != nil {
		r.mr.FastForward(d)
	}
}

func at(s string) time.Time {
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return v
}

// move moves both clocks to s.
func (r *rig) move(s string) {
	r.t.Helper()
	if err := r.clock.Set(at(s)); err != nil {
		r.t.Fatal(err)
	}
	r.wall = at(s)
}

// goal creates a monthly 2026 conversions goal on cmp-1 and cmp-2 with target 100 each.
func (r *rig) goal(mod func(*goalbot.Goal)) *goalbot.Goal {
	r.t.Helper()
	if err := r.store.UpsertCatalog(r.ctx, []goalbot.Account{{ID: "act-1", Name: "A", Network: "google", Currency: "USD"}},
		[]goalbot.Campaign{{ID: "cmp-1", Name: "one", AccountID: "act-1"}, {ID: "cmp-2", Name: "two", AccountID: "act-1"}}); err != nil {
		r.t.Fatal(err)
	}
	target := goalbot.Units(100)
	g := &goalbot.Goal{Name: "g", Type: goalbot.NetworkConversions, Campaigns: []string{"cmp-1", "cmp-2"}, Accounts: []string{"act-1"},
		Duration: goalbot.Monthly, Start: goalbot.Date{Year: 2026, Month: 1, Day: 1}, End: goalbot.Date{Year: 2026, Month: 12, Day: 31},
		Settings: goalbot.DefaultSettings, Targets: goalbot.Targets{Target: &target}, Creator: "U1",
		Notifications: []goalbot.Event{goalbot.EventStarted, goalbot.EventThreshold, goalbot.EventMilestone}, CreatedAt: r.clock.Now()}
	if mod != nil {
		mod(g)
	}
	if err := r.store.CreateGoal(r.ctx, g); err != nil {
		r.t.Fatal(err)
	}
	return g
}

// metrics stores conversions n for campaign on date.
func (r *rig) metrics(campaign, date string, n int64) {
	r.t.Helper()
	d, _ := goalbot.ParseDate(date)
	row := goalbot.Metric{Date: d, Network: "google", AccountID: "act-1", CampaignID: campaign, Currency: "USD",
		Totals: goalbot.Totals{Conversions: goalbot.Units(n)}}
	if err := r.store.UpsertMetrics(r.ctx, []goalbot.Metric{row}, r.wall); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) pass() PassResult {
	r.t.Helper()
	res, err := r.eng.Pass(r.ctx)
	if err != nil {
		r.t.Fatal(err)
	}
	return res
}

func (r *rig) deliver() []Delivered {
	r.t.Helper()
	d, err := r.eng.Deliver(r.ctx, 100)
	if err != nil {
		r.t.Fatal(err)
	}
	return d
}

func words(as []goalbot.Alert) string {
	var out []string
	for _, a := range as {
		w := string(a.Event)
		if a.Threshold > 0 {
			w += "-" + strconv.Itoa(a.Threshold)
		}
		if a.Outcome != "" {
			w += "-" + string(a.Outcome)
		}
		out = append(out, w+"@"+a.Recipient)
	}
	return strings.Join(out, " ")
}

func TestPassQueuesOnceAndDelivers(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	r.goal(nil)
	r.metrics("cmp-1", "2026-03-09", 80)
	r.metrics("cmp-1", "2026-03-10", 40) // 120 of 200: 50 %, not 75 %
	res := r.pass()
	if got := words(res.Queued); got != "started@U1 threshold-50@U1" || res.Measured != 1 {
		t.Fatalf("first pass queued %q, measured %d", got, res.Measured)
	}
	if again := r.pass(); len(again.Queued) != 0 {
		t.Fatalf("second pass queued %q", words(again.Queued))
	}
	// Two alerts to one DM: one after the other, one a second.
	if d := r.deliver(); len(d) != 1 || d[0].Status != "sent" || d[0].Alert.Event != goalbot.EventStarted {
		t.Fatalf("delivered %+v", d)
	}
	if d := r.deliver(); len(d) != 1 || d[0].Status != "waiting" || d[0].Alert.Event != goalbot.EventThreshold {
		t.Fatalf("delivered %+v", d)
	}
	r.later(time.Second)
	if d := r.deliver(); len(d) != 1 || d[0].Status != "sent" || len(r.note.sentKeys()) != 2 {
		t.Fatalf("delivered %+v", d)
	}
	r.later(time.Minute)
	if more := r.deliver(); len(more) != 0 {
		t.Fatalf("delivered again: %+v", more)
	}
	view, err := r.store.Measurement(r.ctx, "G1")
	if err != nil || view == nil || *view.Headline != 60 {
		t.Fatalf("saved measurement %+v %v", view, err)
	}
}

func TestRaisedTargetDoesNotRefire(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	g := r.goal(nil)
	r.metrics("cmp-1", "2026-03-10", 200)
	if got := words(r.pass().Queued); got != "started@U1 threshold-50@U1 threshold-75@U1 threshold-100@U1" {
		t.Fatalf("queued %q", got)
	}
	// The target is raised to 200 a campaign: 200 of 400 is 50 %.
	g, _ = r.store.Goal(r.ctx, g.ID)
	t2 := goalbot.Units(200)
	if err := g.Apply(goalbot.GoalUpdate{Targets: &goalbot.Targets{Target: &t2}}, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := r.store.UpdateGoal(r.ctx, g, goalbot.Change{}); err != nil {
		t.Fatal(err)
	}
	r.move("2026-03-11T12:00:00Z")
	r.pass()
	r.metrics("cmp-2", "2026-03-11", 200) // 400 of 400 again
	r.move("2026-03-11T13:00:00Z")
	if got := words(r.pass().Queued); got != "" {
		t.Fatalf("re-fired after a raised target: %q", got)
	}
}

func TestMilestonesAfterOutageInOrder(t *testing.T) {
	r := miniRig(t, at("2026-01-05T00:00:00Z"))
	r.goal(func(g *goalbot.Goal) { g.End = goalbot.Date{Year: 2026, Month: 3, Day: 31} })
	r.metrics("cmp-1", "2026-01-05", 300)
	r.pass()
	r.move("2026-04-20T00:00:00Z")
	res := r.pass()
	if got := words(res.Queued); got != "milestone-exceeded@U1 milestone-missed@U1 milestone-missed@U1" {
		t.Fatalf("queued %q", got)
	}
	if res.Queued[2].FinalOutcome != goalbot.Missed || res.Queued[0].FinalOutcome != "" {
		t.Fatalf("final outcomes %q %q", res.Queued[0].FinalOutcome, res.Queued[2].FinalOutcome)
	}
	r.move("2026-04-21T00:00:00Z")
	if res := r.pass(); res.Measured != 0 {
		t.Fatalf("a settled goal was measured again (%d)", res.Measured)
	}
}

func TestDeletedGoalAlertsDropped(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	g := r.goal(nil)
	r.pass()
	if err := r.store.DeleteGoal(r.ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if d := r.deliver(); len(d) != 0 || len(r.note.sentKeys()) != 0 {
		t.Fatalf("delivered alerts of a deleted goal: %+v", d)
	}
}

func TestSubscriptionsRouteAndPace(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	for _, s := range []*goalbot.Subscription{
		{Channel: "C1", Events: []goalbot.Event{goalbot.EventStarted, goalbot.EventThreshold}, Creator: "U2", CreatedAt: r.wall},
		{Channel: "C2", Events: []goalbot.Event{goalbot.EventMilestone}, Creator: "U2", CreatedAt: r.wall},
	} {
		if err := r.store.CreateSubscription(r.ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	r.goal(func(g *goalbot.Goal) { g.Notifications = []goalbot.Event{} })
	r.metrics("cmp-1", "2026-03-10", 120)
	if got := words(r.pass().Queued); got != "started@C1 threshold-50@C1" {
		t.Fatalf("queued %q", got)
	}
	// One message a second per channel: the second waits.
	if d := r.deliver(); len(d) != 1 || d[0].Status != "sent" {
		t.Fatalf("delivered %+v", d)
	}
	if d := r.deliver(); len(d) != 1 || d[0].Status != "waiting" {
		t.Fatalf("delivered %+v", d)
	}
}

func TestTransientAndPermanentFailures(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	if err := r.store.CreateSubscription(r.ctx, &goalbot.Subscription{Channel: "C9", Events: []goalbot.Event{goalbot.EventStarted}, Creator: "U2", CreatedAt: r.wall}); err != nil {
		t.Fatal(err)
	}
	r.goal(nil)
	r.note.fail = func(a goalbot.Alert) error {
		switch a.Recipient {
		case "U1":
			return &goalbot.TransientError{Reason: "ratelimited", RetryAfter: 30 * time.Second}
		case "C9":
			return &goalbot.PermanentError{Reason: "is_archived"}
		}
		return nil
	}
	r.pass()
	d := r.deliver()
	statuses := map[string]string{}
	for _, x := range d {
		statuses[x.Alert.Recipient] = x.Status
	}
	if statuses["U1"] != "waiting" || statuses["C9"] != "failed" || len(r.note.undeliverable) != 1 {
		t.Fatalf("statuses %v undeliverable %v", statuses, r.note.undeliverable)
	}
	sub, _ := r.store.Subscription(r.ctx, "S1")
	if sub.Failure != "is_archived" {
		t.Fatalf("subscription failure %q", sub.Failure)
	}
	// Not before Retry-After …
	r.later(29 * time.Second)
	if d := r.deliver(); len(d) != 0 {
		t.Fatalf("retried before Retry-After: %+v", d)
	}
	// … then it goes; a 500 backs off.
	r.note.fail = func(goalbot.Alert) error { return errors.New("500 Internal Server Error") }
	r.later(2 * time.Second)
	if d := r.deliver(); len(d) != 1 || d[0].Status != "waiting" {
		t.Fatalf("after Retry-After: %+v", d)
	}
	r.note.fail = nil
	r.later(Backoff(2))
	if d := r.deliver(); len(d) != 1 || d[0].Status != "sent" {
		t.Fatalf("after backoff: %+v", d)
	}
}

func TestCrashBetweenTakeAndRecord(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	r.goal(nil)
	r.pass()
	// A replica takes the alert and dies before recording anything.
	taken, err := r.store.TakeDueAlerts(r.ctx, r.wall, 10, DeliveryLease)
	if err != nil || len(taken) != 1 {
		t.Fatalf("taken %v %v", taken, err)
	}
	if d := r.deliver(); len(d) != 0 {
		t.Fatal("another taker got an alert under lease")
	}
	r.later(DeliveryLease + time.Second)
	if d := r.deliver(); len(d) != 1 || d[0].Status != "sent" {
		t.Fatalf("after the lease: %+v", d)
	}
}

func TestBackoff(t *testing.T) {
	got := []time.Duration{Backoff(1), Backoff(2), Backoff(3), Backoff(20)}
	if !slices.Equal(got, []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, MaxBackoff}) {
		t.Fatalf("backoff %v", got)
	}
}

// readCounter is the store, recording the month pieces the engine reads.
type readCounter struct {
	*store.Redis
	read []string
}

func (c *readCounter) SumRanges(ctx context.Context, qs []goalbot.CampaignRange) ([]goalbot.Totals, error) {
	for _, q := range qs {
		c.read = append(c.read, q.Campaign+" "+q.From.String())
	}
	return c.Redis.SumRanges(ctx, qs)
}

// halfYearRig is a rig at 2026-03-10 10:00 whose engine's reads are counted, with a
// custom goal over the first half of 2026.
func halfYearRig(t *testing.T) (*rig, *readCounter, *goalbot.Goal) {
	r := miniRig(t, at("2026-03-10T10:00:00Z"))
	reads := &readCounter{Redis: r.store}
	r.eng.Store = reads
	g := r.goal(func(g *goalbot.Goal) {
		g.Duration, g.Start, g.End = goalbot.Custom, goalbot.Date{Year: 2026, Month: 1, Day: 1}, goalbot.Date{Year: 2026, Month: 6, Day: 30}
	})
	return r, reads, g
}

// TestPassReadsSumsAfresh: each pass reads the month pieces its goals need, each
// once, and afresh, so that late data for a month read before counts.
func TestPassReadsSumsAfresh(t *testing.T) {
	r, reads, g := halfYearRig(t)
	r.metrics("cmp-1", "2026-01-15", 10)
	r.metrics("cmp-2", "2026-02-10", 20)
	r.metrics("cmp-1", "2026-03-09", 5)
	step := func(when string, want int64) {
		t.Helper()
		r.move(when)
		reads.read = nil
		r.pass()
		m, err := r.store.Measurement(r.ctx, g.ID)
		if err != nil || m == nil || m.Periods[0].Actual != goalbot.Units(want) {
			t.Fatalf("at %s measured %+v (%v), want actual %d", when, m, err, want)
		}
		const all = "cmp-1 2026-01-01, cmp-1 2026-02-01, cmp-1 2026-03-01, cmp-2 2026-01-01, cmp-2 2026-02-01, cmp-2 2026-03-01"
		if got := strings.Join(reads.read, ", "); got != all {
			t.Fatalf("at %s read %q, want %q", when, got, all)
		}
	}
	step("2026-03-10T12:00:00Z", 35)
	r.move("2026-03-10T12:30:00Z")
	r.metrics("cmp-1", "2026-01-20", 7) // late data for a month the last pass read
	step("2026-03-10T13:00:00Z", 42)
	r.move("2026-03-10T14:30:00Z")
	r.metrics("cmp-2", "2026-03-10", 1)
	step("2026-03-10T15:00:00Z", 43)
}

// TestPassOnCores: a batch big enough to be measured on every core gives each goal
// its own figures and events (run with -race).
func TestPassOnCores(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	var gs []*goalbot.Goal
	for i := 0; i < 300; i++ {
		target := goalbot.Units(int64(50 + i))
		gs = append(gs, r.goal(func(g *goalbot.Goal) { g.Targets = goalbot.Targets{Target: &target} }))
	}
	r.metrics("cmp-1", "2026-03-09", 100)
	res := r.pass()
	if res.Measured != len(gs) {
		t.Fatalf("measured %d of %d goals", res.Measured, len(gs))
	}
	started := 0
	for _, a := range res.Queued {
		if a.Event == goalbot.EventStarted {
			started++
		}
	}
	if started != len(gs) {
		t.Fatalf("%d started alerts for %d goals", started, len(gs))
	}
	for i, g := range gs {
		m, err := r.store.Measurement(r.ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 100 conversions of a target of 50+i a campaign, two campaigns.
		want := 100 * 100 / float64(2*(50+i))
		if m.Headline == nil || *m.Headline < want-0.01 || *m.Headline > want+0.01 {
			t.Fatalf("goal %d: headline %v, want %.2f", i, m.Headline, want)
		}
	}
}

// TestCurrentCampaignsKept: the stored measurement keeps each campaign's figures for
// the current period (`/goal show` lists them).
func TestCurrentCampaignsKept(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	g := r.goal(nil)
	r.metrics("cmp-1", "2026-03-09", 30)
	r.metrics("cmp-2", "2026-03-09", 70)
	r.pass()
	m, err := r.store.Measurement(r.ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	cs := m.CurrentPeriod().Campaigns
	if len(cs) != 2 || cs[0].Campaign != "cmp-1" || cs[0].Actual != goalbot.Units(30) || cs[1].Actual != goalbot.Units(70) {
		t.Fatalf("current period's campaigns %+v", cs)
	}
}
