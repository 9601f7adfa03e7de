package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// Goals is what the bot reads of goals (commands.App implements it).
type Goals interface {
	GetGoal(ctx context.Context, id string) (commands.GoalView, error)
	ListGoals(ctx context.Context, f goalbot.Filter, cursor string, limit int) ([]commands.GoalView, string, error)
}

// goalTitle is "*G12 · Spring leads*", with the name escaped.
func goalTitle(id, name string) string {
	if name == "" {
		return "*" + id + "*"
	}
	return "*" + id + " · " + commands.Escape(name) + "*"
}

// goalSummary is a goal in a few mrkdwn lines: its title, type, range and status,
// and its headline progress as a bar.
func goalSummary(v commands.GoalView) string {
	g := v.Goal
	var b strings.Builder
	b.WriteString(goalTitle(g.ID, g.Name) + "\n")
	fmt.Fprintf(&b, "%s · %s · %s – %s · %s\n", g.Type.Label(), g.Duration, g.Start, g.End, statusWords(v.Status))
	b.WriteString(commands.ProgressBar(v.Headline()))
	return b.String()
}

// statusWords is a status as people read it ("in progress").
func statusWords(s goalbot.Status) string { return strings.ReplaceAll(string(s), "_", " ") }
