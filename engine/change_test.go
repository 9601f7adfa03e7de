package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// changeApp is the use cases wired to r's engine as goalbot run wires them: Refresh
// measures through the runner, MeasureSoon marks campaigns for the next tick.
func changeApp(r *rig) (*commands.App, *Runner) {
	runner := &Runner{Engine: r.eng, Coord: r.store, Owner: "me"}
	return &commands.App{Store: r.store, Clock: r.clock, Settings: goalbot.DefaultSettings, Logger: r.eng.Logger,
		Refresh: runner.Refresh, MeasureSoon: r.store.MarkDirty}, runner
}

// say runs a typed /goal command as U1 and returns the figures its outcome gives: a
// created or edited goal's current period, a shown goal's facts, a list's progress.
func say(t *testing.T, a *commands.App, text string) string {
	t.Helper()
	o, err := a.Execute(context.Background(), commands.Actor{UserID: "U1"}, "C1", text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	switch o := o.(type) {
	case commands.Created:
		return nowFigures(o.Figures)
	case commands.Updated:
		return nowFigures(o.Figures)
	case commands.Shown:
		var facts []string
		for _, f := range o.Facts(messages.English()) {
			facts = append(facts, string(f.Kind)+": "+f.Value)
		}
		if o.View.Measurement == nil {
			facts = append(facts, "Measuring")
		}
		return strings.Join(facts, "\n")
	case commands.GoalPage:
		var goals []string
		for _, v := range o.Goals {
			goals = append(goals, v.Goal.ID+" "+v.ProgressBar(messages.English()))
		}
		return strings.Join(goals, "\n")
	}
	t.Fatalf("%s: %+v", text, o)
	return ""
}

// nowFigures is a created or edited goal's figures now.
func nowFigures(v *commands.GoalView) string {
	switch {
	case v == nil:
		return "no figures"
	case v.Measuring:
		return "Its figures follow in a moment"
	}
	cur := v.Measurement.CurrentPeriod()
	return fmt.Sprintf("Now %s of %s this period", messages.English().Number(cur.Actual), messages.English().Number(cur.Target))
}

func catalog(t *testing.T, r *rig) {
	t.Helper()
	if err := r.store.UpsertCatalog(r.ctx, []goalbot.Account{{ID: "act-1", Name: "A", Network: "google", Currency: "USD"}},
		[]goalbot.Campaign{{ID: "cmp-1", Name: "one", AccountID: "act-1"}, {ID: "cmp-2", Name: "two", AccountID: "act-1"}}); err != nil {
		t.Fatal(err)
	}
}

// TestChangeShowsAtOnce: a goal created or edited is measured before the reply, so
// the reply, show and list give its figures at once (never "not measured", never
// the old target), with no pass in between; the alerts this measurement fires are a
// pass's, once.
func TestChangeShowsAtOnce(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	catalog(t, r)
	r.metrics("cmp-1", "2026-03-09", 120)
	a, _ := changeApp(r)
	created := say(t, a, `create name:"Spring" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:monthly target:100 notify:started,threshold`)
	if !strings.Contains(created, "Now 120 of 200 this period") {
		t.Fatalf("create reply %s", created)
	}
	for cmd, want := range map[string]string{"show G1": "actual: 120 / 200", "list": "60%"} {
		if got := say(t, a, cmd); !strings.Contains(got, want) || strings.Contains(got, "Measuring") {
			t.Errorf("%s after create: %s, want %q", cmd, got, want)
		}
	}
	edited := say(t, a, "edit G1 target:300")
	if !strings.Contains(edited, "Now 120 of 600 this period") {
		t.Fatalf("edit reply %s", edited)
	}
	if got := say(t, a, "show G1"); !strings.Contains(got, "actual: 120 / 600") || !strings.Contains(got, "20%") {
		t.Errorf("show after edit: %s", got)
	}
	// The measurement at creation fired started and 50 %, as a pass would: the pass
	// after it fires nothing, and delivery posts each once.
	deliverAll(t, []*rig{r}, false)
	if res := r.pass(); len(res.Queued) != 0 {
		t.Errorf("the pass after the changes queued %q", words(res.Queued))
	}
	if got := r.note.received()["U1"]; !slices.Equal(got, []string{"G1 started", "G1 threshold-50"}) {
		t.Errorf("U1 got %q", got)
	}
}

// TestChangeMeasuredLater: when the measurement cannot finish within its budget, the
// reply says the figures follow, show and list never give the figures of the goal
// before the edit, and the engine's next tick measures it.
func TestChangeMeasuredLater(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	catalog(t, r)
	r.metrics("cmp-1", "2026-03-09", 120)
	a, runner := changeApp(r)
	say(t, a, `create name:"Spring" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:monthly target:100`)
	measure := a.Refresh
	a.Refresh = func(ctx context.Context, ids []string) (int, error) { // a store too slow for the budget
		<-ctx.Done()
		return 0, ctx.Err()
	}
	a.MeasureBudget = 20 * time.Millisecond
	if got := say(t, a, "edit G1 target:300"); !strings.Contains(got, "Its figures follow in a moment") {
		t.Fatalf("edit reply %s", got)
	}
	for _, cmd := range []string{"show G1", "list"} {
		got := say(t, a, cmd)
		if strings.Contains(got, "120 / 200") || strings.Contains(got, "60%") || strings.Contains(got, "Not measured") {
			t.Errorf("%s shows the goal before the edit: %s", cmd, got)
		}
	}
	if got := say(t, a, "show G1"); !strings.Contains(got, "Measuring") {
		t.Errorf("show while measuring: %s", got)
	}
	if got := say(t, a, "list"); !strings.Contains(got, "measuring…") {
		t.Errorf("list while measuring: %s", got)
	}
	if err := runner.tick(r.ctx); err != nil { // the campaigns were marked for it
		t.Fatal(err)
	}
	a.Refresh = measure
	if got := say(t, a, "show G1"); !strings.Contains(got, "120 / 600") {
		t.Errorf("show after the tick: %s", got)
	}
}

// TestShowOfOutdatedFigures: a stored measurement of an earlier version of its goal
// (a pass that read the goal before an edit saved after it) is never shown as the
// goal's: show measures the goal first.
func TestShowOfOutdatedFigures(t *testing.T) {
	r := miniRig(t, at("2026-03-10T12:00:00Z"))
	g := r.goal(nil)
	r.metrics("cmp-1", "2026-03-09", 120)
	r.pass()
	r.edit(g.ID, func(g *goalbot.Goal) { t := goalbot.Units(300); g.Target = &t }) // no measurement
	a, _ := changeApp(r)
	if got := say(t, a, "show "+g.ID); !strings.Contains(got, "120 / 600") {
		t.Errorf("show of an edited goal: %s", got)
	}
	r.edit(g.ID, func(g *goalbot.Goal) { t := goalbot.Units(400); g.Target = &t })
	a.Refresh = nil // no engine to measure it
	got := say(t, a, "show "+g.ID)
	if strings.Contains(got, "120 / 600") || !strings.Contains(got, "Measuring") {
		t.Errorf("show of an edited goal that cannot be measured: %s", got)
	}
}
