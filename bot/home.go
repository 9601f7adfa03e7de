package bot

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// homeGoals is how many goals the Home tab lists (a Home view holds 100 blocks).
const homeGoals = 40

// HomeOpened publishes the user's Home tab on app_home_opened: the goals they
// created, with their status and headline progress. While the store is unavailable,
// the tab says so (the bot's error path publishes it).
func HomeOpened(goals Goals) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.UserID == "" {
			return nil
		}
		views, next, err := goals.ListGoals(ctx, goalbot.Filter{Users: []string{r.UserID}}, "", homeGoals)
		if err != nil {
			return fmt.Errorf("list the goals of %s: %w", r.UserID, err)
		}
		blocks := []slack.Block{slack.NewHeaderBlock(plain("Your goals"))}
		if len(views) == 0 {
			blocks = append(blocks, section("You have not created any goals yet. Create one with `/goal create` in any channel, "+
				"or type `/goal help` for everything goalbot does."))
		}
		for _, v := range views {
			blocks = append(blocks, section(goalSummary(v)), slack.NewDividerBlock())
		}
		if next != "" {
			blocks = append(blocks, contextBlock(fmt.Sprintf("Showing your first %d goals.", homeGoals)))
		}
		return publishHome(ctx, r.bot.api, r.UserID, blocks)
	}
}

// publishHome publishes blocks as user's Home tab.
func publishHome(ctx context.Context, api *slack.Client, user string, blocks []slack.Block) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		return fmt.Errorf("publish the home tab of %s: %w", user, err)
	}
	return nil
}
