package engine

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// TestWeeklyDigest: a subscription's digest is due once Monday 09:00 (workspace time)
// has passed, once a week; a subscription made after this week's was due waits for
// the next week; one whose channel failed, or that did not ask for it, gets none.
func TestWeeklyDigest(t *testing.T) {
	r := miniRig(t, at("2026-03-01T10:00:00Z")) // a Sunday
	r.eng.Workspace = goalbot.Settings{TimeZone: "Europe/Berlin", WeekStart: time.Monday, FiscalYearStart: time.January}
	growth := r.goal(func(g *goalbot.Goal) { g.Team, g.Notifications = "growth", []goalbot.Event{} })
	r.goal(func(g *goalbot.Goal) { g.Team, g.Notifications = "brand", []goalbot.Event{} })
	sub := func(ch string, events []goalbot.Event, failure string) {
		t.Helper()
		s := &goalbot.Subscription{Channel: ch, Filter: goalbot.Filter{Teams: []string{"growth"}}, Events: events, Creator: "U2", CreatedAt: r.wall}
		if err := r.store.CreateSubscription(r.ctx, s); err != nil {
			t.Fatal(err)
		}
		if failure != "" {
			if err := r.store.SetSubscriptionFailure(r.ctx, s.ID, failure); err != nil {
				t.Fatal(err)
			}
		}
	}
	digest := []goalbot.Event{goalbot.EventDigest}
	sub("C1", digest, "")
	sub("C8", []goalbot.Event{goalbot.EventMilestone}, "") // does not ask for it
	sub("C9", digest, "is_archived")                       // undeliverable
	steps := []struct {
		at    string
		later func() // after the pass
		want  string
	}{
		{at: "2026-03-02T07:59:00Z", want: ""}, // Monday 08:59 in Berlin
		{at: "2026-03-02T08:00:00Z", want: "digest@C1"},
		{at: "2026-03-02T12:00:00Z", want: "", later: func() { sub("C2", digest, "") }}, // made after this week's was due
		{at: "2026-03-05T12:00:00Z", want: ""},
		{at: "2026-03-09T07:30:00Z", want: ""},
		{at: "2026-03-09T08:30:00Z", want: "digest@C1 digest@C2"},
		{at: "2026-03-15T22:00:00Z", want: ""},
	}
	for _, s := range steps {
		r.move(s.at)
		res := r.pass()
		if got := words(res.Queued); got != s.want {
			t.Fatalf("%s: queued %q, want %q", s.at, got, s.want)
		}
		for _, a := range res.Queued {
			if !slices.Equal(a.GoalIDs, []string{growth.ID}) || a.PeriodStart.Weekday() != time.Monday || a.PeriodEnd != a.PeriodStart.AddDays(6) {
				t.Fatalf("digest %+v", a)
			}
		}
		if s.later != nil {
			s.later()
		}
	}
}

// passCounter is a slog handler that counts "evaluation pass" lines.
type passCounter struct{ n atomic.Int64 }

func (p *passCounter) Enabled(context.Context, slog.Level) bool { return true }
func (p *passCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "evaluation pass" {
		p.n.Add(1)
	}
	return nil
}
func (p *passCounter) WithAttrs([]slog.Attr) slog.Handler { return p }
func (p *passCounter) WithGroup(string) slog.Handler      { return p }

// TestRunnersElectOneLeader: two runners on one real redis-server; only the one that
// holds the leader lease runs passes, and when it stops the other takes over.
func TestRunnersElectOneLeader(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: redistest.Server(t), DisableIdentity: true})
	t.Cleanup(func() { client.Close() })
	start := at("2026-03-10T12:00:00Z")
	var runners [2]*Runner
	var counts [2]*passCounter
	for i := range runners {
		r := newRig(t, client, "lead", start)
		counts[i] = &passCounter{}
		r.eng.Logger = slog.New(counts[i])
		runners[i] = &Runner{Engine: r.eng, Coord: r.store, Interval: 100 * time.Millisecond, Owner: []string{"a", "b"}[i]}
		if err := runners[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	stopped := make([]bool, 2)
	t.Cleanup(func() {
		for i, r := range runners {
			if !stopped[i] {
				_ = r.Stop(context.Background())
			}
		}
	})
	time.Sleep(1500 * time.Millisecond)
	a, b := counts[0].n.Load(), counts[1].n.Load()
	if (a == 0) == (b == 0) {
		t.Fatalf("passes run by a: %d, by b: %d; want one leader", a, b)
	}
	leader, follower := 0, 1
	if b > 0 {
		leader, follower = 1, 0
	}
	if err := runners[leader].Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	stopped[leader] = true
	before := counts[follower].n.Load()
	deadline := time.Now().Add(5 * time.Second)
	for counts[follower].n.Load() == before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if counts[follower].n.Load() == before {
		t.Fatal("the other runner did not take over when the leader stopped")
	}
}

// TestIngestMeasuresTouchedGoals: an accepted ingest marks its campaigns (the use
// case's Ingested hook, as goalbot run wires it), and the runner's next tick measures
// just the goals of those campaigns, afresh, and delivers their alerts.
func TestIngestMeasuresTouchedGoals(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	touched := r.goal(nil) // cmp-1, cmp-2
	other := r.goal(func(g *goalbot.Goal) { g.Campaigns, g.Creator = []string{"cmp-3"}, "U3" })
	app := &commands.App{Store: r.store, Clock: r.clock, Settings: goalbot.DefaultSettings, Logger: r.eng.Logger,
		Ingested: func(campaigns []string) {
			if err := r.store.MarkDirty(context.Background(), campaigns); err != nil {
				t.Error(err)
			}
		}}
	row := goalbot.Metric{Date: goalbot.DateOf(r.wall), Network: "google", AccountID: "act-1", CampaignID: "cmp-1", Currency: "USD",
		Totals: goalbot.Totals{Conversions: goalbot.Units(120)}}
	if err := app.IngestMetrics(r.ctx, []goalbot.Metric{row}); err != nil {
		t.Fatal(err)
	}
	runner := &Runner{Engine: r.eng, Coord: r.store, Owner: "me"}
	if err := runner.tick(r.ctx); err != nil {
		t.Fatal(err)
	}
	ms, err := r.store.Measurements(r.ctx, []string{touched.ID, other.ID})
	if err != nil {
		t.Fatal(err)
	}
	if ms[touched.ID] == nil || *ms[touched.ID].Headline != 60 || ms[other.ID] != nil {
		t.Fatalf("measured after the ingest: %v", ms)
	}
	if sent := r.note.sentKeys(); len(sent) != 1 || sent[0] != touched.ID+":started:2026-01-01:U1" {
		t.Fatalf("delivered %v (the threshold waits for the next second)", sent)
	}
	if left, err := r.store.TakeDirty(r.ctx); err != nil || len(left) != 0 {
		t.Fatalf("campaigns left to measure: %v %v", left, err)
	}
	// Another row a moment later is measured afresh at once, never carried over.
	r.later(time.Second)
	row.Conversions = goalbot.Units(200)
	if err := app.IngestMetrics(r.ctx, []goalbot.Metric{row}); err != nil {
		t.Fatal(err)
	}
	res, err := r.eng.MeasureCampaigns(r.ctx, []string{"cmp-1"})
	if err != nil || res.Measured != 1 || res.Retimed != 0 || words(res.Queued) != "threshold-75@U1 threshold-100@U1" {
		t.Fatalf("measured %d (%d carried over), queued %q, %v", res.Measured, res.Retimed, words(res.Queued), err)
	}
}

// TestCarryOver: a pass carries over the goals nothing changed for (same day, same
// goal, no new rows), and measures afresh those whose campaigns got rows, whose goal
// was edited, or on another day.
func TestCarryOver(t *testing.T) {
	r := miniRig(t, at("2026-03-10T11:50:00Z"))
	a := r.goal(nil) // cmp-1, cmp-2
	b := r.goal(func(g *goalbot.Goal) { g.Campaigns = []string{"cmp-3"} })
	r.metrics("cmp-1", "2026-03-10", 50)
	r.metrics("cmp-3", "2026-03-10", 50)
	// Rows accepted within retimeMargin of a measurement may have been committed
	// after it read them: the goal is measured afresh.
	if res := r.pass(); res.Measured != 2 || res.Retimed != 0 {
		t.Fatalf("first pass: %d measured, %d carried over", res.Measured, res.Retimed)
	}
	r.move("2026-03-10T12:00:00Z")
	if res := r.pass(); res.Measured != 2 || res.Retimed != 0 {
		t.Fatalf("second pass: %d measured, %d carried over", res.Measured, res.Retimed)
	}
	r.move("2026-03-10T14:00:00Z")
	if res := r.pass(); res.Measured != 2 || res.Retimed != 2 {
		t.Fatalf("nothing changed: %d measured, %d carried over", res.Measured, res.Retimed)
	}
	if m, _ := r.store.Measurement(r.ctx, a.ID); !m.At.Equal(r.clock.Now()) {
		t.Fatalf("a carried-over measurement is dated %s", m.At)
	}
	r.move("2026-03-10T14:30:00Z")
	r.metrics("cmp-3", "2026-03-10", 150)
	r.move("2026-03-10T15:00:00Z")
	if res := r.pass(); res.Retimed != 1 {
		t.Fatalf("after a row for b: %d carried over, want 1", res.Retimed)
	}
	if m, _ := r.store.Measurement(r.ctx, b.ID); *m.Headline != 150 {
		t.Fatalf("b after its row: %v", *m.Headline)
	}
	r.move("2026-03-10T16:00:00Z")
	r.edit(a.ID, func(g *goalbot.Goal) { t := goalbot.Units(50); g.Target = &t })
	if res := r.pass(); res.Retimed != 1 {
		t.Fatalf("after an edit of a: %d carried over, want 1", res.Retimed)
	}
	if m, _ := r.store.Measurement(r.ctx, a.ID); *m.Headline != 50 {
		t.Fatalf("a after its edit: %v", *m.Headline)
	}
	r.move("2026-03-11T00:30:00Z")
	if res := r.pass(); res.Retimed != 0 || res.Measured != 2 {
		t.Fatalf("the next day: %d measured, %d carried over", res.Measured, res.Retimed)
	}
}

// TestStopReleasesTheLeaseAfterTheShutdownBudget stops a leading runner with a
// context the parts stopped before it have spent (as a SIGTERM during a long
// handler left it): the leader lease is still given up, so that another replica
// leads at once, and Stop reports no error.
func TestStopReleasesTheLeaseAfterTheShutdownBudget(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	runner := &Runner{Engine: r.eng, Coord: r.store, Interval: time.Hour, Owner: "a"}
	if err := runner.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !r.mr.Exists("t{gb}:lease:leader") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if held, err := r.store.HoldLease(r.ctx, "leader", "b", time.Minute); err != nil || held {
		t.Fatalf("before Stop, b holds the lease: %v, %v", held, err)
	}
	spent, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-spent.Done()
	if err := runner.Stop(spent); err != nil {
		t.Errorf("Stop with a spent context = %v", err)
	}
	if held, err := r.store.HoldLease(r.ctx, "leader", "b", time.Minute); err != nil || !held {
		t.Errorf("after Stop, b does not get the lease: %v, %v", held, err)
	}
}
