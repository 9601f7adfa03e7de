package bot

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
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

// RenderAlerted renders an alert as it is posted, in p's language: the message of
// its event.
func RenderAlerted(p *messages.Printer, n commands.Alerted) AlertMessage {
	a := n.Alert
	switch {
	case a.Event == goalbot.EventSourceFailed:
		return RenderSourceAlert(p, a)
	case a.Event == goalbot.EventDrift:
		return RenderDriftAlert(p, a)
	case a.Event == goalbot.EventStale && len(a.GoalIDs) > 0:
		return RenderStale(p, a, n.Goals)
	case a.Event == goalbot.EventDigest:
		return RenderDigest(p, a, n.Goals)
	}
	m := RenderAlert(p, a, n.Goal)
	if n.Outlook != nil && n.Goal != nil { // at risk: what reaching the target takes now
		m.Blocks = slices.Insert(m.Blocks, len(m.Blocks)-1, slack.Block(section(commands.OutlookText(p, n.Goal, *n.Outlook))))
	}
	return m
}

// RenderAlert renders alert a of goal g in p's language; g is nil when the goal could
// not be loaded (it was deleted meanwhile), and the alert then names the goal by its
// id alone. Its dates are Slack dates, shown in each reader's own format.
func RenderAlert(p *messages.Printer, a goalbot.Alert, g *goalbot.Goal) AlertMessage {
	name, loc := "", time.UTC
	var facts []string
	if g != nil {
		name, loc = g.Name, g.Location()
		facts = append(facts, p.Type(g.Type))
	}
	words := p.AlertWords(a)
	title := goalTitle(a.GoalID, name)
	text := a.GoalID + ": " + words
	if name != "" {
		text = a.GoalID + " " + Escape(name) + ": " + words
	}
	what := "alerts.period"
	if a.Event == goalbot.EventStarted {
		what = "alerts.range"
	}
	facts = append(facts, p.T(what, messages.Args{"Start": slackDate(p, a.PeriodStart, loc), "End": slackDate(p, a.PeriodEnd, loc)}))
	body := p.ProgressBar(a.Progress)
	if btext, bbody, bcontext, ok := budgetAlert(p, a, strings.TrimSuffix(text, ": "+words)); ok {
		text, body = btext, bbody+"\n"+body
		if bcontext != "" {
			facts = append(facts, bcontext)
		}
	}
	if a.FinalOutcome != "" {
		final := p.Outcome(a.FinalOutcome)
		body += "\n" + p.T("alerts.final_outcome", messages.Args{"Outcome": final})
		text += "; " + p.T("alerts.final_outcome.text", messages.Args{"Outcome": final})
	}
	view := slack.NewButtonBlockElement(ActionShowGoal, a.GoalID, plain(truncate(p.T("alerts.view_goal"), 75)))
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

// RenderDigest renders the weekly digest a with the goals it lists, in p's language:
// every one of them (a digest lists at most 100), a line each, their names shortened
// as their number needs so that the message stays within MaxBlockText.
func RenderDigest(p *messages.Printer, a goalbot.Alert, goals []commands.AlertGoal) AlertMessage {
	count := p.N("goals", len(goals))
	plainWeek := p.T("alerts.digest.week", messages.Args{"Start": plainDate(p, a.PeriodStart), "End": plainDate(p, a.PeriodEnd)})
	week := p.T("alerts.digest.week", messages.Args{"Start": slackDate(p, a.PeriodStart, time.UTC), "End": slackDate(p, a.PeriodEnd, time.UTC)})
	text := p.T("alerts.digest.text", messages.Args{"Week": plainWeek, "Goals": count})
	if len(goals) > 0 {
		text += ": " + strings.Join(a.GoalIDs, ", ")
	}
	blocks := []slack.Block{section(alertEmoji(a) + " " + p.T("alerts.digest.title", messages.Args{"Week": week, "Goals": count}))}
	if len(goals) == 0 {
		blocks = append(blocks, contextBlock(p.T("alerts.digest.none")))
	}
	budget := MaxBlockText - 1000
	name := FairShare(budget, len(goals), len(digestLine(p, commands.AlertGoal{ID: "G0000000"}, 0)), 20, 5*goalbot.MaxNameLength)
	lines := make([]string, len(goals))
	for i, g := range goals {
		lines[i] = digestLine(p, g, name)
	}
	shown, n := LineSections(lines, budget)
	blocks = append(blocks, shown...)
	if n < len(goals) {
		rest := make([]string, 0, len(goals)-n)
		for _, g := range goals[n:] {
			rest = append(rest, g.ID)
		}
		blocks = append(blocks, contextBlock(p.T("slack.and_more_ids", messages.Args{"Count": p.Int(int64(len(rest))), "IDs": strings.Join(rest, ", ")})))
	}
	return AlertMessage{Text: truncate(text, MaxFallbackText), Blocks: blocks, Metadata: alertMetadata(a)}
}

// digestLine is one goal of a digest, its name shortened to name characters (escaped).
func digestLine(p *messages.Printer, g commands.AlertGoal, name int) string {
	title := "*" + g.ID + "*"
	if g.Name != "" {
		title = "*" + g.ID + " · " + EscapeWithin(g.Name, name) + "*"
	}
	return title + " " + p.ProgressBar(g.Headline)
}

// RenderStale renders stale alert a that names several goals (a.GoalIDs), given as
// loaded when it is posted (Name "" for a goal deleted meanwhile), in p's language:
// one message that says since when none of them has had metrics and names them, the
// first staleListed by name and the rest by count.
func RenderStale(p *messages.Printer, a goalbot.Alert, goals []commands.AlertGoal) AlertMessage {
	words := p.AlertWords(a)
	since := plainInstant(p, a.Since)
	lead := p.N("alerts.stale.text", len(goals), messages.Args{"Since": since, "Words": words})
	var names, lines []string
	for i, g := range goals {
		if i == staleListed {
			more := p.T("slack.and_more", messages.Args{"Count": p.Int(int64(len(goals) - i))})
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
			section(alertEmoji(a) + " " + p.N("alerts.stale.title", len(goals), messages.Args{"Since": when, "Words": words})),
			section(strings.Join(lines, "\n")),
			contextBlock(p.T("alerts.stale.check")),
		},
		Metadata: alertMetadata(a),
	}
}

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
