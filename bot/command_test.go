package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// The answers to typed /goal commands, as Slack users read them.

func TestExecuteCreateListShowEditDelete(t *testing.T) {
	a := newTestApp(t)
	_, js := run(t, a, "U1", createText)
	if !strings.Contains(js, "Created *G1*") || !strings.Contains(js, "first period's target 200") {
		t.Fatalf("create reply %s", js)
	}
	_, js = run(t, a, "U2", "list")
	for _, want := range []string{"*G1* · Spring leads", "measuring…", `"action_id":"goal_show","value":"G1"`, `"action_id":"goal_delete","value":"G1"`} {
		if !strings.Contains(js, want) {
			t.Errorf("list reply lacks %s: %s", want, js)
		}
	}
	_, js = run(t, a, "U2", "list status:missed")
	if !strings.Contains(js, "No goals match") {
		t.Errorf("filtered list %s", js)
	}
	_, js = run(t, a, "U2", "show G1")
	if !strings.Contains(js, "Measuring: its figures follow in a moment") || !strings.Contains(js, "2026-01-01 – 2026-12-31 (monthly)") {
		t.Errorf("show reply %s", js)
	}
	// Only the creator (or an admin) edits and deletes.
	_, js = run(t, a, "U2", "edit G1 target:150")
	if !strings.Contains(js, "only the creator of G1") {
		t.Errorf("edit by another user: %s", js)
	}
	_, js = run(t, a, "U1", `edit G1 target:150 name:"Spring MQLs"`)
	if !strings.Contains(js, "Updated *G1* · Spring MQLs") {
		t.Errorf("edit reply %s", js)
	}
	_, js = run(t, a, "U1", "delete G1")
	if !strings.Contains(js, `"action_id":"goal_delete_confirm"`) || !strings.Contains(js, `"confirm":`) {
		t.Fatalf("delete reply %s", js)
	}
	if _, err := a.Store.Goal(context.Background(), "G1"); err != nil {
		t.Fatal("the goal was deleted before the confirmation")
	}
	// A forged confirmation by another user is refused; the creator's deletes.
	r := clickMessage(t, a, "U2", ActionDeleteConfirm, "G1")
	if !strings.Contains(r.Text, "only the creator") {
		t.Fatalf("forged click: %q", r.Text)
	}
	r = clickMessage(t, a, "UADMIN", ActionDeleteConfirm, "G1")
	if !strings.Contains(r.Text, "Deleted G1") || !r.ReplaceOriginal {
		t.Fatalf("admin confirm: %+v", r)
	}
	if _, err := a.Store.Goal(context.Background(), "G1"); goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		t.Fatal("the goal survived its confirmed deletion")
	}
}

func TestExecuteBadInput(t *testing.T) {
	a := newTestApp(t)
	cases := map[string]string{
		"frobnicate":                     "not a /goal command",
		"create name:x goal_type:clicks": "goal_type",
		"create name:x campaigns:nope goal_type:first_form_submissions duration:monthly target:1": "unknown campaign nope",
		"show 12":           "look like G12",
		"show G99":          "G99",
		"list colour:red":   "unknown filter",
		"subscribe #alerts": "pick the channel from Slack's autocomplete",
		"edit G1":           "G1",
		"delete":            "name the goals to delete",
	}
	for text, says := range cases {
		r, js := run(t, a, "U1", text)
		if !strings.Contains(js+r.Text, says) {
			t.Errorf("%q: reply %s lacks %q", text, js, says)
		}
	}
	if n, _, _ := a.Store.ListGoals(context.Background(), goalbot.Filter{}, a.Now(), "", 10); len(n) != 0 {
		t.Fatal("bad input created a goal")
	}
}

func TestExecuteEscapes(t *testing.T) {
	a := newTestApp(t)
	run(t, a, "U1", strings.Replace(createText, `"Spring leads"`, `"<!channel> & <@U2>"`, 1))
	for _, text := range []string{"list", "show G1", `edit G1 team:x`} {
		r, js := run(t, a, "U1", text)
		if strings.Contains(r.Text, "<!channel>") {
			t.Errorf("%s: the fallback text holds the raw name: %q", text, r.Text)
		}
		if text == "edit G1 team:x" {
			continue
		}
		if strings.Contains(js, "<!channel>") || strings.Contains(js, "<@U2>") || !strings.Contains(js, "&lt;!channel&gt; &amp; &lt;@U2&gt;") {
			t.Errorf("%s does not escape the name: %s", text, js)
		}
	}
}

func TestExecuteSubscriptions(t *testing.T) {
	a := newTestApp(t)
	_, js := run(t, a, "U2", "subscribe <#C1|alerts> team:growth")
	if !strings.Contains(js, "only members of") {
		t.Fatalf("non-member subscribed: %s", js)
	}
	_, js = run(t, a, "U1", "subscribe <#C1|alerts> team:growth events:started,digest")
	if !strings.Contains(js, "*S1* <#C1>: `team:growth` → started, digest") {
		t.Fatalf("subscribe reply %s", js)
	}
	_, js = run(t, a, "U2", "subscriptions <#C1|alerts>")
	if !strings.Contains(js, "*S1*") {
		t.Fatalf("public channel's subscriptions: %s", js)
	}
	run(t, a, "U1", "subscribe <#G9|secret>")
	if _, js = run(t, a, "U2", "subscriptions <#G9|secret>"); !strings.Contains(js, "is private") {
		t.Fatalf("a private channel's subscriptions shown to a non-member: %s", js)
	}
	if _, js = run(t, a, "U2", "subscriptions"); strings.Contains(js, "G9") {
		t.Fatalf("the full list shows a private channel to a non-member: %s", js)
	}
	if _, js = run(t, a, "U1", "unsubscribe <#C1|alerts> S7"); !strings.Contains(js, "has no subscription S7") {
		t.Fatalf("unknown id: %s", js)
	}
	if _, js = run(t, a, "U1", "unsubscribe <#C1|alerts> S1\u200b"); !strings.Contains(js, "invisible character (U+200B)") {
		t.Fatalf("a subscription id with a zero-width space: %s", js)
	}
	if _, js = run(t, a, "U1", "list campaign:cmp\u200e-1"); !strings.Contains(js, "invisible character (U+200E)") {
		t.Fatalf("a filter with a direction mark: %s", js)
	}
	if _, js = run(t, a, "U1", "unsubscribe <#C1|alerts>"); !strings.Contains(js, "Removed S1") {
		t.Fatalf("unsubscribe: %s", js)
	}
}

func TestExecuteRefreshAndHelp(t *testing.T) {
	a := newTestApp(t)
	var asked []string
	a.Refresh = func(_ context.Context, ids []string) (int, error) { asked = ids; return len(ids), nil }
	run(t, a, "U1", createText)
	if _, js := run(t, a, "U1", "refresh G1"); !strings.Contains(js, "Measured G1 now") || len(asked) != 1 {
		t.Fatalf("refresh: %s %v", js, asked)
	}
	_, js := run(t, a, "U1", "")
	if !strings.Contains(js, "is a goal target of *200*") {
		t.Fatalf("help lacks the target example: %s", js)
	}
	_, js = run(t, a, "U1", "create")
	if !strings.Contains(js, "`target:100` on two campaigns is a goal target of 200") {
		t.Fatalf("create syntax: %s", js)
	}
}

func TestListPagesWithinLimits(t *testing.T) {
	a := newTestApp(t)
	for i := 0; i < 40; i++ {
		run(t, a, "U1", createText)
	}
	r, js := run(t, a, "U1", "list")
	if strings.Count(js, `"action_id":"goal_show"`) != commands.ListPage || !strings.Contains(js, `"action_id":"goal_list_more"`) {
		t.Fatalf("first page: %s", js)
	}
	r2 := clickMessage(t, a, "U1", ActionListMore, buttonValue(r, ActionListMore))
	if js2 := blocksJSON(t, r2); !r2.ReplaceOriginal || !strings.Contains(js2, "*G16*") || strings.Contains(js2, "*G15*") {
		t.Fatalf("second page: %s", js2)
	}
}

// buttonValue is the value of the first button of m with actionID.
func buttonValue(m Message, actionID string) string {
	for _, b := range m.Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, e := range ab.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok && btn.ActionID == actionID {
					return btn.Value
				}
			}
		}
	}
	return ""
}

// TestCommandTextCapped: a /goal text of MaxCommandText characters is read; one
// character more is refused, saying the limit and what to do instead; and a text of
// 5,000 problems (a user filter of 5,000 names) is answered with every problem once,
// within a message.
func TestCommandTextCapped(t *testing.T) {
	a := newTestApp(t)
	r, js := run(t, a, "U1", "help"+strings.Repeat(" ", commands.MaxCommandText-4))
	if strings.Contains(r.Text, "at most") || !strings.Contains(js, "/goal create") {
		t.Errorf("help of %d characters = %q", commands.MaxCommandText, r.Text)
	}
	r, _ = run(t, a, "U1", "help"+strings.Repeat("å", commands.MaxCommandText-3))
	if !strings.Contains(r.Text, fmt.Sprintf("this command has %d characters: /goal reads at most %d", commands.MaxCommandText+1, commands.MaxCommandText)) {
		t.Errorf("a text one character over = %q", r.Text)
	}
	var names []string
	for i := range 5000 {
		names = append(names, fmt.Sprintf("@n%d", i))
	}
	r, _ = run(t, a, "U1", "list user:"+strings.Join(names, ","))
	if !strings.Contains(r.Text, "Please fix 5,000 problems") {
		t.Errorf("5,000 bad users = %.200q", r.Text)
	}
	checkSlackLimits(t, r.Blocks)
}
