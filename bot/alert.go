package bot

import (
	"encoding/json"
	"fmt"
	"github.com/goalbot/goalbot/commands"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// AlertEventType is the event_type of every alert's message metadata (SPEC §3).
const AlertEventType = "goal_alert"

// AlertMessage is an alert as it is posted: the fallback text, the Block Kit blocks and
// the message metadata.
type AlertMessage struct {
	Text     string
	Blocks   []slack.Block
	Metadata slack.SlackMetadata
}

// options returns the chat.postMessage options that post m.
func (m AlertMessage) options() []slack.MsgOption {
	return []slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...), slack.MsgOptionMetadata(m.Metadata)}
}

// RenderAlert renders alert a of goal g; g is nil when the goal could not be loaded
// (it was deleted meanwhile), and the alert then names the goal by its id alone.
func RenderAlert(a goalbot.Alert, g *goalbot.Goal) AlertMessage {
	name, typ := "", ""
	if g != nil {
		name, typ = g.Name, g.Type.Label()
	}
	words := alertWords(a)
	title := goalTitle(a.GoalID, name)
	text := a.GoalID + ": " + words
	if name != "" {
		text = a.GoalID + " " + commands.Escape(name) + ": " + words
	}
	var facts []string
	if typ != "" {
		facts = append(facts, typ)
	}
	what := "Period"
	if a.Event == goalbot.EventStarted {
		what = "Range"
	}
	facts = append(facts, fmt.Sprintf("%s %s – %s", what, a.PeriodStart, a.PeriodEnd))
	body := commands.ProgressBar(a.Progress)
	if a.FinalOutcome != "" {
		body += "\nFinal outcome of the goal: *" + string(a.FinalOutcome) + "*"
		text += "; final outcome: " + string(a.FinalOutcome)
	}
	view := slack.NewButtonBlockElement(ActionShowGoal, a.GoalID, plain("View goal"))
	return AlertMessage{
		Text: text,
		Blocks: []slack.Block{
			section(alertEmoji(a) + " " + title + ": " + words),
			contextBlock(strings.Join(facts, " · ")),
			section(body),
			slack.NewActionBlock("goal_alert", view),
		},
		Metadata: alertMetadata(a),
	}
}

// DigestGoal is one goal of a weekly digest, as loaded when it is posted.
type DigestGoal struct {
	ID       string
	Name     string   // "" when the goal was deleted meanwhile
	Headline *float64 // nil when unknown
}

// RenderDigest renders the weekly digest a with the goals it lists: every one of them
// (a digest lists at most 100), a line each, their names shortened as their number
// needs so that the message stays within commands.MaxBlockText.
func RenderDigest(a goalbot.Alert, goals []DigestGoal) AlertMessage {
	week := fmt.Sprintf("the week of %s – %s", a.PeriodStart, a.PeriodEnd)
	count := fmt.Sprintf("%d goals", len(goals))
	if len(goals) == 1 {
		count = "1 goal"
	}
	text := fmt.Sprintf("goalbot weekly digest for %s: %s", week, count)
	if len(goals) > 0 {
		text += ": " + strings.Join(a.GoalIDs, ", ")
	}
	blocks := []slack.Block{section(fmt.Sprintf("%s *Weekly digest* for %s: %s", alertEmoji(a), week, count))}
	if len(goals) == 0 {
		blocks = append(blocks, contextBlock("No goal matches this channel's subscription right now."))
	}
	budget := commands.MaxBlockText - 1000
	name := commands.FairShare(budget, len(goals), len(digestLine(DigestGoal{ID: "G0000000"}, 0)), 20, 5*goalbot.MaxNameLength)
	lines := make([]string, len(goals))
	for i, g := range goals {
		lines[i] = digestLine(g, name)
	}
	shown, n := commands.LineSections(lines, budget)
	blocks = append(blocks, shown...)
	if n < len(goals) {
		rest := make([]string, 0, len(goals)-n)
		for _, g := range goals[n:] {
			rest = append(rest, g.ID)
		}
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more: %s", len(rest), strings.Join(rest, ", "))))
	}
	return AlertMessage{Text: truncate(text, commands.MaxFallbackText), Blocks: blocks, Metadata: alertMetadata(a)}
}

// digestLine is one goal of a digest, its name shortened to name characters (escaped).
func digestLine(g DigestGoal, name int) string {
	title := "*" + g.ID + "*"
	if g.Name != "" {
		title = "*" + g.ID + " · " + commands.EscapeWithin(g.Name, name) + "*"
	}
	return title + " " + commands.ProgressBar(g.Headline)
}

// alertWords is the event in words (SPEC §3): started, reached 75%, achieved…
func alertWords(a goalbot.Alert) string {
	return goalbot.Occurrence{Event: a.Event, Level: a.Threshold, Outcome: a.Outcome}.Words()
}

func alertEmoji(a goalbot.Alert) string {
	switch a.Event {
	case goalbot.EventStarted:
		return ":rocket:"
	case goalbot.EventThreshold:
		return ":chart_with_upwards_trend:"
	case goalbot.EventMilestone:
		if a.Outcome == goalbot.Missed {
			return ":red_circle:"
		}
		return ":trophy:"
	case goalbot.EventAtRisk:
		return ":warning:"
	case goalbot.EventStale:
		return ":hourglass:"
	}
	return ":calendar:"
}

// alertMetadata is the goal_alert metadata of a (SPEC §3): goal_id (goal_ids for a
// digest), event, period_start, period_end, progress with one decimal or null, and
// threshold, outcome and final_outcome where they apply.
func alertMetadata(a goalbot.Alert) slack.SlackMetadata {
	p := map[string]any{
		"event":        string(a.Event),
		"period_start": a.PeriodStart.String(),
		"period_end":   a.PeriodEnd.String(),
		"progress":     nil,
	}
	if a.Progress != nil {
		p["progress"] = json.Number(fmt.Sprintf("%.1f", goalbot.Round1(*a.Progress)))
	}
	if a.Event == goalbot.EventDigest {
		p["goal_ids"] = append([]string{}, a.GoalIDs...)
	} else {
		p["goal_id"] = a.GoalID
	}
	if a.Event == goalbot.EventThreshold {
		p["threshold"] = a.Threshold
	}
	if a.Event == goalbot.EventMilestone {
		p["outcome"] = string(a.Outcome)
		if a.FinalOutcome != "" {
			p["final_outcome"] = string(a.FinalOutcome)
		}
	}
	return slack.SlackMetadata{EventType: AlertEventType, EventPayload: p}
}
