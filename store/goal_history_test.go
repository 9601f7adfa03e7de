package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// testGoalRestore: a deleted goal leaves every index and list, is kept with its
// measurement and history, and a restore puts it back whole, in every index as its
// measurement had it, without its fired alerts firing again; ids are never reused.
func testGoalRestore(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	g.Team, g.Campaigns = "growth", []string{"c1", "c2"}
	ok(t, r.CreateGoal(ctx, g))
	p := 80.0
	ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: g.ID, At: t0, Headline: &p, GoalVersion: 1}))
	started := g.ID + ":started"
	fired, err := r.Fire(ctx, started, []goalbot.Alert{{Key: started, GoalID: g.ID, Event: goalbot.EventStarted, Recipient: "U1"}}, t0)
	ok(t, err)
	if !fired {
		t.Fatal("started did not fire")
	}
	filters := []goalbot.Filter{{Campaigns: []string{"c2"}}, {Teams: []string{"growth"}}, {Users: []string{"U1"}},
		{Statuses: []goalbot.Status{goalbot.InProgress}}, {ProgressMin: ptr(79.5), ProgressMax: ptr(80.5)}}
	for _, f := range filters {
		if got := listAll(t, r, f); !slices.Equal(got, []string{g.ID}) {
			t.Fatalf("before the delete, filter %s finds %v", f, got)
		}
	}

	deletedAt := t0.Add(time.Hour)
	ok(t, r.DeleteGoalAt(ctx, g.ID, 0, goalbot.Change{At: deletedAt, By: "U2"}))
	_, err = r.Goal(ctx, g.ID)
	mustCode(t, err, goalbot.ENOTFOUND)
	for _, f := range append(filters, goalbot.Filter{}) {
		if got := listAll(t, r, f); len(got) != 0 {
			t.Errorf("after the delete, filter %s finds %v", f, got)
		}
	}
	if ids, err := r.OpenGoalIDs(ctx); err != nil || len(ids) != 0 {
		t.Errorf("open goals after the delete: %v %v", ids, err)
	}
	mustCode(t, r.DeleteGoal(ctx, g.ID), goalbot.ENOTFOUND)
	mustCode(t, r.UpdateGoal(ctx, g, goalbot.Change{}), goalbot.ENOTFOUND)
	h, err := r.GoalHistory(ctx, g.ID, 0, 5, nil)
	ok(t, err)
	if !h.Deleted || h.Goal.Name != g.Name || h.Measurement == nil || *h.Measurement.Headline != p {
		t.Fatalf("the deleted goal's history: deleted %v, goal %+v, measurement %+v", h.Deleted, h.Goal, h.Measurement)
	}
	if len(h.Changes) != 1 || h.Changes[0].Kind != goalbot.ChangeDeleted || h.Changes[0].By != "U2" || !h.Changes[0].At.Equal(deletedAt) {
		t.Fatalf("the deleted goal's changes: %+v", h.Changes)
	}

	ok(t, r.RestoreGoal(ctx, g.ID, goalbot.Change{At: deletedAt.Add(time.Hour), By: "U1"}))
	got, err := r.Goal(ctx, g.ID)
	ok(t, err)
	sameGoal(t, got, g)
	if r.client.Exists(ctx, r.keys.deletedGoal(g.ID)).Val() != 0 {
		t.Error("the deleted copy is left after the restore")
	}
	if ttl := r.client.PTTL(ctx, r.keys.goal(g.ID)).Val(); ttl != -1 {
		t.Errorf("the restored goal expires in %s", ttl)
	}
	for _, f := range filters {
		if got := listAll(t, r, f); !slices.Equal(got, []string{g.ID}) {
			t.Errorf("after the restore, filter %s finds %v, want %s", f, got, g.ID)
		}
	}
	if ids, err := r.OpenGoalIDs(ctx); err != nil || !slices.Equal(ids, []string{g.ID}) {
		t.Errorf("open goals after the restore: %v %v", ids, err)
	}
	m, err := r.Measurement(ctx, g.ID)
	ok(t, err)
	if m == nil || *m.Headline != p {
		t.Errorf("the restored goal's measurement: %+v", m)
	}
	// The ledger remembers what fired: the goal's started does not fire again.
	again, err := r.Fire(ctx, started, []goalbot.Alert{{Key: started, GoalID: g.ID, Event: goalbot.EventStarted, Recipient: "U1"}}, t0)
	ok(t, err)
	if again {
		t.Error("the restored goal's started alert fired again")
	}
	h, err = r.GoalHistory(ctx, g.ID, 0, 5, nil)
	ok(t, err)
	if h.Deleted || len(h.Changes) != 2 || h.Changes[0].Kind != goalbot.ChangeRestored || h.Changes[1].Kind != goalbot.ChangeDeleted {
		t.Errorf("history after the restore: deleted %v, changes %+v", h.Deleted, h.Changes)
	}
	mustCode(t, r.RestoreGoal(ctx, g.ID, goalbot.Change{}), goalbot.ENOTFOUND)

	// A settled goal comes back among the settled ones, with its outcome.
	ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: g.ID, At: t0, Headline: &p, Settled: true, GoalVersion: 1,
		Total: goalbot.Figures{Target: 100, Actual: 80, Progress: &p, Cmp: -1}}))
	ok(t, r.DeleteGoal(ctx, g.ID))
	ok(t, r.RestoreGoal(ctx, g.ID, goalbot.Change{}))
	if got := listAll(t, r, goalbot.Filter{Statuses: []goalbot.Status{goalbot.StatusMissed}}); !slices.Equal(got, []string{g.ID}) {
		t.Errorf("missed goals after restoring a missed one: %v", got)
	}
	if ids, err := r.OpenGoalIDs(ctx); err != nil || len(ids) != 0 {
		t.Errorf("a settled goal is open after its restore: %v %v", ids, err)
	}

	// Ids are never reused: not after a delete, not after a restore.
	next := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, next))
	if next.ID != "G2" {
		t.Errorf("the next goal is %s, want G2", next.ID)
	}
	for id, want := range map[string]bool{"G1": true, "G2": true, "G3": false, "X": false} {
		if got, err := r.GoalIssued(ctx, id); err != nil || got != want {
			t.Errorf("GoalIssued(%s) = %v %v, want %v", id, got, err, want)
		}
	}
}

func ptr(f float64) *float64 { return &f }

// testGoalChanges: edits, deletes and restores are recorded in order with who made
// them, paged newest first, the oldest dropped once more than the kept number were
// made.
func testGoalChanges(t *testing.T, r *Redis) {
	r.keepOnly = 5
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	for i := 1; i <= 7; i++ {
		name := fmt.Sprintf("Name %d", i)
		c := goalbot.Change{At: t0.Add(time.Duration(i) * time.Minute), By: "U1", Fields: []goalbot.FieldChange{{Field: "name", Old: g.Name, New: name}}}
		g.Name = name
		ok(t, r.UpdateGoal(ctx, g, c))
	}
	ok(t, r.UpdateGoal(ctx, g, goalbot.Change{})) // an edit that changed nothing records nothing
	h, err := r.GoalHistory(ctx, g.ID, 1, 3, nil)
	ok(t, err)
	if h.ChangeCount != 7 || h.ChangesKept != 5 {
		t.Fatalf("%d changes, %d kept; want 7 and 5", h.ChangeCount, h.ChangesKept)
	}
	var news []string
	for _, c := range h.Changes {
		if c.Kind != goalbot.ChangeEdited || c.By != "U1" {
			t.Errorf("change %+v", c)
		}
		news = append(news, c.Fields[0].New)
	}
	if !slices.Equal(news, []string{"Name 6", "Name 5", "Name 4"}) {
		t.Errorf("changes after the newest, three of them: %v", news)
	}
	h, err = r.GoalHistory(ctx, g.ID, 3, 10, nil)
	ok(t, err)
	if len(h.Changes) != 2 || h.Changes[1].Fields[0].New != "Name 3" {
		t.Errorf("the oldest kept changes: %+v (Name 1 and 2 are dropped)", h.Changes)
	}
	if n := r.client.HLen(ctx, r.keys.goal(g.ID)).Val(); n > 10 {
		t.Errorf("the goal's hash has %d fields: dropped changes are left", n)
	}
	_, err = r.GoalHistory(ctx, "G9", 0, 1, nil)
	mustCode(t, err, goalbot.ENOTFOUND)
}

// testSettledCampaigns: a period's per-campaign figures are kept once, when it
// settles, and read back by its first day; the current period's are not kept apart.
func testSettledCampaigns(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	g.Campaigns = []string{"c1", "c2"}
	ok(t, r.CreateGoal(ctx, g))
	ps := g.Periods()
	pct := 120.0
	jan := []goalbot.CampaignFigures{
		{Campaign: "c1", Figures: goalbot.Figures{Target: 100, Actual: 120, Spend: goalbot.MoneyIn("USD", 5), Contacts: 3, Progress: &pct}},
		{Campaign: "c2", Figures: goalbot.Figures{Target: 100, Actual: 0, Spend: goalbot.MoneyIn("EUR", 7)}},
	}
	m := goalbot.Measurement{GoalID: g.ID, At: t0, Current: 2, GoalVersion: 1, Periods: []goalbot.PeriodFigures{
		{Period: ps[0], Ended: true, Settled: true, Campaigns: jan},
		{Period: ps[1], Ended: true},
		{Period: ps[2], Campaigns: jan[:1]},
	}}
	ok(t, r.SaveMeasurement(ctx, m))
	// A later measurement's figures for the same period do not replace them.
	m.Periods[0].Campaigns = jan[1:]
	m.Periods[1].Settled, m.Periods[1].Campaigns = true, jan[1:]
	ok(t, r.SaveMeasurement(ctx, m))
	h, err := r.GoalHistory(ctx, g.ID, 0, 0, []goalbot.Date{ps[0].Start, ps[1].Start, ps[2].Start})
	ok(t, err)
	if len(h.Campaigns) != 2 || len(h.Campaigns[ps[0].Start]) != 2 || len(h.Campaigns[ps[1].Start]) != 1 {
		t.Fatalf("kept campaigns %+v, want January's two and February's one (the running March's are not kept)", h.Campaigns)
	}
	got := h.Campaigns[ps[0].Start]
	if got[0].Campaign != "c1" || got[0].Actual != 120 || *got[0].Progress != pct || got[0].Contacts != 3 ||
		!slices.Equal(got[1].Spend, jan[1].Spend) || !slices.Equal(got[0].Spend, jan[0].Spend) || got[1].Progress != nil {
		t.Errorf("January's campaigns read back as %+v, want %+v", got, jan)
	}
	// A deleted goal keeps them; a save for it (a pass that loaded it before the
	// delete) writes nothing.
	ok(t, r.DeleteGoal(ctx, g.ID))
	m.Periods[2].Settled, m.Periods[2].Campaigns = true, jan
	mustCode(t, r.SaveMeasurement(ctx, m), goalbot.ENOTFOUND)
	h, err = r.GoalHistory(ctx, g.ID, 0, 0, []goalbot.Date{ps[0].Start, ps[2].Start})
	ok(t, err)
	if !h.Deleted || len(h.Campaigns) != 1 || len(h.Campaigns[ps[0].Start]) != 2 {
		t.Errorf("the deleted goal's kept campaigns: %+v", h.Campaigns)
	}
	if r.client.Exists(ctx, r.keys.goal(g.ID)).Val() != 0 {
		t.Error("a save for the deleted goal left a hash")
	}
}

// TestDeletedGoalExpires: a deleted goal is gone once the restore window has passed:
// on the embedded store through its own expiry clock, on miniredis as Redis expires
// keys.
func TestDeletedGoalExpires(t *testing.T) {
	t.Run("embedded", func(t *testing.T) {
		e := openTestEmbedded(t)
		r := NewRedis(e.client, "exp")
		ok(t, r.CheckSchema(ctx))
		deleteForGood(t, r, func(d time.Duration) {
			e.order.Lock()
			e.exp.advance(time.Now().Add(d).UnixNano())
			e.order.Unlock()
		})
	})
	t.Run("miniredis", func(t *testing.T) {
		m := miniredis.RunT(t)
		r := NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "exp")
		ok(t, r.CheckSchema(ctx))
		deleteForGood(t, r, m.FastForward)
	})
}

// deleteForGood deletes a goal, passes most of the restore window (wait moves the
// store's clock on), checks it is still kept, passes the rest and checks it is gone.
func deleteForGood(t *testing.T, r *Redis, wait func(time.Duration)) {
	t.Helper()
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	ok(t, r.DeleteGoal(ctx, g.ID))
	wait(goalbot.RestoreWindow - time.Hour)
	if _, err := r.GoalHistory(ctx, g.ID, 0, 1, nil); err != nil {
		t.Fatalf("the goal is gone before the end of the restore window: %v", err)
	}
	wait(goalbot.RestoreWindow + time.Minute)
	_, err := r.GoalHistory(ctx, g.ID, 0, 1, nil)
	mustCode(t, err, goalbot.ENOTFOUND)
	mustCode(t, r.RestoreGoal(ctx, g.ID, goalbot.Change{}), goalbot.ENOTFOUND)
	if issued, err := r.GoalIssued(ctx, g.ID); err != nil || !issued {
		t.Errorf("GoalIssued = %v %v after the goal expired, want true", issued, err)
	}
	if n := r.client.Exists(ctx, r.keys.deletedGoal(g.ID), r.keys.goal(g.ID)).Val(); n != 0 {
		t.Errorf("%d keys of the goal are left", n)
	}
}
