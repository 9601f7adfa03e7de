package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// AlertEventType is the event_type of every alert's message metadata (see
// docs/contract.md).
const AlertEventType = "goal_alert"

// Limits of a stale alert that names several goals: the goals its message names
// (with their names cut to staleNameRunes, so that the list stays well within a
// section's 3,000 characters), and the goal ids its metadata lists.
const (
	staleListed    = 10
	staleNameRunes = 50
	staleMetaIDs   = 100
)

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

// RenderAlerted renders an alert as it is posted: the message of its event.
func RenderAlerted(n commands.Alerted) AlertMessage {
	a := n.Alert
	switch {
	case a.Event == goalbot.EventSourceFailed:
		return RenderSourceAlert(a)
	case a.Event == goalbot.EventDrift:
		return RenderDriftAlert(a)
	case a.Event == goalbot.EventStale && len(a.GoalIDs) > 0:
		return RenderStale(a, n.Goals)
	case a.Event == goalbot.EventDigest:
		return RenderDigest(a, n.Goals)
	}
	return RenderAlert(a, n.Goal)
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
		text = a.GoalID + " " + Escape(name) + ": " + words
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
	if btext, bbody, bcontext, ok := budgetAlert(messages.English(), a, strings.TrimSuffix(text, ": "+words)); ok {
		text, body = btext, bbody+"\n"+body
		if bcontext != "" {
			facts = append(facts, bcontext)
		}
	}
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

// RenderDigest renders the weekly digest a with the goals it lists: every one of them
// (a digest lists at most 100), a line each, their names shortened as their number
// needs so that the message stays within MaxBlockText.
func RenderDigest(a goalbot.Alert, goals []commands.AlertGoal) AlertMessage {
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
	budget := MaxBlockText - 1000
	name := FairShare(budget, len(goals), len(digestLine(commands.AlertGoal{ID: "G0000000"}, 0)), 20, 5*goalbot.MaxNameLength)
	lines := make([]string, len(goals))
	for i, g := range goals {
		lines[i] = digestLine(g, name)
	}
	shown, n := LineSections(lines, budget)
	blocks = append(blocks, shown...)
	if n < len(goals) {
		rest := make([]string, 0, len(goals)-n)
		for _, g := range goals[n:] {
			rest = append(rest, g.ID)
		}
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more: %s", len(rest), strings.Join(rest, ", "))))
	}
	return AlertMessage{Text: truncate(text, MaxFallbackText), Blocks: blocks, Metadata: alertMetadata(a)}
}

// digestLine is one goal of a digest, its name shortened to name characters (escaped).
func digestLine(g commands.AlertGoal, name int) string {
	title := "*" + g.ID + "*"
	if g.Name != "" {
		title = "*" + g.ID + " · " + EscapeWithin(g.Name, name) + "*"
	}
	return title + " " + commands.ProgressBar(g.Headline)
}

// RenderStale renders stale alert a that names several goals (a.GoalIDs), given as
// loaded when it is posted (Name "" for a goal deleted meanwhile): one message that
// says since when none of them has had metrics and names them, the first
// staleListed by name and the rest by count.
func RenderStale(a goalbot.Alert, goals []commands.AlertGoal) AlertMessage {
	since := a.Since.UTC().Format("2006-01-02 15:04 UTC")
	lead := fmt.Sprintf("%d goals have had no metrics since %s (%s)", len(goals), since, a.Words())
	var names, lines []string
	for i, g := range goals {
		if i == staleListed {
			more := fmt.Sprintf("…and %d more", len(goals)-i)
			names, lines = append(names, more), append(lines, more)
			break
		}
		name := truncate(g.Name, staleNameRunes)
		names = append(names, strings.TrimSpace(g.ID+" "+Escape(name)))
		lines = append(lines, "• "+goalTitle(g.ID, name))
	}
	when := fmt.Sprintf("<!date^%d^{date_short_pretty} {time}|%s>", a.Since.Unix(), since)
	return AlertMessage{
		Text: lead + ": " + strings.Join(names, ", "),
		Blocks: []slack.Block{
			section(fmt.Sprintf("%s *%d goals* have had no metrics since %s (%s).", alertEmoji(a), len(goals), when, a.Words())),
			section(strings.Join(lines, "\n")),
			contextBlock("No metrics row has arrived for any of their campaigns since then: check the push or import of their metrics."),
		},
		Metadata: alertMetadata(a),
	}
}

// alertWords is the event in words: started, reached 75%, achieved, no metrics for 48 hours…
func alertWords(a goalbot.Alert) string { return a.Words() }

func alertEmoji(a goalbot.Alert) string {
	if e := budgetEmoji(a); e != "" {
		return e
	}
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

// alertMetadata is the goal_alert metadata of a: goal_id (goal_ids for a digest; for
// stale goals grouped, goal_ids, the first staleMetaIDs, and goal_count), event,
// period_start, period_end, progress with one decimal or null, threshold, outcome and
// final_outcome where they apply, and for stale the instant since which no metrics
// came (since, RFC 3339).
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
	switch {
	case a.Event == goalbot.EventDigest:
		p["goal_ids"] = append([]string{}, a.GoalIDs...)
	case len(a.GoalIDs) > 0: // stale goals, grouped
		p["goal_ids"] = append([]string{}, a.GoalIDs[:min(len(a.GoalIDs), staleMetaIDs)]...)
		p["goal_count"] = len(a.GoalIDs)
	default:
		p["goal_id"] = a.GoalID
	}
	if a.Event == goalbot.EventStale && !a.Since.IsZero() {
		p["since"] = a.Since.UTC().Format(time.RFC3339)
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
	budgetMetadata(a, p)
	return slack.SlackMetadata{EventType: AlertEventType, EventPayload: p}
}
