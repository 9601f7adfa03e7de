package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/chart"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// chartGoal is G1 of the chart tests: the March conversions goal of createGoal, on ten
// days of metrics up to the frozen clock's 2026-03-10.
func chartGoal(in *instance) string {
	in.t.Helper()
	for d := 1; d <= 10; d++ {
		in.ingest(fmt.Sprintf("2026-03-%02d", d), 3+d%4)
	}
	return in.createGoal("Spring <!channel> leads")
}

// waitChart waits for a file in channel for which pred holds (nil: any) and checks
// that it is the chart of goal: a PNG of the chart's size, named and titled after it.
func (e *e2e) waitChart(channel, goal string, pred func(slacktest.File) bool) slacktest.File {
	e.t.Helper()
	f, err := e.fake.WaitFile(ctxFor(e.t, 15*time.Second), channel, pred)
	if err != nil {
		e.t.Fatalf("no chart in %s: %v; files: %+v", channel, err, e.fake.Files(""))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil || cfg.Width != chart.Width || cfg.Height != chart.Height {
		e.t.Errorf("the file in %s is not a %d×%d PNG: %v, %+v", channel, chart.Width, chart.Height, err, cfg)
	}
	if f.Name != "goalbot-"+goal+"-2026-03-10.png" && !strings.HasPrefix(f.Name, "goalbot-"+goal+"-") || !strings.HasPrefix(f.Title, goal+" · ") {
		e.t.Errorf("file %q titled %q, want the chart of %s", f.Name, f.Title, goal)
	}
	return f
}

// TestE2EChartCommand: `/goal chart G1` posts the goal's chart to the asker's direct
// messages with goalbot through Slack's upload (files.getUploadURLExternal, the
// upload, files.completeUploadExternal), drawn in the asker's language;
// `/goal chart G1 #channel` posts it to a channel the asker is in (goalbot joins a
// public one it is not in), is refused for a channel the asker is not in, and tells
// to invite goalbot to a private channel it is not in; an app without files:write
// says to reinstall it.
func TestE2EChartCommand(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetUser(slacktest.User{ID: "U3", Name: "cy", Locale: "sv-SE"})
	in := e.start()
	g := chartGoal(in)

	reply := e.slash("U1", "C2", "chart "+g)
	dm := e.fake.DMChannel("U1")
	f := e.waitChart(dm, g, nil)
	expectIn(t, "chart to the DM", reply, "The chart of "+g+" is in your direct messages with goalbot")
	if f.Title != g+" · Spring <!channel> leads" || !strings.HasPrefix(f.AltText, "Chart of "+g) || f.ThreadTS != "" {
		t.Errorf("file %+v", f)
	}
	for _, method := range []string{"files.getUploadURLExternal", "files.completeUploadExternal"} {
		if calls := e.fake.Calls(method); len(calls) != 1 || !calls[0].OK() {
			t.Errorf("%s calls: %+v, want one that succeeded", method, calls)
		}
	}

	// To C1, which goalbot is not in: it joins, then shares.
	reply = e.slash("U1", "C2", "chart "+g+" <#C1|marketing>")
	e.waitChart("C1", g, nil)
	expectIn(t, "chart to C1", reply, "Posted the chart of "+g+" to <#C1>")
	if joins := e.fake.Calls("conversations.join"); len(joins) != 1 || joins[0].Param("channel") != "C1" {
		t.Errorf("joins %+v, want one of C1", joins)
	}

	// To the private G3: U1 is not in it; U2 is, but goalbot is not and cannot join.
	expectIn(t, "U1's chart to G3", e.slash("U1", "C2", "chart "+g+" <#G3|secret>"), "only members of &lt;#G3&gt;", "can post a chart there")
	expectIn(t, "U2's chart to G3", e.slash("U2", "C1", "chart "+g+" <#G3|secret>"), "invite it first with `/invite @goalbot`")
	if files := e.fake.Files("G3"); len(files) != 0 {
		t.Errorf("files in G3: %+v", files)
	}

	// An app installed before charts, without files:write: the asker is told to
	// reinstall it.
	e.fake.FailNext("files.getUploadURLExternal", 1, slacktest.SlackError("missing_scope"))
	expectIn(t, "without files:write", e.slash("U2", "C1", "chart "+g), "lacks the files:write scope", "reinstall it (docs/slack-app.md)")

	// A Swedish user gets it in Swedish.
	reply = e.slash("U3", "C1", "chart "+g)
	f = e.waitChart(e.fake.DMChannel("U3"), g, nil)
	if !strings.HasPrefix(f.AltText, "Diagram för "+g) || !strings.Contains(f.AltText, "mars 2026") {
		t.Errorf("the Swedish user's chart says %q", f.AltText)
	}
	expectIn(t, "the Swedish user's reply", reply, "Diagrammet för "+g+" finns i dina direktmeddelanden")
	expectIn(t, "the Swedish user's refusal", e.slash("U3", "C1", "chart "+g+" <#C2|growth>"), "bara medlemmar i &lt;#C2&gt;")
	expectIn(t, "a Swedish refusal of the words", e.slash("U3", "C1", "chart "+g+" #growth"), "`/goal diagram` tar ett mål-id")
}

// TestE2EBudgetChart: `/goal chart` of a budget posts its chart, the spend so far
// against the budget in money, through the fake Slack's upload, and its `show` has
// the Chart button.
func TestE2EBudgetChart(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	for d := 1; d <= 10; d++ {
		in.ingest(fmt.Sprintf("2026-03-%02d", d), 1) // $10 a day
	}
	body, _ := json.Marshal(map[string]any{"name": "Paid <!channel> search", "goal_type": "ad_spend", "ad_campaigns": []string{"cmp-1"},
		"duration": "monthly", "start_date": "2026-03-01", "end_date": "2026-03-31", "target": 1000, "creator": "U1"})
	var g struct{ ID string }
	if err := json.Unmarshal(in.mustDo("POST", "/v1/goals", e2eAPIToken, string(body), http.StatusCreated), &g); err != nil {
		t.Fatal(err)
	}

	reply := e.slash("U1", "C1", "chart "+g.ID)
	f := e.waitChart(e.fake.DMChannel("U1"), g.ID, nil)
	expectIn(t, "a budget's chart", reply, "The chart of "+g.ID+" is in your direct messages with goalbot")
	if want := "March 2026 · spent $100.00 of $1,000.00 (10%) · projected $310.00"; !strings.Contains(f.AltText, want) {
		t.Errorf("the budget's chart says %q, want %q", f.AltText, want)
	}
	if calls := e.fake.Calls("files.completeUploadExternal"); len(calls) != 1 || !calls[0].OK() {
		t.Errorf("files.completeUploadExternal calls: %+v, want one that succeeded", calls)
	}
	expectIn(t, "the budget's show", e.slash("U2", "C1", "show "+g.ID), `"action_id":"`+bot.ActionChart+`","value":"`+g.ID+`"`)
}

// TestE2EChartButtons: the Chart button of a `show` reply and of an App Home row posts
// the goal's chart to the one who pressed it, in a direct message.
func TestE2EChartButtons(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	g := chartGoal(in)

	show := e.slash("U2", "C1", "show "+g)
	expectIn(t, "show", show, `"action_id":"`+bot.ActionChart+`","value":"`+g+`"`, "needs", "conversions a day for the 22 days left")
	expectIn(t, "the Chart button", e.click("U2", bot.ActionChart, g), "The chart of "+g+" is in your direct messages")
	e.waitChart(e.fake.DMChannel("U2"), g, nil)

	e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
	home := e.waitHome("U1", 0, `"action_id":"`+bot.ActionChart+`","value":"`+g+`"`, "conversions a day for the 22 days left")
	views := len(e.fake.Views())
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: home.ID, ActionID: bot.ActionChart, Value: g})
	e.waitChart(e.fake.DMChannel("U1"), g, nil)
	time.Sleep(300 * time.Millisecond)
	if n := len(e.fake.Views()); n != views {
		t.Errorf("the Home tab's Chart button opened %d views; the direct message is the answer", n-views)
	}
}

// TestE2EChartsUnderAlerts: a subscription with chart:yes gets the charts of its
// digests and milestone alerts threaded under them (thread_ts of the posted alert);
// one without gets none, and neither does the creator's direct message.
func TestE2EChartsUnderAlerts(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	e.fake.SetChannel(slacktest.Channel{ID: "C5", Name: "plain", Members: []string{"U1"}, BotMember: true})
	in := e.start()
	g := chartGoal(in)
	expectIn(t, "subscribe", e.slash("U1", "C2", "subscribe <#C2|growth> events:milestone,digest chart:yes"), "with charts")
	expectIn(t, "subscribe", e.slash("U1", "C5", "subscribe <#C5|plain> events:milestone,digest"), "Subscribed")

	in.evaluate("2026-03-16T09:30:00Z") // Monday: the weekly digest
	digest := e.waitAlert("C2", "digest")
	f := e.waitChart("C2", g, func(f slacktest.File) bool { return f.ThreadTS == digest.TS })
	if f.Comment != "" {
		t.Errorf("the digest's only chart says %q", f.Comment)
	}

	in.evaluate("2026-04-02T12:00:00Z") // March settled: the milestone
	milestone := e.waitAlert("C2", "milestone")
	f = e.waitChart("C2", g, func(f slacktest.File) bool { return f.ThreadTS == milestone.TS })
	if !strings.Contains(f.AltText, "ended at") {
		t.Errorf("the milestone's chart says %q, want the ended goal's", f.AltText)
	}
	e.waitAlert("C5", "milestone")
	e.waitAlert(e.fake.DMChannel("U1"), "milestone")
	time.Sleep(500 * time.Millisecond)
	if n := len(e.fake.Files("C5")) + len(e.fake.Files(e.fake.DMChannel("U1"))); n != 0 {
		t.Errorf("%d charts where nobody asked for them", n)
	}
}

// waitAlert waits for the first goal_alert of event in channel.
func (e *e2e) waitAlert(channel, event string) slacktest.Message {
	e.t.Helper()
	m, err := e.fake.WaitMessage(ctxFor(e.t, 20*time.Second), channel, func(m slacktest.Message) bool {
		return m.Metadata != nil && strings.Contains(string(m.Metadata.EventPayload), `"event":"`+event+`"`)
	})
	if err != nil {
		e.t.Fatalf("no %s alert in %s: %v", event, channel, err)
	}
	return m
}

// TestE2EChartAPI: GET /v1/goals/{id}/chart.png answers the chart as a PNG, in the
// language of Accept-Language, behind the API token; a goal not started is a 400 that
// says when it starts, an unknown one a 404.
func TestE2EChartAPI(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	g := chartGoal(in)
	get := func(path, lang, token string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", in.url+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if lang != "" {
			req.Header.Set("Accept-Language", lang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp, b.Bytes()
	}
	resp, en := get("/v1/goals/"+g+"/chart.png", "", e2eAPIToken)
	cfg, err := png.DecodeConfig(bytes.NewReader(en))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || err != nil || cfg.Width != chart.Width {
		t.Fatalf("chart.png: %d %s, %v", resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	_, again := get("/v1/goals/"+g+"/chart.png", "en-US", e2eAPIToken)
	_, sv := get("/v1/goals/"+g+"/chart.png", "sv-SE,sv;q=0.9", e2eAPIToken)
	if !bytes.Equal(en, again) || bytes.Equal(en, sv) {
		t.Errorf("English twice the same: %v; Swedish the same as English: %v", bytes.Equal(en, again), bytes.Equal(en, sv))
	}
	if resp, _ := get("/v1/goals/"+g+"/chart.png", "", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the token: %d", resp.StatusCode)
	}
	if resp, _ := get("/v1/goals/G404/chart.png", "", e2eAPIToken); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown goal: %d", resp.StatusCode)
	}
	later := decodeGoal(t, in.postGoal(map[string]any{"name": "Later", "duration": "custom", "start_date": "2026-06-01", "end_date": "2026-06-30"}))
	resp, body := get("/v1/goals/"+later.ID+"/chart.png", "", e2eAPIToken)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "starts on 2026-06-01") {
		t.Errorf("a goal not started: %d %s", resp.StatusCode, body)
	}
}

// TestConsoleChart: the console's `chart G1` writes the chart's PNG to its chart
// directory and prints the file's path; show prints what reaching the target takes.
func TestConsoleChart(t *testing.T) {
	dir := t.TempDir()
	out := runConsole(t, "chart G1\nshow G1\nchart G99\n", "--demo", "--charts", dir)
	path := filepath.Join(dir, "goalbot-G1-2026-03-10.png")
	if !strings.Contains(out, "The chart of G1 is in "+path) {
		t.Fatalf("console output lacks the chart's path %s:\n%s", path, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != chart.Width || cfg.Height != chart.Height {
		t.Errorf("%s is not the chart: %v %+v", path, err, cfg)
	}
	for _, want := range []string{"a day for the", "goal G99 not found"} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}

// TestE2EAtRiskSaysWhatItTakes: an at_risk alert says where the period is heading and
// what reaching the target takes, from the goal's days as they are when it is posted.
func TestE2EAtRiskSaysWhatItTakes(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	for d := 1; d <= 10; d++ {
		in.ingest(fmt.Sprintf("2026-03-%02d", d), 1) // 10 of 100 after 10 days: at risk
	}
	expectIn(t, "subscribe", e.slash("U1", "C2", "subscribe <#C2|growth> events:at_risk"), "Subscribed")
	g := in.createGoal("Spring leads") // measured at once: at risk
	m := e.waitAlert("C2", "at_risk")
	text := m.Text + string(m.Blocks)
	for _, want := range []string{g, "at risk (pace 0.31): projected 28.69 (23.84–33.53)", "needs 4.1 conversions a day for the 22 days left", "the last 7 days averaged 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the at_risk alert lacks %q:\n%s", want, text)
		}
	}
}

// TestE2EBudgetAlertsWithCharts: a budget's milestone, to a subscription with
// chart:yes, carries the budget's chart threaded under it (the goal as it stands, like
// every goal's); its underspend alert (an outlook, not a milestone) carries none.
func TestE2EBudgetAlertsWithCharts(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	expectIn(t, "subscribe", e.slash("U1", "C2", "subscribe <#C2|growth> events:milestone,underspend chart:yes"), "with charts")
	for d := 1; d <= 10; d++ {
		in.ingest(fmt.Sprintf("2026-03-%02d", d), 1) // $10 a day
	}
	body, _ := json.Marshal(map[string]any{"name": "Paid search", "goal_type": "ad_spend", "ad_campaigns": []string{"cmp-1"},
		"duration": "monthly", "start_date": "2026-03-01", "end_date": "2026-04-30", "target": 1000, "creator": "U1"})
	var g struct{ ID string }
	if err := json.Unmarshal(in.mustDo("POST", "/v1/goals", e2eAPIToken, string(body), http.StatusCreated), &g); err != nil {
		t.Fatal(err)
	}

	in.evaluate("2026-03-11T12:00:00Z") // $100 in ten days of 31: underspend
	under := e.waitAlert("C2", "underspend")
	in.evaluate("2026-04-02T12:00:00Z") // March settled: the milestone
	milestone := e.waitAlert("C2", "milestone")
	f := e.waitChart("C2", g.ID, func(f slacktest.File) bool { return f.ThreadTS == milestone.TS })
	if !strings.Contains(f.AltText, "Paid search: April 2026 · spent $0.00 of $1,000.00") {
		t.Errorf("the milestone's chart says %q, want the budget as it stands (April begun, March among the past periods)", f.AltText)
	}
	time.Sleep(500 * time.Millisecond)
	for _, f := range e.fake.Files("C2") {
		if f.ThreadTS == under.TS {
			t.Errorf("a chart under the underspend alert: %q", f.AltText)
		}
	}
}
