package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/redistest"
	"github.com/redis/go-redis/v9"
)

// slowWrites makes every write of a client (a script call, an EXEC) wait a moment
// first, as a busy Redis or network would: other clients write in between.
type slowWrites struct{ delay time.Duration }

func (slowWrites) DialHook(next redis.DialHook) redis.DialHook { return next }
func (s slowWrites) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if n := cmd.Name(); n == "evalsha" || n == "eval" {
			time.Sleep(s.delay)
		}
		return next(ctx, cmd)
	}
}
func (s slowWrites) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if len(cmds) > 0 && cmds[len(cmds)-1].Name() == "exec" {
			time.Sleep(s.delay)
		}
		return next(ctx, cmds)
	}
}

// TestDisjointIngestsNeverConflict: 16 clients ingest rows of campaigns of their own
// (of one account, as one network's campaigns are) into a real Redis at once, with
// every write slowed so that the others write between its reads and its write: none
// is refused as busy.
func TestDisjointIngestsNeverConflict(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: redistest.Server(t), DisableIdentity: true, PoolSize: 32})
	t.Cleanup(func() { client.Close() })
	client.AddHook(slowWrites{2 * time.Millisecond})
	r := NewRedis(client, "disjoint")
	ok(t, r.CheckSchema(ctx))
	const clients, writes = 16, 15
	var wg sync.WaitGroup
	errs := make(chan error, clients*writes)
	for c := range clients {
		wg.Go(func() {
			for i := range writes {
				d := goalbot.Date{Year: 2026, Month: 3, Day: 1 + i}
				rows := []goalbot.Metric{row(fmt.Sprintf("c%d-a", c), d, goalbot.MicroUnit, 2), row(fmt.Sprintf("c%d-b", c), d, goalbot.MicroUnit, 2)}
				if err := r.UpsertMetrics(ctx, rows, t0.Add(time.Duration(i)*time.Second)); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	refused := 0
	for err := range errs {
		if goalbot.ErrorCode(err) != goalbot.EUNAVAILABLE {
			t.Fatal(err)
		}
		refused++
	}
	if refused > 0 {
		t.Fatalf("%d of %d ingests of disjoint campaigns were refused as busy", refused, clients*writes)
	}
	for c := range clients {
		if total := monthTotalsMatchDays(t, r, fmt.Sprintf("c%d-b", c), 2026, 3); total.Spend != writes*goalbot.MicroUnit {
			t.Fatalf("campaign c%d-b: total %+v, want %d of spend", c, total, writes)
		}
	}
}

// TestConcurrentIngestsOfOneCampaign: clients that restate the same campaign's days
// at once lose none of each other's changes: the month's total stays the sum of its
// days, and each day holds one of the rows written for it.
func TestConcurrentIngestsOfOneCampaign(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		var wg sync.WaitGroup
		for c := range 6 {
			wg.Go(func() {
				for i := range 10 {
					d := goalbot.Date{Year: 2026, Month: 3, Day: 1 + (c+i)%5}
					err := r.UpsertMetrics(ctx, []goalbot.Metric{row("c1", d, goalbot.Micro(1+c)*goalbot.MicroUnit, int64(c))}, t0)
					if err != nil && goalbot.ErrorCode(err) != goalbot.EUNAVAILABLE {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		total := monthTotalsMatchDays(t, r, "c1", 2026, 3)
		if total.Spend < 5*goalbot.MicroUnit || total.Spend > 30*goalbot.MicroUnit {
			t.Fatalf("total %+v: each of the 5 days holds 1 to 6 of spend", total)
		}
	})
}

// TestCheckedWriteConflict: a checked write whose field changed after it was read
// writes nothing, and the catalog's version moves only with an entry that changed.
func TestCheckedWriteConflict(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		key := r.keys.metricLast()
		ok(t, r.client.HSet(ctx, key, "a", "1").Err())
		var w checkedWrite
		w.set(key, "a", "0", "2") // read before another writer set 1
		w.set(key, "b", "", "3")
		w.counters = []string{r.keys.catalogVersion()}
		tries := 0
		err := r.writeChecked(ctx, func(context.Context) (*checkedWrite, error) { tries++; return &w, nil })
		mustCode(t, err, goalbot.EUNAVAILABLE)
		if !strings.Contains(english.Error(err), "try again") || tries != maxWriteTries {
			t.Errorf("after %d tries: %v", tries, err)
		}
		if h := r.client.HGetAll(ctx, key).Val(); len(h) != 1 || h["a"] != "1" || r.client.Exists(ctx, r.keys.catalogVersion()).Val() != 0 {
			t.Fatalf("a refused write changed %v", h)
		}
		w = checkedWrite{}
		w.set(key, "a", "1", "2")
		w.counters = []string{r.keys.catalogVersion()}
		ok(t, r.writeChecked(ctx, func(context.Context) (*checkedWrite, error) { return &w, nil }))
		if h := r.client.HGetAll(ctx, key).Val(); h["a"] != "2" || r.client.Get(ctx, r.keys.catalogVersion()).Val() != "1" {
			t.Fatalf("the write left %v", h)
		}
	})
}
