package commands_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

// history reads goal id's history with q, or fails t.
func history(t *testing.T, a *commands.App, id string, q commands.HistoryQuery) commands.History {
	t.Helper()
	h, err := a.GoalHistory(ctx, id, q)
	ok(t, err)
	return h
}

// kinds are the kinds of a page of changes, with who made each.
func kinds(h commands.History) string {
	var out []string
	for _, c := range h.ChangeLog {
		out = append(out, string(c.Kind)+":"+c.By)
	}
	return strings.Join(out, " ")
}

// TestHistoryRecordsEveryChange: the creation, a typed edit, an API edit, a delete and
// a restore, each with who made it and what it changed, newest first; a restore by
// someone who could not delete the goal is refused.
func TestHistoryRecordsEveryChange(t *testing.T) {
	a := newApp(t)
	ws := &fakeAdmins{admins: map[string]bool{"UOWNER": true}}
	a.Workspace = ws
	o, err := a.Execute(ctx, commands.Actor{UserID: "U1"}, "C1", "create name:Leads goal_type:network_conversions campaigns:cmp-1 duration:monthly target:100")
	ok(t, err)
	g := o.(commands.Created).Goal
	_, err = a.Execute(ctx, commands.Actor{UserID: "U1"}, "C1", `edit G1 name:"Spring leads" team:growth notify:none`)
	ok(t, err)
	renamed := "API leads"
	_, err = a.UpdateGoalAt(ctx, commands.APIActor, g.ID, 0, goalbot.GoalUpdate{Name: &renamed})
	ok(t, err)
	_, err = a.ConfirmDelete(ctx, commands.Actor{UserID: "UOWNER"}, []string{g.ID})
	ok(t, err)

	h := history(t, a, g.ID, commands.HistoryQuery{})
	if got, want := kinds(h), "deleted:UOWNER edited: edited:U1 created:U1"; got != want {
		t.Fatalf("changes %q, want %q", got, want)
	}
	if h.Deleted == nil || h.Deleted.By != "UOWNER" || !h.RestoreUntil.Equal(now.Add(goalbot.RestoreWindow)) {
		t.Errorf("deleted %+v, restore until %s", h.Deleted, h.RestoreUntil)
	}
	edit := h.ChangeLog[2]
	want := []goalbot.FieldChange{{Field: "name", Old: "Leads", New: "Spring leads"},
		{Field: "notifications", Old: "started,milestone", New: ""}, {Field: "team", Old: "", New: "growth"}}
	if fmt.Sprint(edit.Fields) != fmt.Sprint(want) || !edit.At.Equal(now) {
		t.Errorf("the typed edit: %+v, want %+v at %s", edit, want, now)
	}
	if f := h.ChangeLog[1].Fields; len(f) != 1 || f[0].New != renamed {
		t.Errorf("the API edit: %+v", f)
	}
	if h.ChangeTotal != 4 || h.ChangesDropped != 0 {
		t.Errorf("total %d, dropped %d", h.ChangeTotal, h.ChangesDropped)
	}

	// Someone who could not delete it cannot restore it; nothing changes.
	_, err = a.Execute(ctx, commands.Actor{UserID: "UOTHER"}, "C1", "restore G1")
	ok(t, err)
	_, err = a.RestoreGoal(ctx, commands.Actor{UserID: "UOTHER"}, g.ID)
	mustCode(t, err, goalbot.EFORBIDDEN)
	if msg := messages.English().Error(err); !strings.Contains(msg, "can restore it") || !strings.Contains(msg, "only the creator of G1") {
		t.Errorf("refusal %q does not say who may restore", msg)
	}
	if _, err := a.GetGoal(ctx, g.ID); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		t.Fatalf("a refused restore put the goal back: %v", err)
	}
	// Its creator can (so could a workspace admin, as for a delete).
	o, err = a.Execute(ctx, commands.Actor{UserID: "U1"}, "C1", "restore G1")
	ok(t, err)
	r, isRestored := o.(commands.Restored)
	if !isRestored || r.Goal.Name != renamed || r.Deleted.By != "UOWNER" || len(r.Changes().Goals) != 1 {
		t.Fatalf("restore answered %#v", o)
	}
	v, err := a.GetGoal(ctx, g.ID)
	ok(t, err)
	if v.Goal.Name != renamed || v.Goal.Team != "growth" {
		t.Errorf("restored %+v", v.Goal)
	}
	h = history(t, a, g.ID, commands.HistoryQuery{})
	if got, want := kinds(h), "restored:U1 deleted:UOWNER edited: edited:U1 created:U1"; got != want || h.Deleted != nil {
		t.Errorf("after the restore: changes %q (want %q), deleted %+v", got, want, h.Deleted)
	}
	_, err = a.RestoreGoal(ctx, commands.Actor{UserID: "U1"}, g.ID)
	mustCode(t, err, goalbot.EINVALID)
}

// TestRestoreWindow: a deleted goal can be restored for 30 days; after that the
// refusal says when it was deleted and that the time has passed, and once the store
// let it go, that it is gone. An id never issued is not found.
func TestRestoreWindow(t *testing.T) {
	m := miniredis.RunT(t)
	s := store.NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "w")
	ok(t, s.CheckSchema(ctx))
	clock := goalbot.NewFrozenClock(now)
	a := &commands.App{Store: s, Clock: clock, Settings: goalbot.DefaultSettings}
	ok(t, a.AddCatalog(ctx, testCatalog))
	creator := commands.Actor{UserID: "U1"}
	g1, err := a.CreateGoal(ctx, creator, draft())
	ok(t, err)
	g2, err := a.CreateGoal(ctx, creator, draft())
	ok(t, err)
	ok(t, a.DeleteGoals(ctx, creator, []string{g1.ID, g2.ID}))

	ok(t, clock.Set(now.Add(goalbot.RestoreWindow-time.Minute)))
	_, err = a.RestoreGoal(ctx, creator, g1.ID)
	ok(t, err)

	ok(t, clock.Set(now.Add(goalbot.RestoreWindow)))
	_, err = a.RestoreGoal(ctx, creator, g2.ID)
	mustCode(t, err, goalbot.EINVALID)
	if msg := messages.English().Error(err); !strings.Contains(msg, "G2 was deleted on 2026-11-28, more than 30 days ago, so it can no longer be restored") {
		t.Errorf("too late: %q", msg)
	}
	h := history(t, a, g2.ID, commands.HistoryQuery{})
	if h.Deleted == nil || !h.RestoreUntil.IsZero() {
		t.Errorf("the history of a goal past its window: deleted %+v, restorable until %s", h.Deleted, h.RestoreUntil)
	}

	m.FastForward(goalbot.RestoreWindow + time.Second) // the store lets it go
	for _, err := range []error{restoreErr(a, creator, g2.ID), historyErr(a, g2.ID)} {
		mustCode(t, err, goalbot.ENOTFOUND)
		if msg := messages.English().Error(err); !strings.Contains(msg, "G2 was deleted more than 30 days ago and is gone") {
			t.Errorf("gone: %q", msg)
		}
	}
	for _, err := range []error{restoreErr(a, creator, "G9"), historyErr(a, "G9")} {
		mustCode(t, err, goalbot.ENOTFOUND)
		if msg := messages.English().Error(err); !strings.Contains(msg, "there is no goal G9") {
			t.Errorf("never issued: %q", msg)
		}
	}
	if _, err := a.GetGoal(ctx, g1.ID); err != nil {
		t.Errorf("the goal restored in time: %v", err)
	}
}

func restoreErr(a *commands.App, actor commands.Actor, id string) error {
	_, err := a.RestoreGoal(ctx, actor, id)
	return err
}

func historyErr(a *commands.App, id string) error {
	_, err := a.GoalHistory(ctx, id, commands.HistoryQuery{})
	return err
}

// TestHistoryPages: a year of weeks is paged 26 periods at a time, around the period
// asked for (the running one by default), with the campaigns of that period (kept
// when it settled); changes come ten at a time, the creation last; the API's query
// gives every period with its campaigns.
func TestHistoryPages(t *testing.T) {
	a := newApp(t)
	d := goalbot.Draft{Name: "Weekly", Type: "network_conversions", Campaigns: []string{"cmp-1", "cmp-2"}, Duration: "weekly",
		Target: "10", Start: "2025-12-29", End: "2026-12-27"}
	g, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, d)
	ok(t, err)
	for i := range 24 {
		name := fmt.Sprintf("Weekly %d", i)
		_, err := a.UpdateGoal(ctx, commands.Actor{UserID: "U1"}, g.ID, goalbot.GoalUpdate{Name: &name})
		ok(t, err)
	}
	g, err = a.Store.Goal(ctx, g.ID)
	ok(t, err)
	ps := g.Periods()
	sums := make([][]goalbot.Totals, len(ps))
	for i := range sums {
		sums[i] = []goalbot.Totals{{Conversions: goalbot.Units(int64(i))}, {Conversions: goalbot.Units(7)}}
	}
	m := goalbot.Measure(g, sums, []string{"USD", "USD"}, nil, now, 24*time.Hour)
	ok(t, a.Store.(*store.Redis).SaveMeasurement(ctx, m))

	h := history(t, a, g.ID, commands.HistoryQuery{})
	if len(ps) != 52 || h.PeriodCount != 52 || len(h.Periods) != 26 || h.Periods[0].Index != 26 {
		t.Fatalf("%d periods, page of %d from %d, want the second page of 26 (the running week is %d)", h.PeriodCount, len(h.Periods), h.Periods[0].Index, m.Current)
	}
	running := h.Periods[m.Current-26]
	if running.State != commands.PeriodRunning || !running.Detailed || len(running.Campaigns) != 2 {
		t.Errorf("the running week: %+v", running)
	}
	if p := h.Periods[25]; p.State != commands.PeriodPending || p.Detailed || p.Campaigns != nil {
		t.Errorf("the last week: %+v", p)
	}

	h = history(t, a, g.ID, commands.HistoryQuery{Period: goalbot.Date{Year: 2026, Month: 3, Day: 4}})
	week := h.Periods[9]
	if h.Periods[0].Index != 0 || week.Index != 9 || week.State != commands.PeriodSettled || !week.Detailed ||
		len(week.Campaigns) != 2 || week.Campaigns[0].Actual != goalbot.Units(9) || week.Campaigns[1].Campaign != "cmp-2" {
		t.Errorf("week 10, settled: %+v", week)
	}
	for _, p := range h.Periods {
		if p.Index != 9 && p.Campaigns != nil {
			t.Errorf("period %d has campaigns too", p.Index)
		}
	}
	_, err = a.GoalHistory(ctx, g.ID, commands.HistoryQuery{Period: goalbot.Date{Year: 2027, Month: 1, Day: 4}})
	mustCode(t, err, goalbot.EINVALID)

	if h.ChangeTotal != 25 || len(h.ChangeLog) != 10 || h.ChangeLog[0].Fields[0].New != "Weekly 23" {
		t.Errorf("first page of changes: total %d, %d on it, first %+v", h.ChangeTotal, len(h.ChangeLog), h.ChangeLog[0])
	}
	last := history(t, a, g.ID, commands.HistoryQuery{ChangeSkip: 20})
	if got := kinds(last); got != "edited:U1 edited:U1 edited:U1 edited:U1 created:U1" {
		t.Errorf("the last page of changes: %q", got)
	}

	all := history(t, a, g.ID, commands.HistoryQuery{AllPeriods: true, ChangeLimit: 1})
	settled := 0
	for _, p := range all.Periods {
		if p.State == commands.PeriodSettled {
			settled++
			if len(p.Campaigns) != 2 || p.Campaigns[0].Actual != goalbot.Units(int64(p.Index)) {
				t.Errorf("settled period %d: campaigns %+v", p.Index, p.Campaigns)
			}
		}
	}
	if len(all.Periods) != 52 || settled < 40 || len(all.ChangeLog) != 1 {
		t.Errorf("every period: %d of them, %d settled, %d changes", len(all.Periods), settled, len(all.ChangeLog))
	}
}

// TestHistoryCommand: `/goal history` and `/goal restore` read their options and
// refuse anything else with what would be right.
func TestHistoryCommand(t *testing.T) {
	a := newApp(t)
	_, err := a.CreateGoal(ctx, commands.Actor{UserID: "U1"}, draft())
	ok(t, err)
	o, err := a.Execute(ctx, commands.Actor{UserID: "U2"}, "C1", "history g1 period:2026-03-15 changes:1")
	ok(t, err)
	if h, isHistory := o.(commands.History); !isHistory || h.Goal.ID != "G1" || !h.Periods[2].Detailed {
		t.Fatalf("history answered %#v", o)
	}
	for text, want := range map[string]string{
		"history":                    "name the goal",
		"history G1 period:march":    "“march” is not a date",
		"history G1 changes:0":       "“0” is not a page number",
		"history G1 colour:red":      "not a key of `/goal history`: use period, changes",
		"history G1 period:2027-1-1": "is not a date",
		"restore G1 now:yes":         "takes a goal id alone",
		"restore G1":                 "G1 is not deleted",
	} {
		o, err := a.Execute(ctx, commands.Actor{UserID: "U1"}, "C1", text)
		ok(t, err)
		r, refused := o.(commands.Refusal)
		if !refused {
			t.Errorf("%s: answered %#v", text, o)
			continue
		}
		en := messages.English()
		all := en.Message(r.Message)
		for _, p := range r.Problems {
			all += " " + en.Problem(p)
		}
		if !strings.Contains(all, want) {
			t.Errorf("%s: refusal %q, want %q", text, all, want)
		}
	}
}
