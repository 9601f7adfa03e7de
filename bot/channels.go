package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// Channels answers channel membership for subscriptions (commands.Channels) with
// conversations.members and conversations.info.
type Channels struct{ api *slack.Client }

// NewChannels returns the membership checker on api.
func NewChannels(api *slack.Client) *Channels { return &Channels{api: api} }

// IsMember reports whether user is a member of channel.
func (c *Channels) IsMember(ctx context.Context, channel, user string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	cursor := ""
	for {
		members, next, err := c.api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: channel, Cursor: cursor, Limit: 1000})
		if err != nil {
			return false, channelError(channel, err)
		}
		if slices.Contains(members, user) {
			return true, nil
		}
		if next == "" {
			return false, nil
		}
		cursor = next
	}
}

// IsPrivate reports whether channel is private.
func (c *Channels) IsPrivate(ctx context.Context, channel string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	ch, err := c.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channel})
	if err != nil {
		return false, channelError(channel, err)
	}
	return ch.IsPrivate, nil
}

// channelError turns Slack's answer for a channel goalbot cannot see into a message
// that says what to do.
func channelError(channel string, err error) error {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "channel_not_found" || se.Err == "not_in_channel") {
		return goalbot.Invalid("errors.bot.channel", goalbot.Args{"Channel": channel})
	}
	return fmt.Errorf("look up channel %s: %w", channel, err)
}

// Members lists channel's members (conversations.members, every page).
func (c *Channels) Members(ctx context.Context, channel string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	var out []string
	cursor := ""
	for {
		members, next, err := c.api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: channel, Cursor: cursor, Limit: 1000})
		if err != nil {
			return nil, channelError(channel, err)
		}
		out = append(out, members...)
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}
