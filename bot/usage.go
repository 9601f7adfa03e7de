package bot

import (
	"context"

	"github.com/slack-go/slack"
)

// CommandGoal is goalbot's slash command.
const CommandGoal = "/goal"

// usageText is the answer to /goal: what goalbot does in Slack today.
const usageText = "*goalbot* tracks marketing goals for your ad campaigns and posts their alerts in Slack.\n\n" +
	"• *Goals* are created, listed, edited and deleted over goalbot's HTTP API (`/v1/goals`, with the API token " +
	"your goalbot admin holds); `/goal` answers with this help.\n" +
	"• *Alerts* come as direct messages to a goal's creator (by default when it starts and at each milestone) " +
	"and as posts in the channels subscribed to it: started, reached 50%, 75% and 100%, achieved, exceeded, " +
	"missed, at risk, no metrics for 48 hours, and a weekly digest.\n" +
	"• *View goal* on an alert shows the goal's progress to you alone.\n" +
	"• Your *Home* tab (open goalbot under Apps) lists the goals you created, with their progress."

// Usage answers /goal with what goalbot does in Slack, whatever the arguments.
func Usage(ctx context.Context, r *Request) error {
	return r.Reply(ctx, Message{Text: "goalbot help", Blocks: []slack.Block{section(usageText)}})
}
