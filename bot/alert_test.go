package bot

import (
	"encoding/json"
	"fmt"
	"github.com/goalbot/goalbot/commands"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

func TestRenderAlertEveryEvent(t *testing.T) {
	march := func(a goalbot.Alert) goalbot.Alert {
		a.GoalID, a.PeriodStart, a.PeriodEnd = "G7", goalbot.Date{Year: 2026, Month: 3, Day: 1}, goalbot.Date{Year: 2026, Month: 3, Day: 31}
		return a
	}
	g := &goalbot.Goal{ID: "G7", Name: "Spring leads", Type: goalbot.ContactsInStage}
	tests := []struct {
		alert   goalbot.Alert
		words   string
		payload string
	}{
		{march(goalbot.Alert{Event: goalbot.EventStarted}), "started",
			`{"event":"started","goal_id":"G7","period_end":"2026-03-31","period_start":"2026-03-01","progress":null}`},
		{march(goalbot.Alert{Event: goalbot.EventThreshold, Threshold: 50, Progress: ptr(50.0)}), "reached 50%",
			`{"event":"threshold","goal_id":"G7","period_end":"2026-03-31","period_start":"2026-03-01","progress":50,"threshold":50}`},
		{march(goalbot.Alert{Event: goalbot.EventMilestone, Outcome: goalbot.Achieved, Progress: ptr(100.0)}), "achieved",
			`{"event":"milestone","goal_id":"G7","outcome":"achieved","period_end":"2026-03-31","period_start":"2026-03-01","progress":100}`},
		{march(goalbot.Alert{Event: goalbot.EventMilestone, Outcome: goalbot.Exceeded, FinalOutcome: goalbot.Missed, Progress: ptr(130.25)}), "exceeded",
			`{"event":"milestone","final_outcome":"missed","goal_id":"G7","outcome":"exceeded","period_end":"2026-03-31","period_start":"2026-03-01","progress":130.2}`},
		{march(goalbot.Alert{Event: goalbot.EventMilestone, Outcome: goalbot.Missed, Progress: ptr(99.96)}), "missed",
			`{"event":"milestone","goal_id":"G7","outcome":"missed","period_end":"2026-03-31","period_start":"2026-03-01","progress":99.9}`},
		{march(goalbot.Alert{Event: goalbot.EventAtRisk, Progress: ptr(12.0)}), "at risk",
			`{"event":"at_risk","goal_id":"G7","period_end":"2026-03-31","period_start":"2026-03-01","progress":12}`},
		{march(goalbot.Alert{Event: goalbot.EventStale, Progress: ptr(0.0)}), "no metrics for 48 hours",
			`{"event":"stale","goal_id":"G7","period_end":"2026-03-31","period_start":"2026-03-01","progress":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.words, func(t *testing.T) {
			m := RenderAlert(en, tt.alert, g)
			if !strings.Contains(m.Text, "G7") || !strings.Contains(m.Text, tt.words) {
				t.Errorf("text = %q, want the goal id and %q", m.Text, tt.words)
			}
			if m.Metadata.EventType != AlertEventType {
				t.Errorf("event_type = %q", m.Metadata.EventType)
			}
			raw, err := json.Marshal(m.Metadata.EventPayload)
			if err != nil {
				t.Fatal(err)
			}
			if got := compact(t, raw); got != tt.payload {
				t.Errorf("event_payload = %s, want %s", got, tt.payload)
			}
			if len(m.Blocks) != 4 {
				t.Errorf("%d blocks", len(m.Blocks))
			}
		})
	}
}

func TestMetadataProgressHasOneDecimal(t *testing.T) {
	a := goalbot.Alert{GoalID: "G1", Event: goalbot.EventThreshold, Threshold: 75, Progress: ptr(75.0)}
	raw, err := json.Marshal(alertMetadata(a))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"progress":75.0`) {
		t.Errorf("metadata = %s, want progress 75.0", raw)
	}
}

func TestRenderAlertOfDeletedGoal(t *testing.T) {
	m := RenderAlert(en, goalbot.Alert{GoalID: "G9", Event: goalbot.EventStarted}, nil)
	if m.Text != "G9: started" {
		t.Errorf("text = %q", m.Text)
	}
}

func TestRenderDigest(t *testing.T) {
	a := goalbot.Alert{Event: goalbot.EventDigest, GoalIDs: []string{"G1", "G2"}, SubscriptionID: "S1",
		PeriodStart: goalbot.Date{Year: 2026, Month: 3, Day: 9}, PeriodEnd: goalbot.Date{Year: 2026, Month: 3, Day: 15}}
	m := RenderDigest(en, a, []commands.AlertGoal{{ID: "G1", Name: "a <b>", Headline: ptr(42.0)}, {ID: "G2"}})
	if !strings.Contains(m.Text, "weekly digest") || !strings.Contains(m.Text, "G1, G2") {
		t.Errorf("text = %q", m.Text)
	}
	raw, _ := json.Marshal(m.Metadata.EventPayload)
	if got, want := compact(t, raw), `{"event":"digest","goal_ids":["G1","G2"],"period_end":"2026-03-15","period_start":"2026-03-09","progress":null}`; got != want {
		t.Errorf("event_payload = %s, want %s", got, want)
	}
	blocks, _ := json.Marshal(m.Blocks)
	if b := unescaped(t, blocks); !strings.Contains(b, "a &lt;b&gt;") || !strings.Contains(b, "▰▰▰▰▱▱▱▱▱▱ 42%") {
		t.Errorf("blocks = %s", b)
	}
	if empty := RenderDigest(en, goalbot.Alert{Event: goalbot.EventDigest}, nil); !strings.Contains(empty.Text, "0 goals") {
		t.Errorf("empty digest = %q", empty.Text)
	}
}

// TestRenderStale: stale goals grouped make one message that names them (the first
// ten by name, escaped, the rest by count), says since when no metrics came, and
// carries goal_ids, goal_count and since in its metadata.
func TestRenderStale(t *testing.T) {
	since := time.Date(2026, 3, 8, 2, 0, 0, 0, time.UTC)
	a := goalbot.StaleGroup("stale:C1:1", []goalbot.Alert{
		{GoalID: "G2", Event: goalbot.EventStale, Recipient: "C1", Since: since, StaleAfter: 72 * time.Hour, QueuedAt: since.Add(73 * time.Hour)},
		{GoalID: "G1", Event: goalbot.EventStale, Recipient: "C1", Since: since, StaleAfter: 72 * time.Hour, QueuedAt: since.Add(73 * time.Hour)},
	})
	m := RenderStale(en, a, []commands.AlertGoal{{ID: "G1", Name: "Spring <!channel> leads"}, {ID: "G2"}})
	if want := "2 goals have had no metrics since March 8, 2026 02:00 UTC (no metrics for 72 hours): G1 Spring &lt;!channel&gt; leads, G2"; m.Text != want {
		t.Errorf("text = %q, want %q", m.Text, want)
	}
	raw, _ := json.Marshal(m.Metadata.EventPayload)
	if want := `{"event":"stale","goal_count":2,"goal_ids":["G1","G2"],"period_end":"2026-03-11","period_start":"2026-03-08","progress":null,"since":"2026-03-08T02:00:00Z"}`; compact(t, raw) != want {
		t.Errorf("event_payload = %s, want %s", raw, want)
	}
	head, list := m.Blocks[0].(*slack.SectionBlock).Text.Text, m.Blocks[1].(*slack.SectionBlock).Text.Text
	if !strings.Contains(head, "*2 goals* have had no metrics since <!date^1772935200^") || list != "• *G1 · Spring &lt;!channel&gt; leads*\n• *G2*" {
		t.Errorf("blocks say %q and %q", head, list)
	}

	// Thirty goals: ten named, the rest counted, within Slack's limits.
	var goals []commands.AlertGoal
	var members []goalbot.Alert
	for i := 1; i <= 30; i++ {
		id := fmt.Sprintf("G%d", i)
		goals = append(goals, commands.AlertGoal{ID: id, Name: strings.Repeat("&", 100)})
		members = append(members, goalbot.Alert{GoalID: id, Event: goalbot.EventStale, Recipient: "C1", Since: since})
	}
	m = RenderStale(en, goalbot.StaleGroup("stale:C1:2", members), goals)
	if !strings.HasSuffix(m.Text, "G10 "+strings.Repeat("&amp;", 49)+"…, …and 20 more") || !strings.HasPrefix(m.Text, "30 goals have had") {
		t.Errorf("text = %q", m.Text)
	}
	for _, b := range m.Blocks {
		if s, ok := b.(*slack.SectionBlock); ok && len([]rune(s.Text.Text)) > 3000 {
			t.Errorf("a section of %d characters", len([]rune(s.Text.Text)))
		}
	}
	if n := strings.Count(m.Text, "…and"); n != 1 || len(m.Blocks) != 3 {
		t.Errorf("%d blocks; text %q", len(m.Blocks), m.Text)
	}
}

func TestRenderSourceAlert(t *testing.T) {
	a := goalbot.SourceAlert(goalbot.SourceGoogleAds, goalbot.Text("Google Ads: refused the refresh token <expired> & revoked"), "U9",
		time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 10, 12, 0, 1, 0, time.UTC))
	m := RenderSourceAlert(en, a)
	if !strings.Contains(m.Text, "Google Ads") || !strings.Contains(m.Text, "&lt;expired&gt; &amp; revoked") {
		t.Errorf("text %q: want the source named and the detail escaped", m.Text)
	}
	if m.Metadata.EventType != SourceAlertEventType || m.Metadata.EventPayload["source"] != "google_ads" || m.Metadata.EventPayload["since"] != "2026-03-10" {
		t.Errorf("metadata %+v", m.Metadata)
	}
}

// TestRenderDigestAtLargest: a digest of 100 goals (the most one lists) with the
// longest names, all escaped five-fold, is a message Slack takes: every goal named,
// its blocks within MaxBlockText, no entity cut.
func TestRenderDigestAtLargest(t *testing.T) {
	for _, n := range []int{1, 40, 100} {
		a := goalbot.Alert{Event: goalbot.EventDigest, SubscriptionID: "S1",
			PeriodStart: goalbot.Date{Year: 2026, Month: 3, Day: 9}, PeriodEnd: goalbot.Date{Year: 2026, Month: 3, Day: 15}}
		var goals []commands.AlertGoal
		for i := range n {
			id := fmt.Sprintf("G%d", 1000000+i)
			a.GoalIDs = append(a.GoalIDs, id)
			goals = append(goals, commands.AlertGoal{ID: id, Name: strings.Repeat("&", goalbot.MaxNameLength), Headline: ptr(float64(i))})
		}
		m := RenderDigest(en, a, goals)
		raw, err := json.Marshal(m.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		if code, problems := slacktest.CheckMessage(m.Text, raw); code != "" {
			t.Errorf("%d goals: Slack would refuse the digest with %s: %q", n, code, problems)
		}
		text := unescaped(t, raw)
		for _, id := range a.GoalIDs {
			if !strings.Contains(text, "*"+id+" · &amp;") {
				t.Errorf("%d goals: %s is not listed", n, id)
				break
			}
		}
		if regexp.MustCompile(`&[a-z]*…`).MatchString(text) {
			t.Errorf("%d goals: an entity is cut", n)
		}
		if n == 1 && !strings.Contains(text, strings.Repeat("&amp;", goalbot.MaxNameLength)+"*") {
			t.Errorf("one goal: its name is shortened: %s", text)
		}
	}
}
