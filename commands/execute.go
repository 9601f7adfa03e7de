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
		return Refuse(goalbot.Invalid("errors.command.too_long", goalbot.Args{"Length": n, "Max": MaxCommandText})), nil
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
			return nil, goalbot.Invalid("errors.command.filter_pair", goalbot.Args{"Value": goalbot.Quote(c.Args[0]), "Example": "status:missed"})
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
	case VerbChart:
		return a.chartCommand(ctx, actor, c)
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
			return nil, goalbot.Invalid("errors.command.sources_args", nil)
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
		err = goalbot.Invalid("errors.command.delete_none", nil)
	case len(ids) > MaxDelete:
		err = goalbot.Invalid("errors.command.delete_many", goalbot.Args{"Max": MaxDelete, "Named": len(ids)})
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
			return "", goalbot.Invalid("errors.command.channel_missing", nil)
		}
		return "", nil
	}
	ch, ok := goalbot.ChannelID(c.Args[i])
	if !ok {
		return "", goalbot.Invalid("errors.command.channel", goalbot.Args{"Value": goalbot.Quote(c.Args[i])})
	}
	return ch, nil
}

func (a *App) subscribeCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	ch, err := channelArg(c, 0, true)
	if err != nil {
		return nil, err
	}
	if len(c.Args) > 1 {
		return nil, goalbot.Invalid("errors.command.filter_pair", goalbot.Args{"Value": goalbot.Quote(c.Args[1]), "Example": "team:growth"})
	}
	lang, err := c.takeLang()
	if err != nil {
		return nil, err
	}
	f, events, err := c.Filter(true)
	if err != nil {
		return nil, err
	}
	charts, err := c.ChartOption()
	if err != nil {
		return nil, err
	}
	s, err := a.Subscribe(ctx, actor, ch, f, events, SubscriptionOptions{Lang: lang, Charts: charts})
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
			return nil, goalbot.Invalid("errors.command.subscription_id", goalbot.Args{"Value": goalbot.Quote(c.Args[1]), "Channel": ch})
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
		return nil, goalbot.NewError(goalbot.EUNAVAILABLE, "errors.command.no_engine", nil)
	}
	n, err := a.Refresh(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	return Refreshed{IDs: ids, Measured: n}, nil
}
