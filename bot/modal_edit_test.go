package bot

import (
	"context"
	"github.com/goalbot/goalbot/commands"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

func TestEditModalRoundTrip(t *testing.T) {
	a := newTestApp(t)
	run(t, a, "U1", createText+" target.cmp-2:5,6,7,8,9,10,11,12,13,14,15,16 team:growth")
	o, err := a.Execute(context.Background(), commands.Actor{UserID: "U1"}, "C1", "edit G1")
	modal := ModalOf(en, o)
	if err != nil || modal == nil {
		t.Fatalf("edit G1: %+v, %v", o, err)
	}
	checkViewLimits(t, *modal)
	raw := string(roundTrip(t, *modal))
	for _, want := range []string{`"callback_id":"goal_edit"`, `"private_metadata":"{\"id\":\"G1\",\"v\":1}"`,
		`"block_id":"name"`, `"initial_value":"Spring leads"`, `"block_id":"target"`, `"initial_value":"100"`,
		`"block_id":"target_cmp-1","label":{"type":"plain_text","text":"Spring (cmp-1)"`,
		`"initial_value":"5,6,7,8,9,10,11,12,13,14,15,16"`, "12 periods: 2026-01-01–2026-01-31, 2026-02-01–2026-02-28",
		`"type":"checkboxes","action_id":"notifications"`, `"value":"at_risk"`, `"block_id":"team"`, `"initial_value":"growth"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("edit modal lacks %s:\n%s", want, raw)
		}
	}
	if m := MessageOf(en, o); !strings.Contains(m.Text, "Edit G1") {
		t.Errorf("without a form, the message should say how to edit by typing: %q", m.Text)
	}
	o, err = a.Execute(context.Background(), commands.Actor{UserID: "U2"}, "C1", "edit G1")
	if err != nil || ModalOf(en, o) != nil || !strings.Contains(MessageOf(en, o).Text, "only the creator") {
		t.Errorf("another user got %+v, %v", o, err)
	}
}

func TestEditModalCostPerContactOnlyStarted(t *testing.T) {
	a := newTestApp(t)
	run(t, a, "U1", `create name:cpc goal_type:cost_per_contact lifecycle_stage:lead campaigns:cmp-1 duration:monthly target:20`)
	v := openEdit(t, a, en, "U1", "G1")
	raw := string(roundTrip(t, v))
	if !strings.Contains(raw, `"value":"started"`) || strings.Contains(raw, `"value":"milestone"`) {
		t.Errorf("cost per contact notifications: %s", raw)
	}
}

// TestEditModalLimits: 50 campaigns over a year of weekly periods stay within Slack's
// limits.
func TestEditModalLimits(t *testing.T) {
	a := newTestApp(t)
	ids := longCampaigns(t, a)
	run(t, a, "U1", "create name:big goal_type:network_conversions duration:weekly target:1 campaigns:"+strings.Join(ids, ","))
	v := openEdit(t, a, en, "U1", "G1")
	checkViewLimits(t, v)
	raw := roundTrip(t, v)
	if len(raw) > 250_000 {
		t.Errorf("view of %d bytes", len(raw))
	}
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if ok && in.Hint != nil && len([]rune(in.Hint.Text)) > 2000 {
			t.Errorf("hint of %d characters", len([]rune(in.Hint.Text)))
		}
	}
}

func TestSubmitEdit(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	run(t, a, "U1", createText)
	meta := func() string {
		return commands.EditMeta{ID: "G1", Version: mustGoal(t, a, "G1").Version}.Encode()
	}
	submit := func(user, meta string, s submitted) (commands.FieldErrors, error) {
		t.Helper()
		res, err := a.SubmitEdit(ctx, commands.Actor{UserID: user}, meta, s.form)
		return res.Errors, err
	}
	unchanged := map[string]string{commands.FieldName: "Spring leads", commands.FieldTarget: "100", "target_cmp-1": "", "target_cmp-2": "", commands.FieldTeam: ""}
	with := func(changes map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range unchanged {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}

	// Bad values come back under their blocks, and nothing changes.
	errs, err := submit("U1", meta(), editState(with(map[string]string{"target_cmp-1": "abc"}), "started"))
	if err != nil || !strings.Contains(englishErrors(errs)["target_cmp-1"], `"abc" is not a number`) {
		t.Errorf("bad target: %v, %v", errs, err)
	}
	errs, err = submit("U1", meta(), editState(with(map[string]string{commands.FieldName: " ", commands.FieldTeam: "Not A Team"}), "started"))
	if err != nil || len(errs[commands.FieldName]) == 0 || len(errs[commands.FieldTeam]) == 0 {
		t.Errorf("bad name and team: %v, %v", errs, err)
	}
	// Someone else may not edit: the refusal shows under name.
	errs, err = submit("U2", meta(), editState(with(map[string]string{commands.FieldName: "Mine"}), "started", "milestone"))
	if err != nil || !strings.Contains(englishErrors(errs)[commands.FieldName], "only the creator of G1") {
		t.Errorf("refusal: %v, %v", errs, err)
	}
	// A good edit saves only what changed.
	old := meta()
	errs, err = submit("U1", old, editState(with(map[string]string{commands.FieldName: "Summer leads", "target_cmp-1": "150", commands.FieldTeam: "growth"}), "started"))
	if err != nil || len(errs) != 0 {
		t.Fatalf("good edit: %v, %v", errs, err)
	}
	g := mustGoal(t, a, "G1")
	if g.Name != "Summer leads" || g.Team != "growth" || g.Targets.For("cmp-1", 11).String() != "150" || g.Targets.For("cmp-2", 11).String() != "100" ||
		len(g.Notifications) != 1 || g.Notifications[0] != goalbot.EventStarted {
		t.Errorf("saved %+v", g)
	}
	// A form opened before that edit is refused, saying why.
	errs, err = submit("U1", old, editState(with(map[string]string{commands.FieldName: "Autumn"}), "started"))
	if err != nil || !strings.Contains(englishErrors(errs)[commands.FieldName], "Someone else changed G1") {
		t.Errorf("stale form: %v, %v", errs, err)
	}
	if mustGoal(t, a, "G1").Name != "Summer leads" {
		t.Error("a stale form overwrote the goal")
	}
	// An unchanged form saves and changes nothing.
	before := mustGoal(t, a, "G1")
	errs, err = submit("U1", meta(), editState(map[string]string{commands.FieldName: "Summer leads", commands.FieldTarget: "100",
		"target_cmp-1": "150", "target_cmp-2": "", commands.FieldTeam: "growth"}, "started"))
	if after := mustGoal(t, a, "G1"); err != nil || len(errs) != 0 || after.Name != before.Name || after.Targets.For("cmp-1", 11) != before.Targets.For("cmp-1", 11) {
		t.Errorf("unchanged form: %v, %v, %+v", errs, err, after)
	}
}
