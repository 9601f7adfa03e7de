package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
)

// TestFireAll: many occurrences in one call fire once each, across script calls;
// a repeat, even with more recipients, queues nothing; a deleted goal's occurrence is
// ENOTFOUND and the others still fire; a digest has no goal; alerts of a goal are
// dropped with it.
func TestFireAll(t *testing.T) {
	eachBackend(t, func(t *testing.T, r *Redis) {
		g, gone := newGoal("c1", "a1", "U1"), newGoal("c1", "a1", "U2")
		ok(t, r.CreateGoal(ctx, g))
		ok(t, r.CreateGoal(ctx, gone))
		ok(t, r.DeleteGoal(ctx, gone.ID))
		now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		alert := func(goal, key, to string) goalbot.Alert {
			return goalbot.Alert{Key: key + ":" + to, GoalID: goal, Recipient: to}
		}
		var keys []string
		var alerts [][]goalbot.Alert
		for i := 0; i < fireChunk+20; i++ { // two script calls
			k := fmt.Sprintf("%s:threshold:%d", g.ID, i)
			keys = append(keys, k)
			alerts = append(alerts, []goalbot.Alert{alert(g.ID, k, "U1")})
		}
		keys = append(keys, "G2:started", "S1:digest:2026-03-02", g.ID+":stale:1")
		alerts = append(alerts, []goalbot.Alert{alert(gone.ID, "G2:started", "U2")},
			[]goalbot.Alert{{Key: "S1:digest:2026-03-02:C1", GoalIDs: []string{g.ID}, Event: goalbot.EventDigest, Recipient: "C1", SubscriptionID: "S1"}},
			nil) // an occurrence nobody is told of is still recorded
		fired, errs, err := r.FireAll(ctx, keys, alerts, now)
		ok(t, err)
		for i := range keys {
			if keys[i] == "G2:started" {
				mustCode(t, errs[i], goalbot.ENOTFOUND)
				continue
			}
			if errs[i] != nil || !fired[i] {
				t.Fatalf("%s: fired %v, %v", keys[i], fired[i], errs[i])
			}
		}
		if done, _ := r.Fired(ctx, g.ID+":stale:1"); !done {
			t.Fatal("an occurrence without alerts was not recorded")
		}
		// Again, with another recipient: nothing more.
		alerts[0] = append(alerts[0], alert(g.ID, keys[0], "C9"))
		fired, errs, err = r.FireAll(ctx, keys[:1], alerts[:1], now)
		ok(t, err)
		if fired[0] || errs[0] != nil {
			t.Fatalf("a repeat fired %v, %v", fired[0], errs[0])
		}
		// Each recipient's alerts come one after another, in the order they fired.
		taken := drain(t, r, now)
		var to []string
		for _, a := range taken {
			to = append(to, a.Recipient)
		}
		if len(taken) != fireChunk+21 || slices.Contains(to, "C9") || !slices.Contains(to, "C1") || slices.Contains(to, "U2") {
			t.Fatalf("%d alerts queued (%v…)", len(taken), to[:min(5, len(to))])
		}
		for i, a := range byRecipient(taken)["U1"] {
			if want := keys[i] + ":U1"; a.Key != want {
				t.Fatalf("alert %d to U1 is %s, want %s", i, a.Key, want)
			}
		}
		_, _, err = r.FireAll(ctx, keys[:2], alerts[:1], now)
		mustCode(t, err, goalbot.EINVALID)
	})
}
