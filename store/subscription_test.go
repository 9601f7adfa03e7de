package store

import (
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
)

func testSubscriptions(t *testing.T, r *Redis) {
	s1 := &goalbot.Subscription{Channel: "C1", Filter: goalbot.Filter{Teams: []string{"growth"}}, Events: goalbot.DefaultSubscriptionEvents, Creator: "U1", CreatedAt: t0}
	s2 := &goalbot.Subscription{Channel: "C2", Events: []goalbot.Event{goalbot.EventDigest}, Creator: "U1", CreatedAt: t0}
	s3 := &goalbot.Subscription{Channel: "C1", Events: []goalbot.Event{goalbot.EventStale}, Creator: "U2", CreatedAt: t0}
	for _, s := range []*goalbot.Subscription{s1, s2, s3} {
		ok(t, r.CreateSubscription(ctx, s))
	}
	if s1.ID != "S1" || s3.ID != "S3" {
		t.Fatalf("ids %s %s", s1.ID, s3.ID)
	}
	got, err := r.Subscription(ctx, "S1")
	ok(t, err)
	if got.Channel != "C1" || got.Filter.Teams[0] != "growth" || !got.Wants(goalbot.EventMilestone) {
		t.Fatalf("subscription %+v", got)
	}
	byChannel, err := r.SubscriptionsByChannel(ctx, "C1")
	ok(t, err)
	if len(byChannel) != 2 || byChannel[0].ID != "S1" || byChannel[1].ID != "S3" {
		t.Fatalf("by channel %+v", byChannel)
	}
	ok(t, r.SetSubscriptionFailure(ctx, "S2", "channel archived"))
	all, err := r.Subscriptions(ctx)
	ok(t, err)
	if len(all) != 3 || all[1].Failure != "channel archived" {
		t.Fatalf("all %+v", all)
	}
	ok(t, r.DeleteSubscription(ctx, "S1"))
	mustCode(t, r.DeleteSubscription(ctx, "S1"), goalbot.ENOTFOUND)
	_, err = r.Subscription(ctx, "S1")
	mustCode(t, err, goalbot.ENOTFOUND)
	mustCode(t, r.SetSubscriptionFailure(ctx, "S1", "x"), goalbot.ENOTFOUND)
	byChannel, err = r.SubscriptionsByChannel(ctx, "C1")
	ok(t, err)
	if len(byChannel) != 1 || byChannel[0].ID != "S3" {
		t.Fatalf("by channel after delete %+v", byChannel)
	}
	s4 := &goalbot.Subscription{Channel: "C1"}
	ok(t, r.CreateSubscription(ctx, s4))
	if s4.ID != "S4" {
		t.Errorf("id after a delete %s, want S4", s4.ID)
	}
}

func testSchema(t *testing.T, r *Redis) {
	if v := r.client.Get(ctx, r.keys.schema()).Val(); v != "1" {
		t.Fatalf("schema version %q, want 1", v)
	}
	ok(t, r.CheckSchema(ctx)) // the same version again is fine
	r.client.Set(ctx, r.keys.schema(), SchemaVersion+1, 0)
	err := r.CheckSchema(ctx)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("a newer schema gave %v", err)
	}
}
