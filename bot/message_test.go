package bot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
)

// brokenEntity finds an entity cut short by a truncation.
var brokenEntity = regexp.MustCompile(`&[a-z#0-9]*…`)

// checkMessage checks a reply as chat.postMessage would take it, through the fake
// Slack's checker, and returns the text of its blocks.
func checkMessage(t *testing.T, name string, r Message) string {
	t.Helper()
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Blocks); err != nil {
		t.Fatal(err)
	}
	raw := json.RawMessage(buf.String())
	if code, problems := slacktest.CheckMessage(r.Text, raw); code != "" {
		t.Errorf("%s: Slack would refuse it with %s: %q", name, code, problems)
	}
	if utf8.RuneCountInString(r.Text) > MaxFallbackText {
		t.Errorf("%s: a fallback text of %d characters", name, utf8.RuneCountInString(r.Text))
	}
	text := r.Text + "\n" + string(raw)
	if m := brokenEntity.FindString(string(raw)); m != "" {
		t.Errorf("%s: an entity cut short: %q", name, m)
	}
	return text
}

// worstName is a goal name of 100 characters that escaping makes five times longer.
var worstName = strings.Repeat("&", goalbot.MaxNameLength)

// TestDeleteConfirmNamesEveryGoal: the confirmation names every goal its button deletes,
// up to MaxDelete goals with the longest names, within Slack's limits.
func TestDeleteConfirmNamesEveryGoal(t *testing.T) {
	for _, n := range []int{1, 20, 40, commands.MaxDelete} {
		var gs []*goalbot.Goal
		for i := range n {
			gs = append(gs, &goalbot.Goal{ID: fmt.Sprintf("G%d", 1000000+i), Name: worstName})
		}
		r := deleteConfirmMessage(en, commands.DeleteAsked{Goals: gs})
		text := checkMessage(t, fmt.Sprintf("%d goals", n), r)
		for _, g := range gs {
			if !strings.Contains(text, "*"+g.ID+"* · &amp;") {
				t.Errorf("%d goals: %s is not named", n, g.ID)
				break
			}
		}
		if n == 1 && !strings.Contains(text, "· "+strings.Repeat("&amp;", goalbot.MaxNameLength)) {
			t.Errorf("one goal: its name is shortened")
		}
		last := r.Blocks[len(r.Blocks)-1].(*slack.ActionBlock).Elements.ElementSet[0].(*slack.ButtonBlockElement)
		if got := len(strings.Fields(last.Value)); got != n {
			t.Errorf("%d goals: the button deletes %d", n, got)
		}
	}
}

// TestSubscriptionsReplyAtLargest: 200 subscriptions with the longest filters make a
// reply Slack takes, with a fallback text of at most 3,000 characters, every
// subscription named.
func TestSubscriptionsReplyAtLargest(t *testing.T) {
	var camps []string
	for i := range goalbot.MaxCampaigns {
		camps = append(camps, fmt.Sprintf("%03d%s", i, strings.Repeat("&", goalbot.MaxIDLength-3)))
	}
	var subs []*goalbot.Subscription
	for i := range 200 {
		subs = append(subs, &goalbot.Subscription{ID: fmt.Sprintf("S%d", i+1), Channel: "C0123456789",
			Filter: goalbot.Filter{Campaigns: camps, Teams: []string{"growth"}}, Events: goalbot.Events, Failure: strings.Repeat("<x>", 1000)})
	}
	r := subscriptionsMessage(en, commands.SubscriptionList{Subscriptions: subs})
	text := checkMessage(t, "200 subscriptions", r)
	for _, s := range subs {
		if !regexp.MustCompile(`\b` + s.ID + `\b`).MatchString(text) {
			t.Errorf("%s is not named", s.ID)
		}
	}
	if !strings.Contains(text, "*S1* <#C0123456789>") || !strings.Contains(r.Text, "200 subscriptions: S1, S2") {
		t.Errorf("reply = %q\n%s", r.Text, text)
	}
	one := subscriptionsMessage(en, commands.SubscriptionList{Subscriptions: subs[:1]})
	if checkMessage(t, "1 subscription", one); !strings.HasPrefix(one.Text, "1 subscription: S1") {
		t.Errorf("one subscription: %q", one.Text)
	}
}

// TestTextReplyBounded: a reply of any length of text is within Slack's limits.
func TestTextReplyBounded(t *testing.T) {
	long := strings.Repeat("• a line with &amp; entities &lt;b&gt; "+strings.Repeat("x", 100)+"\n", 400)
	r := textMessage(en, long)
	text := checkMessage(t, "long text", r)
	if !strings.Contains(text, "too long for one message") {
		t.Errorf("the reply does not say it was cut")
	}
}
