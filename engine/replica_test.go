package engine

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// TestTwoEnginesOneRedis: two engines on one real redis-server run passes and deliver
// concurrently; every alert is queued once and delivered once.
func TestTwoEnginesOneRedis(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: redistest.Server(t), DisableIdentity: true})
	t.Cleanup(func() { client.Close() })
	start := at("2026-03-10T12:00:00Z")
	a := newRig(t, client, "two", start)
	b := newRig(t, client, "two", start)
	b.note = a.note
	b.eng.Notifier = a.note
	for i := 0; i < 20; i++ {
		a.goal(func(g *goalbot.Goal) { g.Creator = fmt.Sprintf("U%d", i) }) // 20 DMs, each paced
	}
	a.metrics("cmp-1", "2026-03-10", 200)
	var wg sync.WaitGroup
	queued := make([][]goalbot.Alert, 2)
	for i, r := range []*rig{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 3; j++ {
				res, err := r.eng.Pass(context.Background())
				if err != nil {
					t.Error(err)
				}
				queued[i] = append(queued[i], res.Queued...)
			}
		}()
	}
	wg.Wait()
	all := append(append([]goalbot.Alert{}, queued[0]...), queued[1]...)
	keys := map[string]int{}
	for _, q := range all {
		keys[q.Key]++
	}
	if len(keys) != 20*4 { // started and three thresholds for each goal, to its creator
		t.Fatalf("%d distinct alerts queued, want 80", len(keys))
	}
	for k, n := range keys {
		if n != 1 {
			t.Fatalf("alert %s queued %d times", k, n)
		}
	}
	// Deliver from both replicas until the outbox is empty; each DM is paced, so move
	// time on between rounds.
	for round := 0; round < 20 && len(a.note.sentKeys()) < 80; round++ {
		wg = sync.WaitGroup{}
		for _, r := range []*rig{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := r.eng.Deliver(context.Background(), 50); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		a.wall, b.wall = a.wall.Add(time.Second), b.wall.Add(time.Second)
		time.Sleep(time.Second) // the pacing key lives on the real Redis clock
	}
	sent := a.note.sentKeys()
	slices.Sort(sent)
	if len(sent) != 80 || len(slices.Compact(sent)) != 80 {
		t.Fatalf("%d sent, %d distinct; want 80 once each", len(sent), len(slices.Compact(sent)))
	}
}
