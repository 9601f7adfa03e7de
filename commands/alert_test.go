package commands

import (
	"context"
	"fmt"
	"testing"

	"github.com/goalbot/goalbot"
)

// TestLoadAlert: an alert is delivered with its goal as it is now, a digest and a
// group of stale goals with their goals in order (a deleted one by its id alone), a
// source's alert with nothing more.
func TestLoadAlert(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	run(t, a, "U1", createText)
	run(t, a, "U1", `create name:"Second" goal_type:network_conversions campaigns:cmp-1 duration:monthly target:5`)
	n, err := LoadAlert(ctx, a.Store, goalbot.Alert{GoalID: "G1", Event: goalbot.EventStarted})
	if err != nil || n.Goal == nil || n.Goal.Name != "Spring leads" || n.Goals != nil {
		t.Errorf("started: %+v, %v", n, err)
	}
	if n, err = LoadAlert(ctx, a.Store, goalbot.Alert{GoalID: "G9", Event: goalbot.EventStarted}); err != nil || n.Goal != nil {
		t.Errorf("a deleted goal's alert: %+v, %v", n, err)
	}
	for _, ev := range []goalbot.Event{goalbot.EventDigest, goalbot.EventStale} {
		n, err = LoadAlert(ctx, a.Store, goalbot.Alert{Event: ev, GoalIDs: []string{"G2", "G9", "G1"}})
		if got := fmt.Sprint(n.Goals); err != nil || got != "[{G2 Second <nil>} {G9  <nil>} {G1 Spring leads <nil>}]" {
			t.Errorf("%s: %s, %v", ev, got, err)
		}
	}
	if n, err = LoadAlert(ctx, a.Store, goalbot.Alert{Event: goalbot.EventSourceFailed, Source: "meta"}); err != nil || n.Goal != nil || n.Goals != nil {
		t.Errorf("source failed: %+v, %v", n, err)
	}
}
