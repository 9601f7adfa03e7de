package store

import (
	"context"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

func TestDraft(t *testing.T) {
	m := miniredis.RunT(t)
	r := NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "d")
	ctx := context.Background()
	if _, err := r.Draft(ctx, "x"); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		t.Fatalf("missing draft: %v", err)
	}
	if err := r.SaveDraft(ctx, "x", []byte(`{"Name":"a"}`), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, err := r.Draft(ctx, "x"); err != nil || string(got) != `{"Name":"a"}` {
		t.Fatalf("draft = %s, %v", got, err)
	}
	if ttl := m.TTL("d{gb}:draft:x"); ttl != time.Hour {
		t.Errorf("TTL = %v", ttl)
	}
	m.FastForward(time.Hour)
	if _, err := r.Draft(ctx, "x"); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		t.Errorf("expired draft: %v", err)
	}
	_ = r.SaveDraft(ctx, "y", []byte("{}"), time.Hour)
	if err := r.DeleteDraft(ctx, "y"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Draft(ctx, "y"); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		t.Errorf("deleted draft: %v", err)
	}
}
