package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// received returns what the notifier posted to each recipient, in order, as words
// ("G1 started", "G1 threshold-50", "G1,G2 stale").
func (n *fakeNotifier) received() map[string][]string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := map[string][]string{}
	for _, a := range n.sent {
		goal := a.GoalID
		if len(a.GoalIDs) > 0 {
			goal = strings.Join(a.GoalIDs, ",")
		}
		w, _, _ := strings.Cut(words([]goalbot.Alert{a}), "@")
		out[a.Recipient] = append(out[a.Recipient], goal+" "+w)
	}
	return out
}

// deliverAll delivers until nothing is left, moving the wall clock (and, on a real
// Redis, waiting for the channel pacing's real time) between rounds.
func deliverAll(t *testing.T, engines []*rig, realPacing bool) {
	t.Helper()
	for round := 0; round < 60; round++ {
		var wg sync.WaitGroup
		for _, r := range engines {
			wg.Go(func() {
				if _, err := r.eng.Deliver(context.Background(), 50); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		depth, _, err := engines[0].store.OutboxStats(context.Background(), engines[0].wall)
		if err != nil {
			t.Fatal(err)
		}
		if depth == 0 {
			return
		}
		for _, r := range engines {
			r.later(time.Second)
		}
		if realPacing {
			time.Sleep(time.Second) // the pacing key lives on the real Redis clock
		}
	}
	t.Fatal("the outbox did not empty")
}

// TestAlertsArriveInOrder: one pass that crosses every threshold of a goal queues
// started, 50 %, 75 %, 100 % and at risk; they reach each recipient in that order,
// even when the first post is rate limited (its Retry-After holds back the others)
// and posts are slow.
func TestAlertsArriveInOrder(t *testing.T) {
	r := miniRig(t, at("2026-03-20T12:00:00Z"))
	if err := r.store.CreateSubscription(r.ctx, &goalbot.Subscription{Channel: "C1", Creator: "U2", CreatedAt: r.wall,
		Events: []goalbot.Event{goalbot.EventStarted, goalbot.EventThreshold, goalbot.EventAtRisk}}); err != nil {
		t.Fatal(err)
	}
	g := r.goal(func(g *goalbot.Goal) {
		g.Notifications = []goalbot.Event{goalbot.EventStarted, goalbot.EventThreshold, goalbot.EventAtRisk}
	})
	r.metrics("cmp-1", "2026-03-19", 210) // 210 of 200: every threshold at once
	first := map[string]bool{}
	r.note.fail = func(a goalbot.Alert) error {
		time.Sleep(5 * time.Millisecond) // a slow post
		if !first[a.Recipient] {
			first[a.Recipient] = true
			return &goalbot.TransientError{Reason: "ratelimited", RetryAfter: 30 * time.Second}
		}
		return nil
	}
	if got := words(r.pass().Queued); got != "started@U1 started@C1 threshold-50@U1 threshold-50@C1 threshold-75@U1 threshold-75@C1 threshold-100@U1 threshold-100@C1" {
		t.Fatalf("queued %q", got)
	}
	// The March target is raised: the goal falls behind its pace, at risk.
	r.edit(g.ID, func(g *goalbot.Goal) {
		big := goalbot.Units(5000)
		g.Targets = goalbot.Targets{Target: &big}
	})
	r.move("2026-03-20T13:00:00Z")
	if got := words(r.pass().Queued); got != "at_risk@U1 at_risk@C1" {
		t.Fatalf("queued %q after the target was raised", got)
	}
	deliverAll(t, []*rig{r}, false)
	want := []string{"G1 started", "G1 threshold-50", "G1 threshold-75", "G1 threshold-100", "G1 at_risk"}
	for _, to := range []string{"U1", "C1"} {
		if got := r.note.received()[to]; !slices.Equal(got, want) {
			t.Errorf("%s got %q, want %q", to, got, want)
		}
	}
}

// TestTwoEnginesDeliverInOrder: two engines on one real redis-server measure and
// deliver at once, through a notifier that rate limits and slows posts; every
// recipient gets each goal's alerts once, in the order they happened.
func TestTwoEnginesDeliverInOrder(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: redistest.Server(t), DisableIdentity: true})
	t.Cleanup(func() { client.Close() })
	start := at("2026-03-10T12:00:00Z")
	a, b := newRig(t, client, "order", start), newRig(t, client, "order", start)
	b.note, b.eng.Notifier = a.note, a.note
	var mu sync.Mutex
	attempts := map[string]int{}
	a.note.fail = func(al goalbot.Alert) error {
		time.Sleep(20 * time.Millisecond) // slow posts, so the two engines overlap
		mu.Lock()
		defer mu.Unlock()
		attempts[al.Key]++
		if al.Threshold == 50 && attempts[al.Key] == 1 { // the 50 % alert is rate limited once
			return &goalbot.TransientError{Reason: "ratelimited", RetryAfter: time.Second}
		}
		return nil
	}
	creators := []string{"U1", "U2", "U3", "U1"} // U1 has two goals
	for _, c := range creators {
		a.goal(func(g *goalbot.Goal) { g.Creator = c })
	}
	a.metrics("cmp-1", "2026-03-10", 200)
	var wg sync.WaitGroup
	for _, r := range []*rig{a, b} {
		wg.Go(func() {
			if _, err := r.eng.Pass(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	deliverAll(t, []*rig{a, b}, true)
	got := a.note.received()
	for _, to := range []string{"U1", "U2", "U3"} {
		perGoal := map[string][]string{}
		for _, w := range got[to] {
			goal, ev, _ := strings.Cut(w, " ")
			perGoal[goal] = append(perGoal[goal], ev)
		}
		for goal, evs := range perGoal {
			if want := []string{"started", "threshold-50", "threshold-75", "threshold-100"}; !slices.Equal(evs, want) {
				t.Errorf("%s got %s's alerts as %q, want %q", to, goal, evs, want)
			}
		}
		if n := len(got[to]); n != 4*strings.Count(strings.Join(creators, " "), to) {
			t.Errorf("%s got %d alerts: %q", to, n, got[to])
		}
	}
}

// TestStaleGoalsOneMessage: six goals that go stale in one pass (over several
// batches) reach each recipient as one alert naming them all; the ledger records
// each goal's stale occurrence, and POST /v1/evaluate's answer lists each goal.
func TestStaleGoalsOneMessage(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	r.eng.BatchSize = 2
	if err := r.store.CreateSubscription(r.ctx, &goalbot.Subscription{Channel: "C1", Creator: "U2", CreatedAt: r.wall,
		Events: []goalbot.Event{goalbot.EventStale}}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 6 {
		g := r.goal(func(g *goalbot.Goal) {
			g.Creator = fmt.Sprintf("U%d", 1+i%2) // U1 and U2 created three each
			g.Notifications = []goalbot.Event{goalbot.EventStale}
		})
		ids = append(ids, g.ID)
	}
	r.metrics("cmp-1", "2026-03-10", 10)
	r.metrics("cmp-2", "2026-03-10", 10)
	r.pass()
	r.move("2026-03-12T13:00:00Z") // 49 hours without a row
	ev, err := r.eng.Evaluate(r.ctx, r.store, "me", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Alerts) != 12 {
		t.Fatalf("evaluate lists %d alerts, want 12 (6 goals to C1, 3 to each creator): %+v", len(ev.Alerts), ev.Alerts)
	}
	for _, a := range ev.Alerts {
		if a.Status != "sent" || a.Event != goalbot.EventStale {
			t.Errorf("evaluate lists %+v, want every stale alert sent", a)
		}
	}
	got := r.note.received()
	want := map[string][]string{"C1": {strings.Join(ids, ",") + " stale"}, "U1": {"G1,G3,G5 stale"}, "U2": {"G2,G4,G6 stale"}}
	for to, w := range want {
		if !slices.Equal(got[to], w) {
			t.Errorf("%s got %q, want %q", to, got[to], w)
		}
	}
	for _, id := range ids {
		key := fmt.Sprintf("%s:stale:%d", id, at("2026-03-10T12:00:00Z").Unix())
		if fired, err := r.store.Fired(r.ctx, key); err != nil || !fired {
			t.Errorf("the ledger does not record %s (%v)", key, err)
		}
	}
	// The next pass, still without metrics, says nothing more.
	r.move("2026-03-12T14:00:00Z")
	if res := r.pass(); len(res.Queued) != 0 {
		t.Errorf("the next pass queued %q", words(res.Queued))
	}
}
