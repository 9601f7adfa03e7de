package commands

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/store"
	"github.com/redis/go-redis/v9"
)

// fakeChannels says who is in which channel.
type fakeChannels struct {
	members map[string][]string
	private map[string]bool
}

func (f fakeChannels) IsMember(_ context.Context, ch, user string) (bool, error) {
	for _, m := range f.members[ch] {
		if m == user {
			return true, nil
		}
	}
	return false, nil
}

func (f fakeChannels) IsPrivate(_ context.Context, ch string) (bool, error) {
	return f.private[ch], nil
}

// newTestApp is an App on a fresh store on miniredis with a catalog of cmp-1 and cmp-2.
func newTestApp(t *testing.T) *App {
	t.Helper()
	m := miniredis.RunT(t)
	s := store.NewRedis(redis.NewClient(&redis.Options{Addr: m.Addr(), DisableIdentity: true}), "t")
	ctx := context.Background()
	if err := s.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertCatalog(ctx, []goalbot.Account{{ID: "act-1", Name: "Acme", Network: "google", Currency: "USD"}},
		[]goalbot.Campaign{{ID: "cmp-1", Name: "Spring", AccountID: "act-1"}, {ID: "cmp-2", Name: "Summer", AccountID: "act-1"}}); err != nil {
		t.Fatal(err)
	}
	return &App{Store: s, Clock: goalbot.NewFrozenClock(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)), Settings: goalbot.DefaultSettings,
		Admins: []string{"UADMIN"}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Channels: fakeChannels{members: map[string][]string{"C1": {"U1"}, "G9": {"U1"}}, private: map[string]bool{"G9": true}}}
}

// run executes text as user and returns the reply's JSON blocks and text.
func run(t *testing.T, a *App, user, text string) (Reply, string) {
	t.Helper()
	r, err := a.Execute(context.Background(), Actor{UserID: user}, "C1", text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Blocks); err != nil {
		t.Fatal(err)
	}
	b := buf.String()
	if len(r.Blocks) > 50 {
		t.Fatalf("%s: %d blocks", text, len(r.Blocks))
	}
	return r, b
}

const createText = `create name:"Spring leads" goal_type:network_conversions campaigns:cmp-1,cmp-2 duration:monthly target:100`

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
	r, _ := a.Click(context.Background(), Actor{UserID: "U2"}, ActionDeleteConfirm, "G1")
	if !strings.Contains(r.Text, "only the creator") {
		t.Fatalf("forged click: %q", r.Text)
	}
	r, _ = a.Click(context.Background(), Actor{UserID: "UADMIN"}, ActionDeleteConfirm, "G1")
	if !strings.Contains(r.Text, "Deleted G1") || !r.Replace {
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
	if n, _, _ := a.Store.ListGoals(context.Background(), goalbot.Filter{}, a.now(), "", 10); len(n) != 0 {
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
	if strings.Count(js, `"action_id":"goal_show"`) != ListPage || !strings.Contains(js, `"action_id":"goal_list_more"`) {
		t.Fatalf("first page: %s", js)
	}
	more := moreValue(r)
	r2, err := a.Click(context.Background(), Actor{UserID: "U1"}, ActionListMore, more)
	if err != nil || !r2.Replace || !strings.Contains(PlainText(r2.Blocks), "G16") {
		t.Fatalf("second page: %v %s", err, PlainText(r2.Blocks))
	}
}

func moreValue(r Reply) string {
	b, _ := json.Marshal(r.Blocks)
	s := string(b)
	i := strings.Index(s, `"action_id":"goal_list_more"`)
	j := strings.Index(s[i:], `"value":"`) + i + len(`"value":"`)
	return s[j : j+strings.Index(s[j:], `"`)]
}
