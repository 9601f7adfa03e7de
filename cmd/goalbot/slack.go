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
	r.Command(bot.CommandGoal, bot.GoalCommand(m.App, homes.AfterChange))
	for _, id := range bot.ClickActions {
		r.Action(id, bot.GoalClick(m.App, homes.AfterChange))
	}
	r.Action(bot.ActionDeleteSelected, bot.DeleteSelected(m.App))
	r.Ignore(bot.ActionSelect)
	r.Event("app_home_opened", homes.Opened())
	r.Action(bot.ActionNewGoal, bot.CreateOpen(m.App))
	r.Action(bot.ActionFilter, bot.FilterOpen(m.App))
	r.Action(bot.ActionFilterClear, bot.FilterClear(m.App))
	r.Submission(bot.CallbackFilter, bot.FilterSubmit(m.App))
	r.Submission(bot.CallbackEdit, bot.EditSubmit(m.App, homes.AfterChange))
	r.Submission(bot.CallbackCreate, bot.CreateSubmit(m.App, homes.AfterChange))
	r.Action(bot.ActionCreateBack, bot.CreateBack(m.App))
	r.Action(bot.ActionCreateShow, bot.CreateShow(m.App))
	r.Suggestion(commands.FieldCampaigns, bot.CatalogSuggest(m.App))
	r.Suggestion(commands.FieldAccounts, bot.CatalogSuggest(m.App))
	b, err := bot.New(bot.Config{
		BotToken: string(m.Config.SlackBotToken), AppToken: string(m.Config.SlackAppToken),
		APIURL: m.Config.SlackAPIURL, Once: m.Store, Logger: m.Logger, Retry: m.slackRetry, Locale: m.Config.Locale,
	}, r)
	if err != nil {
		return fmt.Errorf("start slack: %w", err)
	}
	m.Bot = b
	admins := bot.NewAdmins(b.API(), bot.AdminTTL)
	admins.Locales = b.Locales() // its users.info answers tell their languages too
	m.App.Workspace = admins
	channels := bot.NewChannels(b.API())
	m.App.Channels = channels
	homes.Slack, homes.Members, homes.Locales = b.API(), bot.NewMembers(channels, bot.MembersTTL), b.Locales()
	m.Homes = homes
	return nil
}
