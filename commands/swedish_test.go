package commands_test

import (
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// ana types in Swedish.
var ana = commands.Actor{UserID: "UANA", Lang: "sv-SE"}

// TestSwedishCommands: a Swedish user creates, edits and lists goals with Swedish
// verbs, values and numbers; the same words from an English user are refused.
func TestSwedishCommands(t *testing.T) {
	a := newApp(t)
	o, err := a.Execute(ctx, ana, "", `skapa name:"Vårens leads" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:kvartalsvis target:100,5 target.cmp-2:10;20,5;30;1 000`)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := o.(commands.Created)
	if !ok {
		t.Fatalf("skapa: %#v", o)
	}
	g := c.Goal
	if g.Duration != goalbot.Quarterly || *g.Targets.Target != 100_500_000 || g.Targets.PerCampaign["cmp-2"].String() != "10,20.5,30,1000" {
		t.Fatalf("created %s %+v", g.Duration, g.Targets)
	}
	o, _ = a.Execute(ctx, ana, "", "ändra "+g.ID+" target:1 200,25")
	if u, ok := o.(commands.Updated); !ok || u.Goal.Targets.For("cmp-1", 3) != 1_200_250_000 {
		t.Fatalf("ändra: %#v", o)
	}
	o, _ = a.Execute(ctx, ana, "", "lista duration:kvartalsvis status:pågående")
	if p, ok := o.(commands.GoalPage); !ok || len(p.Goals) != 1 {
		t.Fatalf("lista: %#v", o)
	}
	o, _ = a.Execute(ctx, commands.Actor{UserID: "UANA"}, "", "lista duration:kvartalsvis")
	if r, ok := o.(commands.Refusal); !ok || r.Code != goalbot.EINVALID {
		t.Fatalf("English lista: %#v", o)
	}
}

// TestSwedishEditForm: the edit form shows a Swedish user the targets in their
// style, and reads back what they type in it.
func TestSwedishEditForm(t *testing.T) {
	a := newApp(t)
	o, err := a.Execute(ctx, ana, "", `skapa name:"Q" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:kvartalsvis target:100,5 target.cmp-2:10;20,5;30;40`)
	if err != nil {
		t.Fatal(err)
	}
	id := o.(commands.Created).Goal.ID
	form, err := a.OpenEdit(ctx, ana, id)
	if err != nil {
		t.Fatal(err)
	}
	v := form.Values()
	if v[commands.FieldTarget] != "100,5" || v["target_cmp-2"] != "10;20,5;30;40" {
		t.Fatalf("values %v", v)
	}
	res, err := a.SubmitEdit(ctx, ana, form.Meta().Encode(), commands.Form{
		commands.FieldName: {Value: "Q"}, commands.FieldTarget: {Value: "1 000,5"}, "target_cmp-2": {Value: v["target_cmp-2"]},
	})
	if err != nil || res.Updated == nil {
		t.Fatalf("submit: %+v, %v", res, err)
	}
	if got := res.Updated.Goal.Targets.For("cmp-1", 3); got != 1_000_500_000 {
		t.Fatalf("target %s", got)
	}
	english, _ := a.OpenEdit(ctx, commands.Actor{UserID: "UANA"}, id)
	if english.Values()["target_cmp-2"] != "10,20.5,30,40" {
		t.Fatalf("English values %v", english.Values())
	}
}

// TestSwedishFilterForm: the filter form reads a Swedish user's progress bounds.
func TestSwedishFilterForm(t *testing.T) {
	form := commands.Form{commands.FieldProgressMin: {Value: "12,5"}, commands.FieldProgressMax: {Value: "87,5 %"}}
	f, errs := commands.DecodeFilter(form, ana)
	if len(errs) > 0 || *f.ProgressMin != 12.5 || *f.ProgressMax != 87.5 {
		t.Fatalf("filter %+v, %v", f, errs)
	}
	if _, errs := commands.DecodeFilter(form, commands.Actor{}); len(errs) == 0 {
		t.Fatal("an English user's 12,5 was read")
	}
}

// TestSwedishWizard: the create wizard reads a Swedish user's targets.
func TestSwedishWizard(t *testing.T) {
	a := newApp(t)
	step, err := a.StartCreate(ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	forms := []commands.Form{
		{commands.FieldGoalType: {Value: "network_conversions"}, commands.FieldName: {Value: "Vårens leads"}},
		{commands.FieldCampaigns: {Selected: []string{"cmp-1"}}, commands.FieldDuration: {Value: "yearly"}},
		{commands.FieldTarget: {Value: "1 000,5"}},
		{commands.FieldNotifications: {Selected: []string{"started"}}},
	}
	meta := step.Meta
	var res commands.CreateResult
	for i, f := range forms {
		res, err = a.SubmitCreate(ctx, ana, meta.Encode(), f)
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("step %d: %+v, %v", i+1, res.Errors, err)
		}
		if res.Next != nil {
			meta = res.Next.Meta
		}
	}
	if res.Created == nil || *res.Created.Goal.Targets.Target != 1_000_500_000 {
		t.Fatalf("created %+v", res.Created)
	}
}
