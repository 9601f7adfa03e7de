package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

func TestOnce(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			r := NewRedis(b.start(t), "once")
			ctx := context.Background()
			first, err := r.Once(ctx, "env:E1", time.Minute)
			if err != nil || !first {
				t.Fatalf("first Once = %v, %v; want true", first, err)
			}
			again, err := r.Once(ctx, "env:E1", time.Minute)
			if err != nil || again {
				t.Fatalf("second Once = %v, %v; want false", again, err)
			}
			other, err := r.Once(ctx, "env:E2", time.Minute)
			if err != nil || !other {
				t.Fatalf("Once of another key = %v, %v; want true", other, err)
			}
		})
	}
}

func TestOnceConcurrent(t *testing.T) {
	r := NewRedis(backends[1].start(t), "once")
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			first, err := r.Once(context.Background(), "trg:T1", time.Minute)
			if err != nil {
				t.Error(err)
			}
			if first {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d callers were first, want 1", wins.Load())
	}
}

func TestOnceExpires(t *testing.T) {
	m := miniredis.RunT(t)
	r := NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "once")
	ctx := context.Background()
	if first, err := r.Once(ctx, "k", time.Minute); err != nil || !first {
		t.Fatalf("Once = %v, %v", first, err)
	}
	if ttl := m.TTL("once{gb}:once:k"); ttl != time.Minute {
		t.Fatalf("TTL = %v, want 1m", ttl)
	}
	m.FastForward(time.Minute)
	if first, err := r.Once(ctx, "k", time.Minute); err != nil || !first {
		t.Fatalf("Once after the TTL = %v, %v; want true", first, err)
	}
}

func TestOnceUnavailable(t *testing.T) {
	m := miniredis.RunT(t)
	r := NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true, MaxRetries: -1}), "once")
	m.Close()
	_, err := r.Once(context.Background(), "k", time.Minute)
	if goalbot.ErrorCode(err) != goalbot.EUNAVAILABLE {
		t.Fatalf("Once on a stopped Redis = %v, want an EUNAVAILABLE error", err)
	}
}
