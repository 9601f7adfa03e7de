package bot

import (
	"context"

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
	return "*" + id + " · " + Escape(name) + "*"
}
