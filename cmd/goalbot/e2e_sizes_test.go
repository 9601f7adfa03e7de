package main

import (
	"encoding/json"
	"fmt"
	"github.com/goalbot/goalbot/bot"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/slacktest"
)

// cutEntity finds an entity that a truncation cut short (&am…).
var cutEntity = regexp.MustCompile(`&[a-z#0-9]*…`)

// noRejections fails the test now if the fake Slack refused a payload (newE2E checks
// again at the end).
func (e *e2e) noRejections(what string) {
	e.t.Helper()
	for _, r := range e.fake.Rejections() {
		e.t.Fatalf("%s: Slack would refuse this %s: %s %q", what, r.Where, r.Error, r.Problems)
	}
}

// TestE2ESlackSizes sends goalbot's largest payloads through the fake Slack, which
// holds them to Slack's limits: a weekly digest of 100 goals (the most a digest
// lists) whose names escape to five times their length, a list page of them, the
// delete confirmation of 40 and of 100 of them, /goal subscriptions with 45
// subscriptions of the longest filters, and the filter modal opened from a filter of
// ids too long for a picker and 96 teams.
func TestE2ESlackSizes(t *testing.T) {
	t.Parallel()
	e := newE2E(t, e2eStore(t))
	in := e.start()
	in.ingest("2026-03-09", 5) // act-1 and cmp-1 in the catalog

	// 100 goals named with 100 ampersands each (500 characters once escaped).
	worst := strings.Repeat("&", goalbot.MaxNameLength)
	var ids []string
	for range 100 {
		body, _ := json.Marshal(map[string]any{"name": worst, "goal_type": "network_conversions", "ad_campaigns": []string{"cmp-1"},
			"duration": "monthly", "start_date": "2026-03-01", "end_date": "2026-03-31", "target": 100, "creator": "U1", "notifications": []string{}})
		var g struct{ ID string }
		if err := json.Unmarshal(in.mustDo("POST", "/v1/goals", e2eAPIToken, string(body), http.StatusCreated), &g); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, g.ID)
	}

	// The weekly digest of a subscription that matches all 100.
	expectIn(t, "subscribe", e.slash("U1", "C2", "subscribe <#C2> events:digest"), "Subscribed")
	in.evaluate("2026-03-16T09:30:00Z")
	digest, err := e.fake.WaitMessage(ctxFor(t, 15*time.Second), "C2", func(m slacktest.Message) bool {
		return m.Metadata != nil && strings.Contains(string(m.Metadata.EventPayload), `"digest"`)
	})
	if err != nil {
		e.noRejections("the digest")
		t.Fatal(err)
	}
	blocks := compactJSON(digest.Blocks)
	for _, id := range ids {
		if !strings.Contains(blocks, "*"+id+" · &amp;") {
			t.Errorf("the digest does not list %s", id)
			break
		}
	}
	if cutEntity.MatchString(blocks) || utf8.RuneCountInString(digest.Text) > bot.MaxFallbackText {
		t.Errorf("the digest cuts an entity, or its text has %d characters", utf8.RuneCountInString(digest.Text))
	}

	// A list page of them.
	expectIn(t, "list", e.slash("U1", "C1", "list"), "*G1* · &amp;&amp;")

	// The delete confirmation of 40 names all 40, and its button deletes them.
	confirm := e.slash("U1", "C1", "delete "+strings.Join(ids[:40], " "))
	for _, id := range ids[:40] {
		if !strings.Contains(confirm, "*"+id+"* · &amp;") {
			t.Errorf("the confirmation does not name %s", id)
			break
		}
	}
	if cutEntity.MatchString(confirm) {
		t.Errorf("the confirmation cuts an entity: %s", cutEntity.FindString(confirm))
	}
	expectIn(t, "deleted", e.click("U1", bot.ActionDeleteConfirm, strings.Join(ids[:40], " ")), "Deleted G1, G2")
	var page struct{ Goals []struct{ ID string } }
	if err := json.Unmarshal(in.mustDo("GET", "/v1/goals?limit=500", e2eAPIToken, "", http.StatusOK), &page); err != nil || len(page.Goals) != 60 {
		t.Errorf("after deleting 40 of 100: %d goals (%v)", len(page.Goals), err)
	}
	// 100 at once (some already gone: named, and refused at the click); 101 are refused.
	expectIn(t, "delete 100", e.slash("U1", "C1", "delete "+strings.Join(ids[40:], " ")), "these 60 goals", "*"+ids[99]+"* · &amp;")
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("G%d", i+1)
	}
	expectIn(t, "delete 101", e.slash("U1", "C1", "delete "+strings.Join(many, " ")), "delete at most 100 goals at once (you named 101)")

	// 45 subscriptions with filters of 50 campaign ids of 150 characters.
	var camps []string
	for i := range goalbot.MaxCampaigns {
		camps = append(camps, fmt.Sprintf("%03d%s", i, strings.Repeat("x", goalbot.MaxIDLength-3)))
	}
	for range 44 {
		expectIn(t, "subscribe long", e.slash("U1", "C2", "subscribe <#C2> campaign:"+strings.Join(camps, ",")+" team:growth"), "Subscribed")
	}
	id := e.fake.SlashCommand(slacktest.SlashCommandArgs{UserID: "U1", ChannelID: "C2", Text: "subscriptions"})
	subs := waitResponse(t, e.fake, id)
	expectIn(t, "subscriptions", compactJSON(subs.Body), "*Subscriptions* (45)", "*S1* <#C2>", "S45")
	if n := utf8.RuneCountInString(subs.Text); n > bot.MaxFallbackText || !strings.HasPrefix(subs.Text, "45 subscriptions: S1, S2") {
		t.Errorf("the subscriptions' fallback text has %d characters: %.200q", n, subs.Text)
	}

	// The filter modal from a filter with ids no picker can hold, and 96 teams of 16
	// characters (a filter's 100 values in all): as the filter's text they fit a
	// button's value, spaced out in the team field they take 1,726 characters.
	var teams []string
	for i := range goalbot.MaxFilterValues - 4 {
		teams = append(teams, fmt.Sprintf("aa%02d", i)+strings.Repeat("t", 12))
	}
	value := "campaign:" + strings.Repeat("L", 151) + ",cmp-1 account:" + strings.Repeat("M", 151) + ",act-1 team:" + strings.Join(teams, ",")
	if len(value) > 2000 {
		t.Fatalf("the filter (%d bytes) does not fit a button's value", len(value))
	}
	e.fake.BlockActions(slacktest.BlockActionsArgs{UserID: "U1", ChannelID: "C1", ActionID: bot.ActionFilter, Value: value})
	if _, err := e.fake.WaitCall(ctxFor(t, 10*time.Second), "views.open", nil); err != nil {
		t.Fatal(err)
	}
	e.noRejections("the filter modal")
	v := e.waitView(bot.CallbackFilter, `"value":"cmp-1"`)
	expectIn(t, "filter modal", compactJSON(v.Source), `"value":"act-1"`, `"initial_value":"aa00tttttttttttt, aa01tttttttttttt, `, ", "+teams[len(teams)-1]+`"`)
}
