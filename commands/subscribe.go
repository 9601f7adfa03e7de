package commands

import (
	"context"
	"fmt"
	"slices"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// Channels answers membership questions about Slack channels (the Slack side
// implements it with conversations.members and conversations.info).
type Channels interface {
	IsMember(ctx context.Context, channel, user string) (bool, error)
	IsPrivate(ctx context.Context, channel string) (bool, error)
}

// mayActIn reports whether actor may act on channel (subscribe it, post a chart to
// it): a member, a workspace admin or owner, or a goalbot admin. Without Channels
// (the console, run by the admin on the store) membership is not checked.
func (a *App) mayActIn(ctx context.Context, actor Actor, channel string) (bool, error) {
	if a.isAdmin(ctx, actor) || a.Channels == nil {
		return true, nil
	}
	ok, err := a.Channels.IsMember(ctx, channel, actor.UserID)
	if err != nil {
		return false, fmt.Errorf("check membership of %s: %w", channel, err)
	}
	return ok, nil
}

// mayManageChannel reports whether actor may subscribe channel or remove its
// subscriptions: a member, a workspace admin or owner, or a goalbot admin. Without a
// Channels (the console, run by the admin on the store) membership is not checked.
func (a *App) mayManageChannel(ctx context.Context, actor Actor, channel string) error {
	ok, err := a.mayActIn(ctx, actor, channel)
	if err != nil {
		return err
	}
	if !ok {
		return goalbot.NewError(goalbot.EFORBIDDEN, "errors.subscription.forbidden", goalbot.Args{"Channel": channel})
	}
	return nil
}

// isAdmin reports whether actor is the API token, a goalbot admin or a workspace
// admin or owner.
func (a *App) isAdmin(ctx context.Context, actor Actor) bool {
	if actor.Admin || slices.Contains(a.Admins, actor.UserID) {
		return true
	}
	if a.Workspace == nil || actor.UserID == "" {
		return false
	}
	ok, err := a.Workspace.IsWorkspaceAdmin(ctx, actor.UserID)
	if err != nil {
		a.Logger.WarnContext(ctx, "check workspace admin", "user", actor.UserID, "err", err)
	}
	return ok
}

// SubscriptionOptions are how a subscription's alerts come, beside which ones.
type SubscriptionOptions struct {
	// Lang is the language of the channel's alerts ("" for goalbot's default).
	Lang string
	// Charts: milestone alerts and digests carry the goals' charts (`chart:yes`).
	Charts bool
}

// Subscribe sends alerts of the goals that match f to channel (see docs/contract.md),
// as opts say.
func (a *App) Subscribe(ctx context.Context, actor Actor, channel string, f goalbot.Filter, events []goalbot.Event, opts SubscriptionOptions) (*goalbot.Subscription, error) {
	if err := a.mayManageChannel(ctx, actor, channel); err != nil {
		return nil, err
	}
	if events == nil {
		events = append([]goalbot.Event{}, goalbot.DefaultSubscriptionEvents...)
	}
	s := &goalbot.Subscription{Channel: channel, Filter: f, Events: events, Creator: actor.UserID, CreatedAt: a.now().UTC(),
		Lang: opts.Lang, Charts: opts.Charts}
	if err := a.Store.CreateSubscription(ctx, s); err != nil {
		return nil, fmt.Errorf("create subscription: %w", err)
	}
	return s, nil
}

// takeLang takes the lang: pair out of a subscribe command's pairs and returns the
// code of the language it names ("sv" for sv, sv-SE or SV; "" when none is typed).
// A language goalbot does not speak is refused with the ones it does.
func (c *Command) takeLang() (string, error) {
	lang, typed := c.Value("lang")
	if !typed {
		return "", nil
	}
	c.Pairs = slices.DeleteFunc(slices.Clone(c.Pairs), func(kv [2]string) bool { return kv[0] == "lang" })
	code, ok := messages.Supported(lang)
	if !ok {
		return "", goalbot.Problems{{Field: "lang", Message: goalbot.M("errors.subscription.lang", goalbot.Args{"Lang": goalbot.Quote(lang), "Choices": languageChoices()})}}.Err()
	}
	return code, nil
}

// languageChoices names the languages goalbot speaks by code and name: "en (English)
// or sv (Swedish)", the names in the reader's language.
func languageChoices() goalbot.List {
	codes := messages.Codes()
	items := make([]any, len(codes))
	for i, c := range codes {
		items[i] = goalbot.M("errors.subscription.lang_choice", goalbot.Args{"Code": c, "Name": goalbot.M("language."+c, nil)})
	}
	return goalbot.List{Items: items, Join: goalbot.JoinOr}
}

// Unsubscribe removes one subscription of channel (id) or all of them (id "").
func (a *App) Unsubscribe(ctx context.Context, actor Actor, channel, id string) ([]string, error) {
	if err := a.mayManageChannel(ctx, actor, channel); err != nil {
		return nil, err
	}
	subs, err := a.Store.SubscriptionsByChannel(ctx, channel)
	if err != nil {
		return nil, fmt.Errorf("load subscriptions of %s: %w", channel, err)
	}
	var removed []string
	for _, s := range subs {
		if id != "" && s.ID != id {
			continue
		}
		if err := a.Store.DeleteSubscription(ctx, s.ID); err != nil {
			return removed, fmt.Errorf("delete subscription %s: %w", s.ID, err)
		}
		removed = append(removed, s.ID)
	}
	if id != "" && len(removed) == 0 {
		return nil, goalbot.NewError(goalbot.ENOTFOUND, "errors.subscription.missing", goalbot.Args{"Channel": channel, "ID": id})
	}
	return removed, nil
}

// ListSubscriptions lists the subscriptions of channel, or all when channel is "";
// a private channel's only for its members and admins.
func (a *App) ListSubscriptions(ctx context.Context, actor Actor, channel string) ([]*goalbot.Subscription, error) {
	if channel == "" {
		subs, err := a.Store.Subscriptions(ctx)
		if err != nil {
			return nil, fmt.Errorf("load subscriptions: %w", err)
		}
		if a.isAdmin(ctx, actor) || a.Channels == nil {
			return subs, nil
		}
		out := subs[:0]
		for _, s := range subs {
			if a.visible(ctx, actor, s.Channel) {
				out = append(out, s)
			}
		}
		return out, nil
	}
	if !a.visible(ctx, actor, channel) {
		return nil, goalbot.NewError(goalbot.EFORBIDDEN, "errors.subscription.private", goalbot.Args{"Channel": channel})
	}
	subs, err := a.Store.SubscriptionsByChannel(ctx, channel)
	if err != nil {
		return nil, fmt.Errorf("load subscriptions of %s: %w", channel, err)
	}
	return subs, nil
}

// visible reports whether actor may see channel's subscriptions: public channels are
// open to all.
func (a *App) visible(ctx context.Context, actor Actor, channel string) bool {
	if a.Channels == nil || a.isAdmin(ctx, actor) {
		return true
	}
	private, err := a.Channels.IsPrivate(ctx, channel)
	if err != nil || private {
		ok, merr := a.Channels.IsMember(ctx, channel, actor.UserID)
		return merr == nil && ok
	}
	return true
}

// Subscribed is a channel subscribed: `/goal subscribe`.
type Subscribed struct {
	Subscription *goalbot.Subscription
}

// Changes is the channel subscribed.
func (s Subscribed) Changes() Changes { return Changes{Channels: []string{s.Subscription.Channel}} }

// Unsubscribed is `/goal unsubscribe`: the subscriptions removed from a channel (none
// when it had none).
type Unsubscribed struct {
	Channel string
	Removed []string
}

// Changes is the channel, when it lost a subscription.
func (u Unsubscribed) Changes() Changes {
	if len(u.Removed) == 0 {
		return Changes{}
	}
	return Changes{Channels: []string{u.Channel}}
}

// SubscriptionList is `/goal subscriptions`: the subscriptions of a channel, or of
// every channel the user may see when Channel is "".
type SubscriptionList struct {
	unchanged
	Channel       string
	Subscriptions []*goalbot.Subscription
}
