package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/api"
	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// The largest-input suite drives every Slack and HTTP entry point of goalbot with the
// largest input it accepts, against the fake Slack and a real redis-server: every
// /goal verb at the longest text goalbot reads (commands.MaxCommandText), each modal
// submission at its largest, the catalog pickers, every button with its longest
// value, the Home tab of a user with a hundred goals, POST /v1/metrics at
// GOALBOT_INGEST_MAX_BYTES, POST and PATCH /v1/goals and POST /v1/catalog at
// api.MaxBodyBytes, and GET /v1/goals with the longest filter accepted.
// TestE2ELargestInputs checks the answers; BenchmarkLargestInputs prints each entry
// point's time against its budget (an ack within Slack's 3 s, the work after it
// within bot.HandlerTimeout, an HTTP request within api.HandlerTimeout).

// limitWorld is the suite's goalbot and what its cases share.
type limitWorld struct {
	t     testing.TB
	e     *e2e
	in    *instance
	camps []string // 100 campaigns with ids of goalbot.MaxIDLength characters, in act-1
	goals []string // G2…G101, to delete; G1 is the big goal
}

// ackBudget is how soon Slack wants every envelope acked.
const ackBudget = 3 * time.Second

// limitCase is one entry point at its largest input.
type limitCase struct {
	name   string
	input  string        // what is largest about it
	budget time.Duration // for its answer (its ack is held to ackBudget too)
	// run sends the input and waits for the answer, failing w.t when the answer is
	// wrong; it returns how long the ack (0 over HTTP) and the answer took.
	run func(w *limitWorld) (ack, answer time.Duration)
}

// longID is the id of campaign i, goalbot.MaxIDLength characters long.
func longID(prefix string, i int) string {
	id := fmt.Sprintf("%s-%03d-", prefix, i)
	return id + strings.Repeat("x", goalbot.MaxIDLength-len(id))
}

// newLimitWorld starts goalbot with a catalog of 100 long campaign ids, the big goal
// G1 (50 of them, weekly over 53 weeks, a target for each campaign and week) and
// the 100 goals G2…G101, all measured.
func newLimitWorld(t testing.TB) *limitWorld {
	e := newE2E(t, e2eStore(t))
	w := &limitWorld{t: t, e: e, in: e.start()}
	var camps []goalbot.Campaign
	for i := range 100 {
		w.camps = append(w.camps, longID("cmp", i))
		camps = append(camps, goalbot.Campaign{ID: w.camps[i], Name: fmt.Sprintf("Campaign %d & <more>", i), AccountID: "act-1"})
	}
	acct := []goalbot.Account{{ID: "act-1", Name: "Acme", Network: "google", Currency: "USD"}}
	if err := w.in.m.Store.UpsertCatalog(context.Background(), acct, camps); err != nil {
		t.Fatal(err)
	}
	w.in.mustDo("POST", "/v1/goals", e2eAPIToken, w.bigGoalJSON(strings.Repeat("N", goalbot.MaxNameLength)), http.StatusCreated)
	for i := range 100 {
		body := fmt.Sprintf(`{"name":"Goal %d","goal_type":"network_conversions","ad_campaigns":[%q],"duration":"monthly",`+
			`"start_date":"2026-03-01","end_date":"2026-03-31","target":100,"creator":"U1","notifications":[]}`, i+2, w.camps[0])
		w.in.mustDo("POST", "/v1/goals", e2eAPIToken, body, http.StatusCreated)
		w.goals = append(w.goals, fmt.Sprintf("G%d", i+2))
	}
	w.in.evaluate(e2eNow)
	return w
}

// weeks is the number of periods of the big goal.
const weeks = 53

// weeklyTargets is one target per week, written as a list.
func weeklyTargets(sep string) string {
	ts := make([]string, weeks)
	for i := range ts {
		ts[i] = fmt.Sprint(100 + i)
	}
	return strings.Join(ts, sep)
}

// bigGoalJSON is the body of the largest goal: 50 campaigns, weekly over 53 weeks,
// a target for each campaign and week.
func (w *limitWorld) bigGoalJSON(name string) string {
	targets := map[string]json.RawMessage{}
	for _, c := range w.camps[:goalbot.MaxCampaigns] {
		targets[c] = json.RawMessage("[" + weeklyTargets(",") + "]")
	}
	b, _ := json.Marshal(map[string]any{"name": name, "goal_type": "network_conversions", "ad_campaigns": w.camps[:goalbot.MaxCampaigns],
		"duration": "weekly", "start_date": "2026-01-05", "end_date": "2027-01-10", "targets": targets, "creator": "U1",
		"notifications": []string{"started", "threshold", "milestone"}, "team": strings.Repeat("t", 40)})
	return string(b)
}

// padText pads a /goal text with spaces to commands.MaxCommandText characters.
func padText(t testing.TB, text string) string {
	n := len([]rune(text))
	if n > commands.MaxCommandText {
		t.Fatalf("a text of %d characters, over the limit", n)
	}
	return text + strings.Repeat(" ", commands.MaxCommandText-n)
}

// padBody pads a JSON body with spaces to n bytes.
func padBody(t testing.TB, body string, n int) string {
	if len(body) > n {
		t.Fatalf("a body of %d bytes, over %d", len(body), n)
	}
	return body + strings.Repeat(" ", n-len(body))
}

// wantIn fails t unless got holds every one of wants.
func wantIn(t testing.TB, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: the answer lacks %q:\n%.2000s", what, w, got)
		}
	}
}

// viewIDs are the ids of the views Slack holds now.
func (w *limitWorld) viewIDs() map[string]bool {
	ids := map[string]bool{}
	for _, v := range w.e.fake.Views() {
		ids[v.ID] = true
	}
	return ids
}

// newView waits for a view with callbackID, not among old, whose source holds want
// (the latest version of it).
func (w *limitWorld) newView(old map[string]bool, callbackID, want string) slacktest.View {
	w.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		for _, v := range w.e.fake.Views() {
			if !old[v.ID] && v.CallbackID == callbackID && strings.Contains(compactJSON(v.Source), want) {
				return v
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	w.t.Fatalf("no new %s view with %.100s", callbackID, want)
	return slacktest.View{}
}

// timedAck waits for an envelope's ack and returns how long it took and its payload.
func (w *limitWorld) timedAck(id string) (time.Duration, string) {
	w.t.Helper()
	a, err := w.e.fake.WaitAck(ctxFor(w.t, time.Minute), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return a.At, compactJSON(a.Payload)
}

// replied waits for an envelope's ack and then for the first post to its
// response_url, and returns how long the ack took and the post.
func (w *limitWorld) replied(id string) (time.Duration, slacktest.Response) {
	w.t.Helper()
	ack, _ := w.timedAck(id)
	env, _ := w.e.fake.Envelope(id)
	r, err := w.e.fake.WaitResponse(ctxFor(w.t, time.Minute), env.ResponseURL, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	return ack, r
}

// slashCase is a /goal command whose answer comes through its response_url.
func slashCase(name, input string, text func(w *limitWorld) string, wants ...string) limitCase {
	return limitCase{name: "/goal " + name, input: input, budget: bot.HandlerTimeout, run: func(w *limitWorld) (time.Duration, time.Duration) {
		padded := padText(w.t, text(w))
		start := time.Now()
		ack, r := w.replied(w.e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C2", Text: padded}))
		wantIn(w.t, "/goal "+name, compactJSON(r.Body), wants...)
		return ack, time.Since(start)
	}}
}

// clickCase is a button of a reply whose answer comes through its response_url.
func clickCase(action, input string, value func(w *limitWorld) string, wants ...string) limitCase {
	return limitCase{name: "button " + action, input: input, budget: bot.HandlerTimeout, run: func(w *limitWorld) (time.Duration, time.Duration) {
		v := value(w)
		if n := len([]rune(v)); n > 2000 {
			w.t.Fatalf("a button value of %d characters", n)
		}
		start := time.Now()
		ack, r := w.replied(w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C2", ActionID: action, Value: v}))
		wantIn(w.t, action, compactJSON(r.Body), wants...)
		return ack, time.Since(start)
	}}
}

// viewCase is a click whose answer is a view Slack is asked to open or update.
func viewCase(name, input, method string, send func(w *limitWorld) string, wants ...string) limitCase {
	return limitCase{name: name, input: input, budget: bot.HandlerTimeout, run: func(w *limitWorld) (time.Duration, time.Duration) {
		before := w.settledCalls(method)
		start := time.Now()
		id := send(w)
		ack, _ := w.timedAck(id)
		_, err := w.e.fake.WaitCall(ctxFor(w.t, time.Minute), method, func(slacktest.Call) bool { return len(w.e.fake.Calls(method)) > before })
		took := time.Since(start)
		if err != nil {
			w.t.Fatal(err)
		}
		c := w.e.fake.Calls(method)[before] // the first after before: this click's
		if !c.OK() {
			w.t.Errorf("%s: %s failed: %s", name, method, c.Error)
		}
		wantIn(w.t, name, compactJSON(c.Body), wants...)
		return ack, took
	}}
}

// settledCalls waits until no call of method has come for a while (an earlier
// answer's may be recorded late) and returns how many there are.
func (w *limitWorld) settledCalls(method string) int {
	n := len(w.e.fake.Calls(method))
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		time.Sleep(300 * time.Millisecond)
		m := len(w.e.fake.Calls(method))
		if m == n {
			break
		}
		n = m
	}
	return n
}

// httpCase is an HTTP request.
func httpCase(name, input, method, path, token string, body func(w *limitWorld) string, status int, wants ...string) limitCase {
	shown := method + " " + strings.Replace(path, "?%s", "?campaign=…", 1)
	return limitCase{name: shown, input: input, budget: api.HandlerTimeout, run: func(w *limitWorld) (time.Duration, time.Duration) {
		b := ""
		if body != nil {
			b = body(w)
		}
		p := path
		if strings.Contains(p, "%s") {
			p = fmt.Sprintf(p, w.filterQuery())
		}
		start := time.Now()
		code, got := w.in.do(method, p, token, b)
		took := time.Since(start)
		if code != status {
			w.t.Errorf("%s: %d %.500s, want %d", name, code, got, status)
		}
		wantIn(w.t, name, string(got), wants...)
		return 0, took
	}}
}

// filterOf is a filter of the first n long campaign ids (n×151 characters).
func (w *limitWorld) filterOf(n int) string { return "campaign:" + strings.Join(w.camps[:n], ",") }

// filterQuery is GET /v1/goals's longest filter: every value a filter takes.
func (w *limitWorld) filterQuery() string {
	return "campaign=" + strings.Join(w.camps[:goalbot.MaxFilterValues], ",") + "&limit=500"
}

// moreValue is a More goals button's value: the next page of every goal, under the
// longest filter that fits a button.
var moreValue = regexp.MustCompile(`"action_id":"goal_list_more","value":"([^"|]*)\|`)

// limitCases are the suite's entry points, in the order they run (later ones use
// what earlier ones made).
func limitCases() []limitCase {
	return append([]limitCase{
		// HTTP first: they grow the store the Slack cases then read.
		httpCase("ingest", "GOALBOT_INGEST_MAX_BYTES (8 MiB) of metrics rows", "POST", "/v1/metrics", e2eIngestToken,
			func(w *limitWorld) string { return ingestBody(w.in.m.Config.IngestMaxBytes) }, http.StatusOK, `{"accepted":`),
		httpCase("catalog", "1 MiB: 2,400 campaigns with the longest ids and names", "POST", "/v1/catalog", e2eAPIToken,
			func(w *limitWorld) string { return padBody(w.t, catalogBody(api.MaxBodyBytes-1000), api.MaxBodyBytes) }, http.StatusOK, `"campaigns":2`),
		httpCase("create goal", "1 MiB: 50 campaigns × 53 weekly targets, padded", "POST", "/v1/goals", e2eAPIToken,
			func(w *limitWorld) string { return padBody(w.t, w.bigGoalJSON("Padded"), api.MaxBodyBytes) }, http.StatusCreated, `"name":"Padded"`),
		httpCase("edit goal", "1 MiB: 50 campaigns × 53 weekly targets, padded", "PATCH", "/v1/goals/G1", e2eAPIToken,
			func(w *limitWorld) string {
				targets := map[string]json.RawMessage{}
				for _, c := range w.camps[:goalbot.MaxCampaigns] {
					targets[c] = json.RawMessage("[" + weeklyTargets(",") + "]")
				}
				b, _ := json.Marshal(map[string]any{"name": strings.Repeat("M", goalbot.MaxNameLength), "targets": targets})
				return padBody(w.t, string(b), api.MaxBodyBytes)
			}, http.StatusOK, `"name":"MMMM`),
		httpCase("list goals", "the longest filter: 100 campaign ids of 150 characters, limit 500", "GET", "/v1/goals?%s", e2eAPIToken, nil,
			http.StatusOK, `"id":"G1"`),
		httpCase("get goal", "the largest goal: 50 campaigns × 53 weeks", "GET", "/v1/goals/G1", e2eAPIToken, nil, http.StatusOK, `"periods":[`),

		// Every /goal verb at MaxCommandText characters.
		slashCase("help", "help, padded", func(*limitWorld) string { return "help" }, "/goal create"),
		slashCase("create", "50 campaigns of 150 characters, 53 weekly targets each, padded", func(w *limitWorld) string {
			var b strings.Builder
			fmt.Fprintf(&b, `create name:"%s" goal_type:network_conversions campaigns:%s duration:weekly start:2026-01-05 end:2027-01-10 target:1`,
				strings.Repeat("C", goalbot.MaxNameLength), strings.Join(w.camps[:goalbot.MaxCampaigns], ","))
			for _, c := range w.camps[:goalbot.MaxCampaigns] {
				fmt.Fprintf(&b, " target.%s:%s", c, weeklyTargets(","))
			}
			b.WriteString(" notify:started,threshold,milestone team:" + strings.Repeat("t", 40))
			return b.String()
		}, "Created *G"),
		slashCase("list", "a filter of every value a filter takes (100 campaigns of 150 characters), padded",
			func(w *limitWorld) string { return "list " + w.filterOf(goalbot.MaxFilterValues) }, "Goals matching campaign:", "*G1*"),
		slashCase("show", "the largest goal, padded", func(*limitWorld) string { return "show G1" }, "MMMM"),
		slashCase("edit", "a name and 50 campaigns' 53 weekly targets, padded", func(w *limitWorld) string {
			var b strings.Builder
			b.WriteString(`edit G1 name:"` + strings.Repeat("E", goalbot.MaxNameLength) + `"`)
			for _, c := range w.camps[:goalbot.MaxCampaigns] {
				fmt.Fprintf(&b, " target.%s:%s", c, weeklyTargets(","))
			}
			return b.String()
		}, "Updated *G1*"),
		slashCase("delete", "commands.MaxDelete (100) goals, padded",
			func(w *limitWorld) string { return "delete " + strings.Join(w.goals, " ") }, `"action_id":"goal_delete_confirm"`),
		slashCase("subscribe", "a channel, every value a filter takes and every event, padded", func(w *limitWorld) string {
			return "subscribe <#C2|growth> " + w.filterOf(goalbot.MaxFilterValues) + " events:started,threshold,milestone,at_risk,stale,digest"
		}, "Subscribed"),
		slashCase("subscriptions", "padded", func(*limitWorld) string { return "subscriptions <#C2|growth>" }, "S1"),
		slashCase("unsubscribe", "padded", func(*limitWorld) string { return "unsubscribe <#C2|growth> S1" }, "Removed S1"),
		slashCase("refresh", "every goal, padded", func(*limitWorld) string { return "refresh" }, "Measured every running goal"),
		slashCase("sources", "padded", func(*limitWorld) string { return "sources" }, "*Sources*"),
		slashCase("over the limit", "one character more than commands.MaxCommandText", func(w *limitWorld) string { return "" }, "reads at most 40000"),

		// Buttons, each with its longest value.
		clickCase(bot.ActionShow, "the largest goal", func(*limitWorld) string { return "G1" }, "EEEE"),
		clickCase(bot.ActionDelete, "the largest goal", func(*limitWorld) string { return "G1" }, `"action_id":"goal_delete_confirm"`),
		clickCase(bot.ActionDeleteCancel, "its confirmation", func(*limitWorld) string { return "" }, ""),
		clickCase(bot.ActionListMore, "the next page under a filter of 1,900 characters", func(w *limitWorld) string {
			m := moreValue.FindStringSubmatch(w.e.slash("U1", "C2", "list"))
			if m == nil {
				w.t.Fatal("the list has no More goals button")
			}
			return m[1] + "|" + w.filterOf(12) + " status:pending,in_progress"
		}, "Goals matching campaign:"),
		clickCase(bot.ActionFilterRemove, "a filter of 1,900 characters", func(w *limitWorld) string { return w.filterOf(12) + " status:in_progress" },
			"Goals matching campaign:"),
		viewCase("button "+bot.ActionEdit, "the largest goal's edit modal", "views.open", func(w *limitWorld) string {
			return w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C2", ActionID: bot.ActionEdit, Value: "G1"})
		}, `"callback_id":"goal_edit"`),
		viewCase("button "+bot.ActionFilter, "a filter of 1,900 characters", "views.open", func(w *limitWorld) string {
			return w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C2", ActionID: bot.ActionFilter, Value: w.filterOf(12) + " team:growth"})
		}, `"callback_id":"goal_filter"`),
		viewCase("button "+bot.ActionNewGoal, "the create modal", "views.open", func(w *limitWorld) string {
			return w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C2", ActionID: bot.ActionNewGoal})
		}, `"callback_id":"goal_create"`),
		viewCase("app_home_opened", "the Home tab of the creator of every goal", "views.publish", func(w *limitWorld) string {
			return w.e.fake.Event("app_home_opened", map[string]any{"user": "U1", "channel": "D1", "tab": "home"})
		}, "G1"),
		deleteSelectedCase(),
		clickCase(bot.ActionDeleteConfirm, "commands.MaxDelete (100) goals", func(w *limitWorld) string { return strings.Join(w.goals, " ") },
			"Deleted G2"),

		// Modals: the filter, the edit and the create wizard at their largest.
		filterModalCase(),
		editModalCase(),
		suggestionCase("ad_campaigns", "a query that matches more campaigns than a picker shows", "cmp", `"value":"cmp-000-x`),
		suggestionCase("ad_accounts", "a query of 150 characters", strings.Repeat("a", 150), `"options":[]`),
		filterClearCase(),
	}, createWizardCases()...)
}

// ingestBody is a JSON array of metrics rows of n bytes at most (within 1 KiB).
func ingestBody(n int64) string {
	var b strings.Builder
	b.WriteString("[")
	day := goalbot.Date{Year: 2026, Month: 3, Day: 10}
	for i := 0; ; i++ {
		row := fmt.Sprintf(`{"date":%q,"network":"google","account_id":"act-1","account_name":"Acme","campaign_id":"ing-%04d",`+
			`"campaign_name":"Ingested campaign %d","currency":"USD","spend":12.5,"conversions":3,"contacts":{"lead":2},"first_form_submissions":1}`,
			day.AddDays(-(i / 400)).String(), i%400, i%400)
		if int64(b.Len()+len(row)+2) > n-1024 {
			break
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(row)
	}
	b.WriteString("]")
	return b.String()
}

// catalogBody is a POST /v1/catalog body of campaigns with the longest ids and names,
// of n bytes at most.
func catalogBody(n int) string {
	var camps []string
	size := 100
	for i := 0; ; i++ {
		c := fmt.Sprintf(`{"id":%q,"name":%q,"account_id":"act-1"}`, longID("cat", i), strings.Repeat("n", goalbot.MaxCatalogNameLength))
		if size+len(c)+1 > n {
			break
		}
		size += len(c) + 1
		camps = append(camps, c)
	}
	return `{"accounts":[{"id":"act-1","name":"Acme","network":"google","currency":"USD"}],"campaigns":[` + strings.Join(camps, ",") + `]}`
}

// deleteSelectedCase ticks every row of a list message and presses Delete selected.
func deleteSelectedCase() limitCase {
	return limitCase{name: "button " + bot.ActionDeleteSelected, input: "every row of a list page ticked", budget: bot.HandlerTimeout,
		run: func(w *limitWorld) (time.Duration, time.Duration) {
			values := map[string]map[string]slacktest.StateValue{}
			for i := range commands.ListPage {
				values[fmt.Sprintf("row%d", i)] = map[string]slacktest.StateValue{bot.ActionSelect: slacktest.Checkboxes(fmt.Sprintf("G%d", i+1))}
			}
			start := time.Now()
			ack, r := w.replied(w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C2", ActionID: bot.ActionDeleteSelected, Values: values}))
			wantIn(w.t, "delete selected", compactJSON(r.Body), `"action_id":"goal_delete_confirm"`)
			return ack, time.Since(start)
		}}
}

// filterModalCase opens the filter modal from a list and submits it with every value
// a filter takes: the ack closes it, then the list message is replaced.
func filterModalCase() limitCase {
	return limitCase{name: "submit goal_filter", input: "every value a filter takes (100 campaigns of 150 characters)", budget: bot.HandlerTimeout,
		run: func(w *limitWorld) (time.Duration, time.Duration) {
			old := w.viewIDs()
			click := w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C2", ActionID: bot.ActionFilter, Value: w.filterOf(3)})
			env, _ := w.e.fake.Envelope(click)
			v := w.newView(old, bot.CallbackFilter, w.camps[2])
			start := time.Now()
			id := w.e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: v.ID, Values: map[string]map[string]slacktest.StateValue{
				commands.FieldCampaigns: {commands.FieldCampaigns: slacktest.MultiExternalSelect(w.camps[:goalbot.MaxFilterValues]...)},
			}})
			ack, payload := w.timedAck(id)
			if payload != "" && payload != "null" {
				w.t.Errorf("the filter submission was answered %s, want the modal closed", payload)
			}
			r, err := w.e.fake.WaitResponse(ctxFor(w.t, time.Minute), env.ResponseURL, func(r slacktest.Response) bool { return r.ReplaceOriginal })
			took := time.Since(start)
			if err != nil {
				w.t.Fatal(err)
			}
			wantIn(w.t, "filtered list", compactJSON(r.Body), "Goals matching campaign:")
			return ack, took
		}}
}

// editModalCase opens the edit modal of the big goal and submits a name and every
// campaign's 53 weekly targets; the answer is the ack.
func editModalCase() limitCase {
	return limitCase{name: "submit goal_edit", input: "a name and 50 campaigns' 53 weekly targets", budget: ackBudget,
		run: func(w *limitWorld) (time.Duration, time.Duration) {
			old := w.viewIDs()
			w.e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C2", Text: "edit G1"})
			v := w.newView(old, bot.CallbackEdit, goalbot.TargetField(w.camps[goalbot.MaxCampaigns-1]))
			values := map[string]map[string]slacktest.StateValue{
				commands.FieldName: {commands.FieldName: slacktest.PlainText(strings.Repeat("F", goalbot.MaxNameLength))},
			}
			for _, c := range w.camps[:goalbot.MaxCampaigns] {
				f := goalbot.TargetField(c)
				values[f] = map[string]slacktest.StateValue{f: slacktest.PlainText(weeklyTargets(", "))}
			}
			start := time.Now()
			ack, payload := w.timedAck(w.e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: v.ID, Values: values}))
			if strings.Contains(payload, "errors") || strings.Contains(payload, `"push"`) {
				w.t.Errorf("the edit was refused: %s", payload)
			}
			if took := time.Since(start); took > ack {
				ack = took
			}
			return ack, ack
		}}
}

// suggestionCase types query in a catalog picker of the create modal.
func suggestionCase(field, input, query, want string) limitCase {
	return limitCase{name: "block_suggestion " + field, input: input, budget: ackBudget, run: func(w *limitWorld) (time.Duration, time.Duration) {
		start := time.Now()
		ack, payload := w.timedAck(w.e.fake.BlockSuggestion(slacktest.BlockSuggestionArgs{UserID: "U1", ActionID: field, BlockID: field, Value: query}))
		if took := time.Since(start); took > ack {
			ack = took
		}
		wantIn(w.t, "suggestion", payload, want)
		return ack, ack
	}}
}

// createWizardCases walk the create wizard to its largest step (50 campaigns over
// 53 weeks): the campaigns step's submission (acked with a stand-in, the step then
// sent by views.update), Show and Back on the targets step, the targets step's
// submission and the last step's, which creates the goal.
func createWizardCases() []limitCase {
	type values = map[string]map[string]slacktest.StateValue
	var view string // the wizard's view id
	submit := func(w *limitWorld, vals values) (time.Duration, string) {
		return w.timedAck(w.e.fake.ViewSubmission(slacktest.ViewSubmissionArgs{UserID: "U1", ViewID: view, Values: vals}))
	}
	step2 := func(w *limitWorld) values {
		return values{
			"ad_campaigns": {"ad_campaigns": slacktest.MultiExternalSelect(w.camps[:goalbot.MaxCampaigns]...)},
			"duration":     {"duration": slacktest.StaticSelect("weekly")},
			"start_date":   {"start_date": slacktest.DatePicker("2026-01-05")},
			"end_date":     {"end_date": slacktest.DatePicker("2027-01-10")},
		}
	}
	lastTarget := func(w *limitWorld) string {
		return `"block_id":"` + goalbot.TargetField(w.camps[goalbot.MaxCampaigns-1]) + `"`
	}
	click := func(w *limitWorld, action, block string) string {
		return w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: view, ActionID: action, BlockID: block})
	}
	return []limitCase{
		{name: "submit goal_create (campaigns)", input: "50 campaigns of 150 characters, weekly over 53 weeks: the targets step by views.update", budget: bot.HandlerTimeout,
			run: func(w *limitWorld) (time.Duration, time.Duration) {
				old := w.viewIDs()
				w.e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C2", Text: "create"})
				view = w.newView(old, bot.CallbackCreate, "Step 1 of 4").ID
				submit(w, values{"goal_type": {"goal_type": slacktest.RadioButtons("network_conversions")},
					"name": {"name": slacktest.PlainText(strings.Repeat("W", goalbot.MaxNameLength))}})
				w.newView(old, bot.CallbackCreate, "Step 2 of 4")
				start := time.Now()
				ack, payload := submit(w, step2(w))
				wantIn(w.t, "campaigns step", payload, "Step 3 of 4")
				w.newView(old, bot.CallbackCreate, lastTarget(w))
				return ack, time.Since(start)
			}},
		viewCase("button "+bot.ActionCreateShow, "the targets step of 50 campaigns × 53 weeks", "views.update", func(w *limitWorld) string {
			return click(w, bot.ActionCreateShow, "create_show")
		}, "Step 3 of 4"),
		viewCase("button "+bot.ActionCreateBack, "from the targets step of 50 campaigns × 53 weeks", "views.update", func(w *limitWorld) string {
			return click(w, bot.ActionCreateBack, "create_nav")
		}, "Step 2 of 4"),
		{name: "submit goal_create (targets)", input: "50 campaigns × 53 weekly targets", budget: ackBudget,
			run: func(w *limitWorld) (time.Duration, time.Duration) {
				submit(w, step2(w)) // forward again from Back
				w.newView(nil, bot.CallbackCreate, lastTarget(w))
				targets := values{"target": {"target": slacktest.PlainText("1")}}
				for _, c := range w.camps[:goalbot.MaxCampaigns] {
					f := goalbot.TargetField(c)
					targets[f] = map[string]slacktest.StateValue{f: slacktest.PlainText(weeklyTargets(","))}
				}
				start := time.Now()
				ack, payload := submit(w, targets)
				wantIn(w.t, "targets step", payload, "Step 4 of 4")
				return ack, max(ack, time.Since(start))
			}},
		{name: "submit goal_create (last step)", input: "creates and measures the goal of 50 campaigns × 53 weeks", budget: ackBudget,
			run: func(w *limitWorld) (time.Duration, time.Duration) {
				start := time.Now()
				ack, payload := submit(w, values{"notifications": {"notifications": slacktest.Checkboxes("started")},
					"team": {"team": slacktest.PlainText(strings.Repeat("t", 40))}})
				wantIn(w.t, "last step", payload, "Created *G")
				return ack, max(ack, time.Since(start))
			}},
	}
}

// filterClearCase opens the filter modal from a filter of 1,900 characters and
// presses Clear all.
func filterClearCase() limitCase {
	var view string
	c := viewCase("button "+bot.ActionFilterClear, "the filter modal of a filter of 1,900 characters", "views.update", func(w *limitWorld) string {
		return w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ViewID: view, ActionID: bot.ActionFilterClear, BlockID: "filter_actions"})
	}, `"callback_id":"goal_filter"`)
	run := c.run
	c.run = func(w *limitWorld) (time.Duration, time.Duration) {
		old := w.viewIDs()
		w.e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C2", ActionID: bot.ActionFilter, Value: w.filterOf(12)})
		view = w.newView(old, bot.CallbackFilter, w.camps[11]).ID
		return run(w)
	}
	return c
}

// runLimitCase runs c once, replacing the over-the-limit text.
func runLimitCase(w *limitWorld, c limitCase) (time.Duration, time.Duration) {
	if c.name == "/goal over the limit" {
		start := time.Now()
		id := w.e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C2", Text: "help" + strings.Repeat(" ", commands.MaxCommandText-3)})
		ack, _ := w.timedAck(id)
		r := waitResponse(w.t, w.e.fake, id)
		wantIn(w.t, c.name, r.Text, fmt.Sprintf("reads at most %d", commands.MaxCommandText))
		return ack, time.Since(start)
	}
	return c.run(w)
}

// TestE2ELargestInputs sends every entry point its largest input and checks each
// answer: no refusal of what is accepted, no hang, no payload Slack would refuse.
// Its deadlines are generous (a minute an answer); BenchmarkLargestInputs measures.
func TestE2ELargestInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("sends the largest inputs")
	}
	t.Parallel()
	w := newLimitWorld(t)
	for _, c := range limitCases() {
		w.t = t
		ok := t.Run(c.name, func(t *testing.T) {
			w.t = t
			runLimitCase(w, c)
		})
		if !ok {
			break // later cases rely on earlier ones
		}
	}
	w.t = t
	w.e.noRejections("the largest inputs")
}

// BenchmarkLargestInputs prints, for every entry point at its largest input, how long
// its ack and its answer took against their budgets; it fails when one is over. Run
// it with
//
//	GOALBOT_BENCH_REDIS=1 go test -run '^$' -bench LargestInputs -benchtime 1x ./cmd/goalbot
func BenchmarkLargestInputs(b *testing.B) {
	skipWithoutBenchRedis(b)
	for range b.N {
		b.StopTimer()
		w := newLimitWorld(b)
		b.StartTimer()
		var rows []string
		for _, c := range limitCases() {
			ack, answer := runLimitCase(w, c)
			verdict := "ok"
			if ack > ackBudget || answer > c.budget {
				verdict = "OVER"
				b.Errorf("%s: ack %v, answer %v; budgets %v and %v", c.name, ack, answer, ackBudget, c.budget)
			}
			ackText := "—"
			if ack > 0 {
				ackText = fmt.Sprintf("%.0f ms", ms(ack))
			}
			rows = append(rows, fmt.Sprintf("| %s | %s | %s | %.0f ms | %v | %s |", c.name, c.input, ackText, ms(answer), c.budget, verdict))
		}
		b.Logf("\n| entry point | largest input | ack (≤ 3 s) | answer | budget | |\n|---|---|---|---|---|---|\n%s", strings.Join(rows, "\n"))
	}
}
