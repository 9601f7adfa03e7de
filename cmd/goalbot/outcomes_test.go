package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/goalbot/goalbot/messages"
)

// The outcomes of the use cases, rendered by both renderers: bot's (Block Kit) and the
// console's (text). One table holds an outcome of every kind, with their edge cases
// (the longest names, names that would ping a channel, a hundred goals, empty lists,
// refusals with many problems); each renderer's output is pinned in a golden file, so
// that a change of wording is a one-line diff. Run
//
//	go test ./cmd/goalbot -run TestOutcomesGolden -update
//
// to write the golden files anew after a change that is meant.

var update = flag.Bool("update", false, "rewrite the golden files of the outcomes' renderers")

// goldenNow is the clock of the outcomes: 2026-03-10, noon UTC.
var goldenNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// pingName is a goal name that would ping everyone if it were not escaped.
const pingName = "<!channel> & <@U9> *big* _launch_"

// longName is the longest goal name, every character of it one Slack escapes.
var longName = strings.Repeat("<&>", goalbot.MaxNameLength/3) + "x"

// goldenGoal makes goal id from d (as its creator U1 would create it at goldenNow).
func goldenGoal(t *testing.T, id string, d goalbot.Draft) *goalbot.Goal {
	t.Helper()
	d.Creator = "U1"
	g, err := goalbot.NewGoal(d, goalbot.DefaultSettings, goalbot.DateOf(goldenNow))
	if err != nil {
		t.Fatalf("goal %s: %v", id, err)
	}
	g.ID, g.Creator, g.CreatedAt, g.UpdatedAt, g.Version = id, "U1", goldenNow, goldenNow, 1
	return g
}

// measured is g as measured at goldenNow, each campaign with per of its target, in
// dollars.
func measured(g *goalbot.Goal, per float64) commands.GoalView {
	sums := make([][]goalbot.Totals, len(g.Periods()))
	currencies := make([]string, len(g.Campaigns))
	for i := range sums {
		sums[i] = make([]goalbot.Totals, len(g.Campaigns))
		for j, c := range g.Campaigns {
			target := g.Targets.For(c, i)
			sums[i][j].Spend = goalbot.Units(1234) + goalbot.Micro(j)*goalbot.MicroUnit
			sums[i][j].Conversions = goalbot.Micro(float64(target) * per)
			if g.Stage != "" {
				sums[i][j].Contacts[goalbot.StageIndex(g.Stage)] = int64(float64(target/goalbot.MicroUnit)*per) + 1
			}
			currencies[j] = "USD"
		}
	}
	m := goalbot.Measure(g, sums, currencies, nil, goldenNow, 24*time.Hour)
	return commands.GoalView{Goal: g, Measurement: &m, Status: g.Status(&m, goldenNow)}
}

// draftOf is a monthly conversions goal of 2026 on campaigns, with a target of 100.
func draftOf(name string, campaigns ...string) goalbot.Draft {
	return goalbot.Draft{Name: name, Type: string(goalbot.NetworkConversions), Campaigns: campaigns, Duration: string(goalbot.Monthly), Target: "100"}
}

// campaigns are n campaign ids, cmp-1 and on.
func campaigns(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("cmp-%d", i+1)
	}
	return out
}

// goldenOutcome is one row of the table: an outcome and its name in the golden files.
type goldenOutcome struct {
	name string
	o    commands.Outcome
}

// goldenOutcomes is the table: an outcome of every kind, with its edge cases.
func goldenOutcomes(t *testing.T) []goldenOutcome {
	plain := goldenGoal(t, "G1", draftOf("Spring leads", "cmp-1", "cmp-2"))
	ping := goldenGoal(t, "G2", draftOf(pingName, "cmp-1"))
	long := goldenGoal(t, "G3", draftOf(longName, campaigns(12)...))
	cost := goldenGoal(t, "G4", goalbot.Draft{Name: "Cost per lead", Type: string(goalbot.CostPerContact), Stage: string(goalbot.Lead),
		Campaigns: []string{"cmp-1"}, Duration: string(goalbot.Monthly), Target: "20", Team: "growth"})
	cost.Currency = "USD"
	stage := goldenGoal(t, "G5", goalbot.Draft{Name: "Leads by quarter", Type: string(goalbot.ContactsInStage), Stage: string(goalbot.Lead),
		Campaigns: []string{"cmp-1", "cmp-2"}, Duration: string(goalbot.Quarterly), Target: "50", Start: "2025-01-01", End: "2026-12-31"})
	weekly := goldenGoal(t, "G6", goalbot.Draft{Name: "Weekly forms", Type: string(goalbot.FirstFormSubmissions), Campaigns: []string{"cmp-1"},
		Duration: string(goalbot.Weekly), Target: "7", Start: "2025-10-06", End: "2026-10-04"})
	later := goldenGoal(t, "G7", goalbot.Draft{Name: "Later", Type: string(goalbot.NetworkConversions), Campaigns: []string{"cmp-1"},
		Duration: string(goalbot.Custom), Target: "10", Start: "2026-06-01", End: "2026-06-30"})
	measuring := commands.GoalView{Goal: plain, Status: goalbot.InProgress, Measuring: true}

	var hundred []*goalbot.Goal
	var page []commands.GoalView
	var alertGoals []commands.AlertGoal
	for i := range commands.MaxDelete {
		g := &goalbot.Goal{ID: fmt.Sprintf("G%d", 1000+i), Name: longName}
		hundred = append(hundred, g)
		headline := float64(i)
		alertGoals = append(alertGoals, commands.AlertGoal{ID: g.ID, Name: g.Name, Headline: &headline})
		if i < commands.ListPage {
			v := measured(goldenGoal(t, g.ID, draftOf(longName, "cmp-1")), float64(i)/10)
			page = append(page, v)
		}
	}
	alertGoals[1].Name = "" // deleted meanwhile
	var problems goalbot.Problems
	for i := range 30 {
		problems = append(problems, goalbot.FieldError{Field: fmt.Sprintf("target_cmp-%d", i%20),
			Message: goalbot.Text(fmt.Sprintf("%q is not a number: use digits, such as 120.5", strings.Repeat("<x>", 40)))})
	}
	problems = append(problems, goalbot.FieldError{Message: goalbot.Text("a problem of no field")})
	var subs []*goalbot.Subscription
	for i := range 200 {
		s := &goalbot.Subscription{ID: fmt.Sprintf("S%d", i+1), Channel: "C0123456789", Events: goalbot.DefaultSubscriptionEvents,
			Filter: goalbot.Filter{Teams: []string{"growth"}, Campaigns: campaigns(40)}}
		if i%50 == 0 {
			s.Failure = "is_archived: " + strings.Repeat("<fail> ", 100)
		}
		if i%3 == 0 {
			s.Lang = "sv"
		}
		subs = append(subs, s)
	}
	team, err := commands.FilterFromText("team:growth,brand status:in_progress progress:10-90 user:U1")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC)
	period := goalbot.Period{Start: goalbot.Date{Year: 2026, Month: 3, Day: 1}, End: goalbot.Date{Year: 2026, Month: 3, Day: 31}}
	alert := func(ev goalbot.Event) goalbot.Alert {
		return goalbot.Alert{Key: "G2:" + string(ev), GoalID: "G2", Event: ev, PeriodStart: period.Start, PeriodEnd: period.End,
			Progress: ptrTo(76.4), Threshold: 75, Recipient: "C1"}
	}
	milestone := alert(goalbot.EventMilestone)
	milestone.Outcome, milestone.FinalOutcome = goalbot.Missed, goalbot.Missed
	var staleIDs []string
	for _, g := range alertGoals[:30] {
		staleIDs = append(staleIDs, g.ID)
	}
	stale := goalbot.Alert{Key: "stale:C1", Event: goalbot.EventStale, GoalIDs: staleIDs, Since: at.Add(-72 * time.Hour),
		StaleAfter: 48 * time.Hour, Recipient: "C1", PeriodStart: period.Start, PeriodEnd: period.End}
	digest := goalbot.Alert{Key: "digest:C1", Event: goalbot.EventDigest, GoalIDs: staleIDs, Recipient: "C1",
		PeriodStart: goalbot.Date{Year: 2026, Month: 3, Day: 2}, PeriodEnd: goalbot.Date{Year: 2026, Month: 3, Day: 8}}
	hundredIDs := make([]string, len(alertGoals))
	for i, g := range alertGoals {
		hundredIDs[i] = g.ID
	}
	bigDigest := digest
	bigDigest.GoalIDs = hundredIDs
	// G5's first quarter on 2026-03-10: 1, 2 or 3 leads a day against a target of 200.
	q1 := goalbot.Period{Start: goalbot.Date{Year: 2026, Month: 1, Day: 1}, End: goalbot.Date{Year: 2026, Month: 3, Day: 31}}
	daily := make([]goalbot.Micro, goalbot.Days(q1.Start, goalbot.DateOf(goldenNow)))
	for i := range daily {
		daily[i] = goalbot.Units(int64(1 + i%3))
	}
	outlook, _ := goalbot.OutlookOf(goalbot.ContactsInStage, goalbot.Run{Period: q1, Today: goalbot.DateOf(goldenNow), Target: goalbot.Units(200), Daily: daily})
	withCharts := *subs[1]
	withCharts.Charts = true

	return append([]goldenOutcome{
		{"help", commands.Help{}},
		{"refusal/message with a channel and code", commands.Refusal{Code: goalbot.EFORBIDDEN, Message: goalbot.Text("only members of <#C1>, workspace admins or goalbot admins can change its subscriptions: see `/goal subscriptions <#C1>`")}},
		{"refusal/one problem", commands.Refuse(goalbot.Problems{{Field: "target_cmp-1", Message: goalbot.Text(`"<b>" is not a number`)}}.Err())},
		{"refusal/many problems", commands.Refusal{Code: goalbot.EINVALID, Message: goalbot.Text("x"), Problems: problems, UsageOf: commands.VerbCreate}},
		{"refusal/ours", commands.Refuse(fmt.Errorf("redis: connection refused"))},
		{"created/measured", commands.Created{Goal: plain, Figures: ptrTo(measured(plain, 0.42))}},
		{"created/name that pings", commands.Created{Goal: ping, Figures: &measuring}},
		{"created/cost per contact", commands.Created{Goal: cost, Figures: ptrTo(measured(cost, 0.5))}},
		{"created/not started", commands.Created{Goal: later, Figures: &commands.GoalView{Goal: later, Status: goalbot.Pending}}},
		{"created/figures unknown", commands.Created{Goal: long}},
		{"updated", commands.Updated{Goal: ping, Figures: ptrTo(measured(ping, 1.5))}},
		{"list/no goals yet", commands.GoalPage{}},
		{"list/none match", commands.GoalPage{Filter: team}},
		{"list/a full page and more", commands.GoalPage{Filter: team, Next: "15", Goals: page}},
		{"list/the last page", commands.GoalPage{Cursor: "15", Goals: []commands.GoalView{measured(ping, 0.3), measuring}}},
		{"show/measuring", commands.Shown{View: measuring}},
		{"show/many campaigns", commands.Shown{View: measured(long, 0.8)}},
		{"show/cost per contact", commands.Shown{View: measured(cost, 0.9)}},
		{"show/contacts with milestones", commands.Shown{View: measured(stage, 1.1)}},
		{"show/weekly with many milestones", commands.Shown{View: measured(weekly, 0.7)}},
		{"show/with its outlook", commands.Shown{View: measured(stage, 0.6), Outlook: &outlook}},
		{"delete/one goal", commands.DeleteAsked{Goals: []*goalbot.Goal{ping}}},
		{"delete/a hundred goals with the longest names", commands.DeleteAsked{Goals: hundred}},
		{"deleted", commands.Deleted{IDs: []string{"G1", "G2"}}},
		{"subscribed", commands.Subscribed{Subscription: subs[0]}},
		{"subscribed/with charts", commands.Subscribed{Subscription: &withCharts}},
		{"unsubscribed/none", commands.Unsubscribed{Channel: "C1"}},
		{"unsubscribed/two", commands.Unsubscribed{Channel: "C1", Removed: []string{"S1", "S2"}}},
		{"subscriptions/none", commands.SubscriptionList{}},
		{"subscriptions/two hundred", commands.SubscriptionList{Subscriptions: subs}},
		{"refreshed/every goal", commands.Refreshed{Measured: 12}},
		{"refreshed/one", commands.Refreshed{IDs: []string{"G1"}, Measured: 1}},
		{"sources/none", commands.SourceList{}},
		{"sources/every state", commands.SourceList{Statuses: []goalbot.SourceStatus{
			{Name: goalbot.SourceGoogleAds, Accounts: 2, Campaigns: 31, LastSuccess: at, Rows: 1860, NextRun: at.Add(time.Hour)},
			{Name: goalbot.SourceMeta, Accounts: 1, Error: goalbot.Text("Meta refused the access token (<bad> & co)"), Stopped: true},
			{Name: goalbot.SourceLinkedIn, Error: goalbot.Text("LinkedIn answered 503")},
			{Name: goalbot.SourceHubSpot, Accounts: 1, Campaigns: 4, LastSuccess: at, Rows: 120, Unattributed: &goalbot.Unattributed{Contacts: 312,
				From: goalbot.Date{Year: 2026, Month: 2, Day: 9}, To: goalbot.Date{Year: 2026, Month: 3, Day: 10},
				Top: []goalbot.DrillDown{{Value: "spring-brand", Contacts: 120}, {Value: "<x>", Contacts: 3}}}},
		}}},
		{"campaign/default", commands.CampaignMatch{Campaign: goalbot.Campaign{ID: "cmp-1", Name: "Spring & <co>"}, Values: []string{"spring", "cmp-1"}}},
		{"campaign/set", commands.CampaignMatch{Campaign: goalbot.Campaign{ID: "cmp-1"}, Values: []string{"spring_brand", "<b>"}, Overridden: true}},
		{"form/create step 1", commands.CreateStep{Meta: commands.CreateMeta{Draft: "d1", Step: 1}}},
		{"form/create step 3", commands.CreateStep{Meta: commands.CreateMeta{Draft: "d1", Step: 3}, Periods: plain.Periods(),
			Draft:     goalbot.Draft{Type: string(goalbot.NetworkConversions), Campaigns: []string{"cmp-1", "cmp-2"}, Target: "100"},
			Campaigns: map[string]goalbot.Campaign{"cmp-1": {ID: "cmp-1", Name: longName}}}},
		{"form/edit", commands.EditForm{Goal: ping, Campaigns: map[string]goalbot.Campaign{"cmp-1": {ID: "cmp-1", Name: "Spring"}}}},
		{"alert/started of a deleted goal", commands.Alerted{Alert: alert(goalbot.EventStarted)}},
		{"alert/threshold", commands.Alerted{Alert: alert(goalbot.EventThreshold), Goal: ping}},
		{"alert/final milestone", commands.Alerted{Alert: milestone, Goal: ping}},
		{"alert/at risk with its outlook", commands.Alerted{Alert: alert(goalbot.EventAtRisk), Goal: stage, Outlook: &outlook}},
		{"alert/stale goals", commands.Alerted{Alert: stale, Goals: alertGoals[:30]}},
		{"alert/digest", commands.Alerted{Alert: digest, Goals: alertGoals[:3]}},
		{"alert/digest of a hundred goals", commands.Alerted{Alert: bigDigest, Goals: alertGoals}},
		{"alert/digest of none", commands.Alerted{Alert: goalbot.Alert{Event: goalbot.EventDigest, Recipient: "C1", PeriodStart: digest.PeriodStart, PeriodEnd: digest.PeriodEnd}}},
		{"alert/source fails", commands.Alerted{Alert: goalbot.Alert{Event: goalbot.EventSourceFailed, Source: goalbot.SourceMeta, Recipient: "U1",
			Detail: goalbot.Text("Meta refused the access token (<bad> & co)"), PeriodStart: period.Start}}},
		{"alert/tracking drift", commands.Alerted{Alert: goalbot.Alert{Event: goalbot.EventDrift, GoalIDs: []string{"G1", "G2"}, Recipient: "C1",
			PeriodStart: goalbot.Date{Year: 2026, Month: 3, Day: 2}, PeriodEnd: goalbot.Date{Year: 2026, Month: 3, Day: 8},
			Drift: &goalbot.DriftFigures{Campaign: "google-111", CampaignName: "Brand <DE>", Conversions: goalbot.Units(100) + 500_000, FirstFormSubmissions: 45}}}},
	}, append(budgetOutcomes(t), goldenHistories(t)...)...)
}

// budgetOutcomes are the outcomes of a budget (an ad_spend goal): created, shown
// while it overspends with an ended period underspent, its forms, and its alerts.
func budgetOutcomes(t *testing.T) []goldenOutcome {
	budget := goldenGoal(t, "G8", goalbot.Draft{Name: "Q1 <media> budget", Type: string(goalbot.AdSpend), Campaigns: []string{"cmp-1", "cmp-2"},
		Duration: string(goalbot.Monthly), Target: "2000.50", Start: "2026-01-01", End: "2026-06-30"})
	budget.Currency = "USD"
	v := measured(budget, 0)
	days := goalbot.SpendDays{From: goalbot.Date{Year: 2026, Month: 3, Day: 1}, Spend: make([]goalbot.Micro, 10)}
	for i := range days.Spend { // cmp-1's and cmp-2's
		days.Spend[i] = goalbot.Units(int64(100+13*(i%3))) + goalbot.Units(124)
	}
	goalbot.MeasureBudget(budget, v.Measurement, days, []string{"USD", "USD"})
	period := goalbot.Period{Start: goalbot.Date{Year: 2026, Month: 3, Day: 1}, End: goalbot.Date{Year: 2026, Month: 3, Day: 31}}
	projected := goalbot.Units(7657)
	figures := &goalbot.BudgetFigures{Currency: "USD", Spent: goalbot.Units(2470), Budget: goalbot.Units(4001), Projected: &projected,
		Spending: goalbot.Overspend, Band: goalbot.DefaultBudgetBand}
	alert := func(ev goalbot.Event, b goalbot.BudgetFigures) goalbot.Alert {
		return goalbot.Alert{Key: "G8:" + string(ev), GoalID: "G8", Event: ev, PeriodStart: period.Start, PeriodEnd: period.End,
			Progress: ptrTo(61.7), Recipient: "C1", Budget: &b}
	}
	under, low := *figures, goalbot.Units(2100)
	under.Spending, under.Projected = goalbot.Underspend, &low
	milestone := alert(goalbot.EventMilestone, goalbot.BudgetFigures{Currency: "USD", Spent: goalbot.Units(5100), Budget: goalbot.Units(4001),
		Spending: goalbot.Overspend, Band: goalbot.DefaultBudgetBand})
	milestone.Outcome, milestone.Progress = goalbot.Missed, ptrTo(127.4)
	return []goldenOutcome{
		{"created/budget", commands.Created{Goal: budget, Figures: &v}},
		{"show/budget overspending", commands.Shown{View: v}},
		{"form/create step 3 of a budget", commands.CreateStep{Meta: commands.CreateMeta{Draft: "d1", Step: 3}, Periods: budget.Periods(),
			Draft: goalbot.Draft{Type: string(goalbot.AdSpend), Campaigns: []string{"cmp-1"}, Target: "2000"}, Band: goalbot.DefaultBudgetBand}},
		{"form/create step 4 of a budget", commands.CreateStep{Meta: commands.CreateMeta{Draft: "d1", Step: 4},
			Draft: goalbot.Draft{Type: string(goalbot.AdSpend)}, Band: goalbot.BudgetBand{Over: 120, Under: 70}}},
		{"form/edit a budget", commands.EditForm{Goal: budget}},
		{"alert/overspend", commands.Alerted{Alert: alert(goalbot.EventOverspend, *figures), Goal: budget}},
		{"alert/underspend", commands.Alerted{Alert: alert(goalbot.EventUnderspend, under), Goal: budget}},
		{"alert/budget milestone overspent", commands.Alerted{Alert: milestone, Goal: budget}},
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestOutcomesGolden renders every outcome of the table with bot's renderer and the
// console's, in English and in Swedish, checks bot's against Slack's limits as the
// fake Slack enforces them, and compares each with its golden file.
func TestOutcomesGolden(t *testing.T) {
	var slackOut, slackSv, consoleOut, consoleSv strings.Builder
	en, sv := wordsIn("en"), wordsIn("sv")
	for _, c := range goldenOutcomes(t) {
		fmt.Fprintf(&slackOut, "=== %s\n%s\n", c.name, slackRendering(t, messages.English(), c))
		fmt.Fprintf(&slackSv, "=== %s\n%s\n", c.name, slackRendering(t, messages.For("sv"), c))
		fmt.Fprintf(&consoleOut, "=== %s\n%s\n\n", c.name, consoleRendering(en, c.o))
		fmt.Fprintf(&consoleSv, "=== %s\n%s\n\n", c.name, consoleRendering(sv, c.o))
	}
	golden(t, "outcomes.slack.golden", slackOut.String())
	golden(t, "outcomes.slack.sv.golden", slackSv.String())
	golden(t, "outcomes.console.golden", consoleOut.String())
	golden(t, "outcomes.console.sv.golden", consoleSv.String())
}

// slackRendering is bot's rendering of an outcome in p's language as Slack receives
// it: an alert's message and metadata, a form's modal, or a message, each checked
// against Slack's limits.
func slackRendering(t *testing.T, p *messages.Printer, c goldenOutcome) string {
	t.Helper()
	if a, ok := c.o.(commands.Alerted); ok {
		m := bot.RenderAlerted(p, a)
		return slackMessage(t, c.name, m.Text, m.Blocks, m.Metadata)
	}
	if v := bot.ModalOf(p, c.o); v != nil {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if code, problems := slacktest.CheckView(raw, "modal"); code != "" {
			t.Errorf("%s: Slack would refuse the view with %s: %q", c.name, code, problems)
		}
		return indent(t, raw)
	}
	m := bot.MessageOf(p, c.o)
	return slackMessage(t, c.name, m.Text, m.Blocks, nil)
}

// slackMessage is a message's text, blocks and metadata as indented JSON, checked as
// chat.postMessage would check it.
func slackMessage(t *testing.T, name, text string, blocks any, metadata any) string {
	t.Helper()
	rawBlocks, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	if code, problems := slacktest.CheckMessage(text, rawBlocks); code != "" {
		t.Errorf("%s: Slack would refuse the message with %s: %q", name, code, problems)
	}
	if n := len([]rune(text)); n > bot.MaxFallbackText {
		t.Errorf("%s: a fallback text of %d characters", name, n)
	}
	raw, err := json.Marshal(struct {
		Text     string          `json:"text"`
		Blocks   json.RawMessage `json:"blocks"`
		Metadata any             `json:"metadata,omitempty"`
	}{text, rawBlocks, metadata})
	if err != nil {
		t.Fatal(err)
	}
	return indent(t, raw)
}

// indent is raw JSON indented, without HTML escapes.
func indent(t *testing.T, raw []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// consoleRendering is the console's rendering of an outcome in w's language.
func consoleRendering(w words, o commands.Outcome) string {
	if a, ok := o.(commands.Alerted); ok {
		return w.alert(a)
	}
	return w.outcome(o)
}

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with go test ./cmd/goalbot -run TestOutcomesGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what the renderer gives now; if the change is meant, rerun with -update.\n%s", path, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line where want and got differ, with the case it is in.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	section := ""
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if strings.HasPrefix(gl, "=== ") {
			section = gl
		}
		if wl != gl {
			return fmt.Sprintf("%s, line %d:\n want %q\n  got %q", section, i+1, wl, gl)
		}
	}
	return ""
}
