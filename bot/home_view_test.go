package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/slack-go/slack"
)

// homeNow is when the Home tabs of these tests are built.
var homeNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// homeGoal is a goal view with a status, headline progress and pace.
func homeGoal(n int, name, creator string, status goalbot.Status, headline float64, pace goalbot.Pace) commands.GoalView {
	g := &goalbot.Goal{ID: fmt.Sprintf("G%d", n), Name: name, Creator: creator, Type: goalbot.NetworkConversions,
		Duration: goalbot.Monthly, Start: goalbot.Date{Year: 2026, Month: 11, Day: 1}, End: goalbot.Date{Year: 2026, Month: 11, Day: 30}}
	return commands.GoalView{Goal: g, Status: status, Measurement: &goalbot.Measurement{GoalID: g.ID, Headline: &headline, Pace: pace}}
}

// roundTrip marshals a Home tab, decodes it into slack-go's types and marshals it
// again: nothing may be lost, and Slack's limits must hold.
func homeRoundTrip(t *testing.T, v slack.HomeTabViewRequest) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back slack.HomeTabViewRequest
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatalf("decode the home tab: %v", err)
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again) {
		t.Fatalf("the home tab changed in a JSON round trip:\n%s\n%s", raw, again)
	}
	if n := len(back.Blocks.BlockSet); n > maxViewBlocks {
		t.Fatalf("home tab has %d blocks, Slack allows %d", n, maxViewBlocks)
	}
	if len(raw) > 250_000 {
		t.Fatalf("home tab is %d bytes, Slack allows 250 kB", len(raw))
	}
	checkTextLimits(t, back.Blocks.BlockSet)
	return string(raw)
}

// checkTextLimits checks the text limits of the blocks the Home tab uses.
func checkTextLimits(t *testing.T, blocks []slack.Block) {
	t.Helper()
	for _, b := range blocks {
		switch x := b.(type) {
		case *slack.HeaderBlock:
			if n := len([]rune(x.Text.Text)); n > 150 {
				t.Errorf("header of %d characters", n)
			}
		case *slack.SectionBlock:
			if n := len([]rune(x.Text.Text)); n > 3000 {
				t.Errorf("section of %d characters", n)
			}
		case *slack.ActionBlock:
			if n := len(x.Elements.ElementSet); n > 25 {
				t.Errorf("actions block of %d elements", n)
			}
		}
	}
}

// homeHeaders are the Home tab's header texts.
func homeHeaders(v slack.HomeTabViewRequest) []string {
	var out []string
	for _, b := range v.Blocks.BlockSet {
		if h, ok := b.(*slack.HeaderBlock); ok {
			out = append(out, h.Text.Text)
		}
	}
	return out
}

// tabButtons are the Home tab's buttons as "action_id=value".
func tabButtons(v slack.HomeTabViewRequest) []string {
	var out []string
	for _, b := range v.Blocks.BlockSet {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, e := range a.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					out = append(out, btn.ActionID+"="+btn.Value)
				}
			}
		}
	}
	return out
}

func TestHomeViewGroupsByStatus(t *testing.T) {
	h := commands.Home{User: "U1", At: homeNow, Manage: map[string]bool{"G1": true, "G2": true}, Goals: []commands.GoalView{
		homeGoal(1, "Leads", "U1", goalbot.InProgress, 42.7, goalbot.OnTrack),
		homeGoal(2, "Risky <!channel>", "U1", goalbot.InProgress, 10, goalbot.AtRisk),
		homeGoal(3, "Later", "U2", goalbot.Pending, 0, ""),
		homeGoal(4, "Done", "U2", goalbot.StatusExceeded, 120, ""),
		homeGoal(5, "Lost", "U2", goalbot.StatusMissed, 50, ""),
	}}
	v := HomeView(en, h)
	raw := homeRoundTrip(t, v)
	want := []string{"Your goals", "⚠️ At risk (1)", "🏃 In progress (1)", "⏳ Not started (1)", "🏆 Exceeded (1)", "❌ Missed (1)"}
	if got := homeHeaders(v); !slices.Equal(got, want) {
		t.Errorf("headers %q, want %q", got, want)
	}
	wantButtons := []string{"goal_new=", "goal_filter=", // a goal not started has no chart yet
		"goal_show=G2", "goal_chart=G2", "goal_edit=G2", "goal_delete=G2",
		"goal_show=G1", "goal_chart=G1", "goal_edit=G1", "goal_delete=G1",
		"goal_show=G3", "goal_show=G4", "goal_chart=G4", "goal_show=G5", "goal_chart=G5"}
	if got := tabButtons(v); !slices.Equal(got, wantButtons) {
		t.Errorf("buttons %q,\nwant %q", got, wantButtons)
	}
	for _, s := range []string{"▰▰▰▰▱▱▱▱▱▱ 42%", "on track", "⚠️ at risk", "by <@U2>", "Risky &lt;!channel&gt;",
		"2 goals you created, 3 from your channels' subscriptions"} {
		if !strings.Contains(raw, s) && !strings.Contains(raw, strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`).Replace(s)) {
			t.Errorf("home tab lacks %q:\n%s", s, raw)
		}
	}
	if strings.Contains(raw, "<!channel>") || strings.Contains(raw, `\u003c!channel\u003e`) {
		t.Errorf("a goal name pings the channel:\n%s", raw)
	}
}

func TestHomeViewEmpty(t *testing.T) {
	v := HomeView(en, commands.Home{User: "U1", At: homeNow})
	raw := homeRoundTrip(t, v)
	if !strings.Contains(raw, "New goal") || !strings.Contains(raw, "You have no goals here yet") {
		t.Errorf("empty home tab: %s", raw)
	}
}

// TestHomeViewAtTheLimits fills every group with many goals with the longest names:
// the tab stays within 100 blocks and 250 kB, shows at most HomeGroupGoals a group,
// and says how many more each group has.
func TestHomeViewAtTheLimits(t *testing.T) {
	statuses := []struct {
		s    goalbot.Status
		pace goalbot.Pace
	}{{goalbot.InProgress, goalbot.AtRisk}, {goalbot.InProgress, goalbot.Behind}, {goalbot.Pending, ""},
		{goalbot.StatusExceeded, ""}, {goalbot.StatusAchieved, ""}, {goalbot.StatusMissed, ""}}
	long := strings.Repeat("<&>", 33) + "x" // 100 characters, each escaped
	for _, groups := range []int{1, 3, 6} {
		h := commands.Home{User: "U1", At: homeNow, Manage: map[string]bool{}, Truncated: true, Unseen: []string{"C9"}}
		for i := range 300 {
			st := statuses[i%groups]
			h.Goals = append(h.Goals, homeGoal(i+1, long, "U1", st.s, 99.96, st.pace))
			h.Manage[fmt.Sprintf("G%d", i+1)] = true
		}
		v := HomeView(en, h)
		raw := homeRoundTrip(t, v)
		if got := len(homeHeaders(v)); got != groups+1 {
			t.Errorf("%d groups: %d headers", groups, got)
		}
		shown := 0
		for _, b := range v.Blocks.BlockSet {
			if s, ok := b.(*slack.SectionBlock); ok && strings.HasPrefix(s.Text.Text, "*G") {
				shown++
			}
		}
		if max := min(groups*HomeGroupGoals, 45); shown > max || shown < groups {
			t.Errorf("%d groups: %d goals shown, want %d at most", groups, shown, max)
		}
		if more := fmt.Sprintf("…and %d more. See them with `/goal list", 300/groups-min(HomeGroupGoals, shown/groups)); !strings.Contains(raw, more) {
			t.Errorf("%d groups: no %q in the tab", groups, more)
		}
		if !strings.Contains(raw, "more than 200 goals") || !strings.Contains(raw, "C9") {
			t.Errorf("%d groups: the notes are missing", groups)
		}
	}
}
