package main

import (
	"fmt"

	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/commands"
)

// newBot builds the Slack side: the socket-mode bot with its routes, and, on its Web
// API client, the workspace admin checker the use cases ask. It connects nothing
// until the bot is started.
func (m *Main) newBot() error {
	// The App Home tab: published when opened, republished (paced) after changes.
	homes := &bot.Homes{App: m.App, Store: m.Store, Rate: m.Config.HomePublishRate, Logger: m.Logger}
	r := bot.NewRouter()
	r.Command(bot.CommandGoal, homes.RefreshAfterCommand(bot.GoalCommand(m.App)))
	for _, id := range bot.ClickActions {
		h := bot.GoalClick(m.App)
		if id == commands.ActionDeleteConfirm {
			h = homes.RefreshAfter(h)
		}
		r.Action(id, h)
	}
	r.Action(commands.ActionDeleteSelected, bot.DeleteSelected(m.App))
	r.Ignore(commands.ActionSelect)
	r.Event("app_home_opened", homes.Opened())
	r.Action(commands.ActionNewGoal, homes.CreateOpen())
	r.Action(commands.ActionFilter, bot.FilterOpen(m.App))
	r.Action(commands.ActionFilterClear, bot.FilterClear(m.App))
	r.Submission(commands.CallbackFilter, bot.FilterSubmit(m.App))
	r.Submission(commands.CallbackEdit, homes.RefreshAfterSubmit(bot.EditSubmit(m.App)))
	r.Submission(commands.CallbackCreate, homes.RefreshAfterSubmit(bot.CreateSubmit(m.App)))
	r.Action(commands.ActionCreateBack, bot.CreateBack(m.App))
	r.Action(commands.ActionCreateShow, bot.CreateShow(m.App))
	r.Suggestion(commands.FieldCampaigns, bot.CatalogSuggest(m.App))
	r.Suggestion(commands.FieldAccounts, bot.CatalogSuggest(m.App))
	b, err := bot.New(bot.Config{
		BotToken: string(m.Config.SlackBotToken), AppToken: string(m.Config.SlackAppToken),
		APIURL: m.Config.SlackAPIURL, Once: m.Store, Logger: m.Logger, Retry: m.slackRetry,
	}, r)
	if err != nil {
		return fmt.Errorf("start slack: %w", err)
	}
	m.Bot = b
	m.App.Workspace = bot.NewAdmins(b.API(), bot.AdminTTL)
	channels := bot.NewChannels(b.API())
	m.App.Channels = channels
	homes.Slack, homes.Members = b.API(), bot.NewMembers(channels, bot.MembersTTL)
	m.Homes = homes
	return nil
}
