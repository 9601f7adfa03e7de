package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
)

// MaxCommandText is the longest /goal text goalbot reads, in characters: the most a
// Slack message holds (40,000), far more than any command needs. Slack documents no
// smaller limit for a slash command's text.
const MaxCommandText = 40_000

// Execute runs a typed /goal command for actor, typed in channel, and returns its
// outcome; bad input and refusals are a Refusal that says what is wrong and what would
// be right (with the command's usage for bad input). Only faults of ours are returned
// as errors too (with a Refusal that says so).
func (a *App) Execute(ctx context.Context, actor Actor, channel, text string) (Outcome, error) {
	if n := utf8.RuneCountInString(text); n > MaxCommandText {
		return Refuse(goalbot.Errorf(goalbot.EINVALID, "this command has %d characters: /goal reads at most %d. "+
			"Create a goal with many targets in the form (`/goal create`) or over the API, and filter by account or team rather than by every campaign", n, MaxCommandText)), nil
	}
	c, err := actor.Dialect().Parse(text)
	if err != nil {
		return Refuse(err), nil
	}
	o, err := a.execute(ctx, actor, channel, c)
	if err != nil {
		r := Refuse(err)
		if r.Code == goalbot.EINTERNAL {
			return r, err
		}
		if c.Verb != VerbHelp && r.Code == goalbot.EINVALID {
			r.UsageOf = c.Verb
		}
		return r, nil
	}
	return o, nil
}

func (a *App) execute(ctx context.Context, actor Actor, channel string, c Command) (Outcome, error) {
	switch c.Verb {
	case VerbHelp:
		return Help{}, nil
	case VerbCreate:
		return a.createCommand(ctx, actor, c)
	case VerbList:
		if len(c.Args) > 0 {
			return nil, goalbot.Errorf(goalbot.EINVALID, "%q is not a filter: filters are key:value, such as status:missed", c.Args[0])
		}
		f, _, err := c.Filter(false)
		if err != nil {
			return nil, err
		}
		return a.List(ctx, f, "")
	case VerbShow:
		id, err := c.OneGoalID()
		if err != nil {
			return nil, err
		}
		return a.Show(ctx, id)
	case VerbEdit:
		return a.editCommand(ctx, actor, c)
	case VerbDelete:
		return a.deleteCommand(ctx, actor, c)
	case VerbSubscribe:
		return a.subscribeCommand(ctx, actor, c)
	case VerbUnsubscribe:
		return a.unsubscribeCommand(ctx, actor, c)
	case VerbSubscriptions:
		return a.subscriptionsCommand(ctx, actor, c)
	case VerbRefresh:
		return a.refreshCommand(ctx, c)
	case VerbCampaign:
		return a.campaignCommand(ctx, c)
	case VerbHistory:
		return a.historyCommand(ctx, actor, c)
	case VerbRestore:
		return a.restoreCommand(ctx, actor, c)
	case VerbSources:
		if len(c.Args) > 0 || len(c.Pairs) > 0 {
			return nil, goalbot.Errorf(goalbot.EINVALID, "`/goal sources` takes nothing after it")
		}
		return a.ListSources(ctx)
	}
	return Help{}, nil
}

func (a *App) createCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	if len(c.Pairs) == 0 && len(c.Args) == 0 {
		return a.StartCreate(ctx, actor)
	}
	d, err := c.Draft(actor.UserID)
	if err != nil {
		return nil, err
	}
	g, err := a.CreateGoal(ctx, actor, d)
	if err != nil {
		return nil, err
	}
	return Created{Goal: g, Figures: a.Figures(ctx, g.ID)}, nil
}

func (a *App) editCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	id, err := c.OneGoalID()
	if err != nil {
		return nil, err
	}
	if len(c.Pairs) == 0 && len(c.Args) == 1 {
		return a.OpenEdit(ctx, actor, id)
	}
	u, err := c.Update()
	if err != nil {
		return nil, err
	}
	g, err := a.UpdateGoal(ctx, actor, id, u)
	if err != nil {
		return nil, err
	}
	return Updated{Goal: g, Figures: a.Figures(ctx, g.ID)}, nil
}

// deleteCommand is `/goal delete ID…`: the goals named, each once, at most MaxDelete
// of them, to confirm.
func (a *App) deleteCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	ids, err := c.GoalIDs()
	ids = firstOfEach(ids)
	switch {
	case err != nil:
	case len(ids) == 0:
		err = goalbot.Errorf(goalbot.EINVALID, "name the goals to delete, such as `/goal delete G12 G13`")
	case len(ids) > MaxDelete:
		err = goalbot.Errorf(goalbot.EINVALID, "delete at most %d goals at once (you named %d): one confirmation names every goal it deletes", MaxDelete, len(ids))
	}
	if err != nil {
		return nil, err
	}
	return a.AskDelete(ctx, actor, ids)
}

// firstOfEach is ids without repeats, in order.
func firstOfEach(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// channelArg reads a channel from Slack's escaped mention (or a bare id).
func channelArg(c Command, i int, required bool) (string, error) {
	if i >= len(c.Args) {
		if required {
			return "", goalbot.Errorf(goalbot.EINVALID, "name the channel: type # and pick it from Slack's autocomplete")
		}
		return "", nil
	}
	ch, ok := goalbot.ChannelID(c.Args[i])
	if !ok {
		return "", goalbot.Errorf(goalbot.EINVALID, "%q is not a channel goalbot can read: type # and pick the channel from Slack's autocomplete", c.Args[i])
	}
	return ch, nil
}

func (a *App) subscribeCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	ch, err := channelArg(c, 0, true)
	if err != nil {
		return nil, err
	}
	if len(c.Args) > 1 {
		return nil, goalbot.Errorf(goalbot.EINVALID, "%q is not a filter: filters are key:value, such as team:growth", c.Args[1])
	}
	lang, err := c.takeLang()
	if err != nil {
		return nil, err
	}
	f, events, err := c.Filter(true)
	if err != nil {
		return nil, err
	}
	s, err := a.Subscribe(ctx, actor, ch, f, events, lang)
	if err != nil {
		return nil, err
	}
	return Subscribed{Subscription: s}, nil
}

func (a *App) unsubscribeCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	ch, err := channelArg(c, 0, true)
	if err != nil {
		return nil, err
	}
	id := ""
	if len(c.Args) > 1 {
		id = strings.ToUpper(c.Args[1])
		if err := goalbot.CheckID("subscription", id); err != nil {
			return nil, err
		}
		if !strings.HasPrefix(id, "S") || len(id) < 2 {
			return nil, goalbot.Errorf(goalbot.EINVALID, "%q is not a subscription id: they look like S3 (see `/goal subscriptions <#%s>`)", c.Args[1], ch)
		}
	}
	removed, err := a.Unsubscribe(ctx, actor, ch, id)
	if err != nil {
		return nil, err
	}
	return Unsubscribed{Channel: ch, Removed: removed}, nil
}

func (a *App) subscriptionsCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	ch, err := channelArg(c, 0, false)
	if err != nil {
		return nil, err
	}
	subs, err := a.ListSubscriptions(ctx, actor, ch)
	if err != nil {
		return nil, err
	}
	return SubscriptionList{Channel: ch, Subscriptions: subs}, nil
}

// Refreshed is `/goal refresh`: the goals measured now.
type Refreshed struct {
	unchanged
	// IDs are the goals asked for; none for every running goal.
	IDs []string
	// Measured is how many goals were measured.
	Measured int
}

func (a *App) refreshCommand(ctx context.Context, c Command) (Outcome, error) {
	ids, err := c.GoalIDs()
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := a.Store.Goal(ctx, id); err != nil {
			return nil, err
		}
	}
	if a.Refresh == nil {
		return nil, goalbot.Errorf(goalbot.EUNAVAILABLE, "no engine runs here to measure goals")
	}
	n, err := a.Refresh(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	return Refreshed{IDs: ids, Measured: n}, nil
}
