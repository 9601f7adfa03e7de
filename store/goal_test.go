package store

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

func testGoalCRUD(t *testing.T, r *Redis) {
	g1, g2 := newGoal("c1", "a1", "U1"), newGoal("c2", "a1", "U2")
	ok(t, r.CreateGoal(ctx, g1))
	ok(t, r.CreateGoal(ctx, g2))
	if g1.ID != "G1" || g2.ID != "G2" || g1.Version != 1 {
		t.Fatalf("ids %s %s version %d, want G1 G2 1", g1.ID, g2.ID, g1.Version)
	}
	got, err := r.Goal(ctx, "G2")
	ok(t, err)
	sameGoal(t, got, g2)

	list, err := r.Goals(ctx, []string{"G2", "G9", "G1"})
	ok(t, err)
	if len(list) != 2 || list[0].ID != "G2" || list[1].ID != "G1" {
		t.Fatalf("Goals = %v, want G2 G1", ids(list))
	}
	_, err = r.Goal(ctx, "G9")
	mustCode(t, err, goalbot.ENOTFOUND)
	if !strings.Contains(english.Error(err), "G9") {
		t.Errorf("not-found message %q does not name the goal", english.Error(err))
	}

	g1.Name = "Renamed"
	ok(t, r.UpdateGoal(ctx, g1, goalbot.Change{}))
	if g1.Version != 2 {
		t.Fatalf("version after update %d, want 2", g1.Version)
	}
	got, err = r.Goal(ctx, "G1")
	ok(t, err)
	sameGoal(t, got, g1)

	ok(t, r.DeleteGoal(ctx, "G1"))
	_, err = r.Goal(ctx, "G1")
	mustCode(t, err, goalbot.ENOTFOUND)
	mustCode(t, r.DeleteGoal(ctx, "G1"), goalbot.ENOTFOUND)
	mustCode(t, r.UpdateGoal(ctx, g1, goalbot.Change{}), goalbot.ENOTFOUND)

	// Ids are never reused, even after a delete.
	g3 := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g3))
	if g3.ID != "G3" {
		t.Fatalf("id after a delete %s, want G3", g3.ID)
	}
}

func testGoalConflict(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, g))
	mine, err := r.Goal(ctx, g.ID)
	ok(t, err)
	theirs, err := r.Goal(ctx, g.ID)
	ok(t, err)

	theirs.Name, theirs.Team, theirs.Campaigns = "Theirs", "growth", []string{"c9"}
	ok(t, r.UpdateGoal(ctx, theirs, goalbot.Change{}))
	mine.Name, mine.Team = "Mine", "brand"
	err = r.UpdateGoal(ctx, mine, goalbot.Change{})
	mustCode(t, err, goalbot.ECONFLICT)
	if msg := english.Error(err); !strings.Contains(msg, "someone else") || !strings.Contains(msg, g.ID) {
		t.Errorf("conflict message %q should say someone else changed %s", msg, g.ID)
	}
	if mine.Version != 1 {
		t.Errorf("a refused update changed the caller's version to %d", mine.Version)
	}
	// Nothing of the refused edit was written, not even its index entries.
	got, err := r.Goal(ctx, g.ID)
	ok(t, err)
	if got.Name != "Theirs" || got.Version != 2 {
		t.Fatalf("stored goal %q v%d, want Theirs v2", got.Name, got.Version)
	}
	if n := r.client.ZCard(ctx, r.keys.goalsBy(byTeam, "brand")).Val(); n != 0 {
		t.Errorf("the refused edit indexed team brand")
	}
	// A delete made on the version before theirs deletes nothing; one on theirs does.
	err = r.DeleteGoalAt(ctx, g.ID, 1, goalbot.Change{})
	mustCode(t, err, goalbot.ECONFLICT)
	if msg := english.Error(err); !strings.Contains(msg, "version 2, not 1") {
		t.Errorf("conflict message %q should name both versions", msg)
	}
	if _, err := r.Goal(ctx, g.ID); err != nil {
		t.Fatalf("a refused delete removed the goal: %v", err)
	}
	ok(t, r.DeleteGoalAt(ctx, g.ID, 2, goalbot.Change{}))
	mustCode(t, r.DeleteGoalAt(ctx, g.ID, 2, goalbot.Change{}), goalbot.ENOTFOUND)
}

func testGoalUpdateReindexes(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	g.Team = "growth"
	ok(t, r.CreateGoal(ctx, g))
	g.Campaigns, g.Accounts, g.Team, g.Type, g.Duration = []string{"c2", "c3"}, []string{"a2"}, "", goalbot.FirstFormSubmissions, goalbot.Quarterly
	ok(t, r.UpdateGoal(ctx, g, goalbot.Change{}))
	for _, f := range []goalbot.Filter{
		{Campaigns: []string{"c1"}}, {Accounts: []string{"a1"}}, {Teams: []string{"growth"}},
		{Types: []goalbot.Type{goalbot.NetworkConversions}}, {Durations: []goalbot.Duration{goalbot.Monthly}},
	} {
		if got := listAll(t, r, f); len(got) != 0 {
			t.Errorf("filter %s still finds %v after the update", f, got)
		}
	}
	for _, f := range []goalbot.Filter{
		{Campaigns: []string{"c3"}}, {Accounts: []string{"a2"}}, {Users: []string{"U1"}},
		{Types: []goalbot.Type{goalbot.FirstFormSubmissions}}, {Durations: []goalbot.Duration{goalbot.Quarterly}},
	} {
		if got := listAll(t, r, f); !slices.Equal(got, []string{g.ID}) {
			t.Errorf("filter %s finds %v after the update, want %s", f, got, g.ID)
		}
	}
}

func testGoalDelete(t *testing.T, r *Redis) {
	g := newGoal("c1", "a1", "U1")
	g.Team, g.Campaigns = "growth", []string{"c1", "c2"}
	ok(t, r.CreateGoal(ctx, g))
	other := newGoal("c1", "a1", "U1")
	ok(t, r.CreateGoal(ctx, other))
	p := 80.0
	ok(t, r.SaveMeasurement(ctx, goalbot.Measurement{GoalID: g.ID, At: t0, Headline: &p, Settled: true}))
	queued, err := r.QueueAlert(ctx, goalbot.Alert{Key: g.ID + "/started", GoalID: g.ID, Event: goalbot.EventStarted, Recipient: "U1"}, t0)
	ok(t, err)
	if !queued {
		t.Fatal("alert not queued")
	}
	ok(t, r.DeleteGoal(ctx, g.ID))

	// No key of the store holds the goal any more, except the ledger's record that
	// its alert was dropped and the deleted goal kept for restoring, which goes by
	// itself at the end of the restore window.
	if ttl := r.client.PTTL(ctx, r.keys.deletedGoal(g.ID)).Val(); ttl <= goalbot.RestoreWindow-time.Minute || ttl > goalbot.RestoreWindow {
		t.Errorf("the deleted goal is kept for %s, want %s", ttl, goalbot.RestoreWindow)
	}
	for _, k := range r.client.Keys(ctx, r.keys.base+"*").Val() {
		if k == r.keys.outbox("ledger") || k == r.keys.deletedGoal(g.ID) {
			continue
		}
		if strings.HasSuffix(k, ":"+g.ID) {
			t.Errorf("key %s is left", k)
		}
		for _, m := range members(t, r.client, k) {
			if m == g.ID || strings.HasPrefix(m, g.ID+"/") {
				t.Errorf("key %s still holds %s", k, m)
			}
		}
	}
	state, err := r.AlertState(ctx, g.ID+"/started")
	ok(t, err)
	if state != alertDropped {
		t.Errorf("the deleted goal's alert is %q, want dropped", state)
	}
	if got := listAll(t, r, goalbot.Filter{Campaigns: []string{"c1"}}); !slices.Equal(got, []string{other.ID}) {
		t.Errorf("list after delete = %v, want %s", got, other.ID)
	}
}

// members lists what key holds: set and sorted-set members, hash fields, list items.
func members(t *testing.T, c redis.UniversalClient, key string) []string {
	t.Helper()
	switch c.Type(ctx, key).Val() {
	case "set":
		return c.SMembers(ctx, key).Val()
	case "zset":
		return c.ZRange(ctx, key, 0, -1).Val()
	case "hash":
		return c.HKeys(ctx, key).Val()
	case "list":
		return c.LRange(ctx, key, 0, -1).Val()
	}
	return nil
}

// sameGoal fails t unless got and want are the same goal (compared as JSON).
func sameGoal(t *testing.T, got, want *goalbot.Goal) {
	t.Helper()
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Fatalf("goal\n got %s\nwant %s", a, b)
	}
}

// ids returns the ids of goals.
func ids(goals []*goalbot.Goal) []string {
	out := make([]string, len(goals))
	for i, g := range goals {
		out[i] = g.ID
	}
	return out
}
