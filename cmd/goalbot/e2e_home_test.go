package main

import (
	"github.com/goalbot/goalbot/bot"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
)

// waitHome waits until user's Home tab has been updated updates times after its first
// publish and holds want, and returns it.
func (e *e2e) waitHome(user string, updates int, want ...string) slacktest.View {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, found := e.fake.HomeView(user)
		src := compactJSON(v.Source)
		ok := found && v.Updates == updates
		for _, w := range want {
			ok = ok && strings.Contains(src, w)
		}
		if ok {
			return v
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("home of %s: found %v, %d updates, want %d with %q:\n%s", user, found, v.Updates, updates, want, src)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestE2EHome drives the App Home tab through the fake Slack: opening it publishes
// the user's goals grouped by status; the measurement after an ingest that changes a
// goal's figures republishes the Home of its creator once, and not the Home of a user
// who does not see it or of one who never opened the tab; a pass with nothing new
// republishes nothing; New goal opens the create wizard.
func TestE2EHome(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetUser(slacktest.User{ID: "U3", Name: "cy"})
	in := e.start()
	in.ingest("2026-03-09", 5)
	id := in.createGoal("Spring <!channel> leads")
	in.subscribe("C1", "U2") // U2 sees the goal through C1, but never opens the tab
	in.evaluate("2026-03-10T12:00:00Z")

	e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	e.fake.Event("app_home_opened", map[string]any{"user": "U3", "channel": "D3", "tab": "home"})
	home := e.waitHome("U1", 0, id+" · Spring &lt;!channel&gt; leads", "⚠️ At risk (1)", "▱▱▱▱▱▱▱▱▱▱ 5% · ⚠️ at risk",
		`"action_id":"goal_new"`, `"action_id":"goal_filter"`, `"action_id":"goal_delete","value":"`+id+`","style":"danger"`)
	e.waitHome("U3", 0, "You have no goals here yet")

	// An ingest moves the goal's figures: the measurement it triggers republishes
	// U1's tab once, and neither U3's (no such goal) nor U2's (never opened).
	in.ingest("2026-03-10", 40)
	e.waitHome("U1", 1, "▰▰▰▰▱▱▱▱▱▱ 45%")
	time.Sleep(1500 * time.Millisecond) // a second publish would come within the pacing interval
	e.waitHome("U1", 1)
	e.waitHome("U3", 0)
	if _, found := e.fake.HomeView("U2"); found {
		t.Error("the Home of U2, who never opened it, was published")
	}

	// A pass with nothing new republishes nothing.
	in.evaluate("2026-03-10T12:00:00Z")
	time.Sleep(1500 * time.Millisecond)
	e.waitHome("U1", 1)

	// A pass after the goal is settled changes its status: republished once more.
	in.evaluate("2026-04-02T12:00:00Z")
	e.waitHome("U1", 2, "❌ Missed (1)", "▰▰▰▰▱▱▱▱▱▱ 45%")
	e.waitHome("U3", 0)

	// New goal on the tab opens the create wizard with the click's trigger_id.
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: home.ID, ActionID: bot.ActionNewGoal, BlockID: "home_actions"})
	e.waitView(bot.CallbackCreate, "Step 1 of 4")
	if _, err := e.fake.WaitCall(ctxFor(t, 10*time.Second), "views.open", func(c slacktest.Call) bool { return c.OK() }); err != nil {
		t.Errorf("views.open not seen: %v", err)
	}

	// Filter on the tab opens the filter modal; its list goes to goalbot's Messages tab.
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: home.ID, ActionID: bot.ActionFilter, BlockID: "home_actions"})
	filter := e.waitView(bot.CallbackFilter, `"block_id":"progress_max"`)
	e.ack(e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: filter.ID}))
	if _, err := e.fake.WaitMessage(ctxFor(t, 10*time.Second), e.fake.DMChannel("U1"), func(m slacktest.Message) bool {
		return strings.Contains(m.Text, id)
	}); err != nil {
		t.Errorf("the filtered list was not posted to U1's Messages tab: %v", err)
	}

	// Delete on the tab asks in a modal; confirming there deletes the goal, says so in
	// the modal, and republishes U1's tab without it.
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: home.ID, ActionID: bot.ActionDelete, Value: id})
	var confirm slacktest.View
	if v, err := e.fake.WaitView(ctxFor(t, 10*time.Second), func(v slacktest.View) bool {
		return v.Type == "modal" && strings.Contains(string(v.Source), bot.ActionDeleteConfirm)
	}); err != nil {
		t.Fatalf("Delete on the Home tab did not ask in a modal: %v", err)
	} else {
		confirm = v
	}
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: confirm.ID, ActionID: bot.ActionDeleteConfirm, Value: id})
	if _, err := e.fake.WaitView(ctxFor(t, 10*time.Second), func(v slacktest.View) bool {
		return v.ID == confirm.ID && strings.Contains(string(v.Source), "Deleted "+id)
	}); err != nil {
		t.Errorf("the confirmation modal does not say the goal was deleted: %v", err)
	}
	e.waitHome("U1", 3, "You have no goals here yet")
}

// TestE2EHomeTwoReplicas runs two goalbots on one Redis: a change that both replicas'
// loops may pick up republishes a Home tab once, and the shared pacing holds.
func TestE2EHomeTwoReplicas(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eRedis(t))
	a, b := e.startTwo()
	a.ingest("2026-03-09", 5)
	a.createGoal("Spring leads")
	a.subscribe("C1", "U2")
	b.evaluate("2026-03-10T12:00:00Z")
	for _, u := range []string{"U1", "U2"} {
		e.fake.Event("app_home_opened", map[string]any{"user": u, "tab": "home"})
		e.waitHome(u, 0, "G1 · Spring leads")
	}

	b.ingest("2026-03-10", 40) // U1 created the goal, U2 sees it through C1
	e.waitHome("U1", 1, "45%")
	e.waitHome("U2", 1, "45%")
	time.Sleep(2500 * time.Millisecond) // more than two pacing intervals
	e.waitHome("U1", 1)
	e.waitHome("U2", 1)

	var at []time.Time
	for _, c := range e.fake.Calls("views.publish") {
		at = append(at, c.At)
	}
	// The two republishes (the last two calls) are one pacing interval apart at least
	// (60 a minute by default), less the time to build the first one.
	if n := len(at); n != 4 {
		t.Fatalf("%d views.publish calls, want 4 (two opens, two republishes)", n)
	} else if gap := at[3].Sub(at[2]); gap < 500*time.Millisecond {
		t.Errorf("the two republishes were %v apart, want about a second (GOALBOT_HOME_PUBLISH_RATE=60)", gap)
	}
}
