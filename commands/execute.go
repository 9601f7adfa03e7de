package commands

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// MaxCommandText is the longest /goal text goalbot reads, in characters: the most a
// Slack message holds (40,000), far more than any command needs. Slack documents no
// smaller limit for a slash command's text.
const MaxCommandText = 40_000

// Execute runs a typed /goal command for actor, typed in channel, and returns its
// reply; bad input and refusals become replies that say what is wrong and what would
// be right. Only faults of ours are returned as errors (with a reply that says so).
func (a *App) Execute(ctx context.Context, actor Actor, channel, text string) (Reply, error) {
	if n := utf8.RuneCountInString(text); n > MaxCommandText {
		return ErrorReply(goalbot.Errorf(goalbot.EINVALID, "this command has %d characters: /goal reads at most %d. "+
			"Create a goal with many targets in the form (`/goal create`) or over the API, and filter by account or team rather than by every campaign", n, MaxCommandText)), nil
	}
	c, err := Parse(text)
	if err != nil {
		return ErrorReply(err), nil
	}
	r, err := a.execute(ctx, actor, channel, c)
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.EINTERNAL {
			return ErrorReply(err), err
		}
		r = ErrorReply(err)
		if c.Verb != VerbHelp && goalbot.ErrorCode(err) == goalbot.EINVALID {
			r.Blocks = append(r.Blocks, contextText("Usage: `"+Usage(c.Verb)+"`"))
		}
	}
	return r, nil
}

func (a *App) execute(ctx context.Context, actor Actor, channel string, c Command) (Reply, error) {
	switch c.Verb {
	case VerbHelp:
		return HelpReply(), nil
	case VerbCreate:
		return a.createCommand(ctx, actor, c)
	case VerbList:
		if len(c.Args) > 0 {
			return Reply{}, goalbot.Errorf(goalbot.EINVALID, "%q is not a filter: filters are key:value, such as status:missed", c.Args[0])
		}
		f, _, err := c.Filter(false)
		if err != nil {
			return Reply{}, err
		}
		return a.ListReply(ctx, f, "")
	case VerbShow:
		id, err := c.OneGoalID()
		if err != nil {
			return Reply{}, err
		}
		return a.ShowReply(ctx, id)
	case VerbEdit:
		return a.editCommand(ctx, actor, c)
	case VerbDelete:
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
			return Reply{}, err
		}
		gs, err := a.CheckDelete(ctx, actor, ids)
		if err != nil {
			return Reply{}, err
		}
		return DeleteConfirmReply(gs), nil
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
	case VerbSources:
		if len(c.Args) > 0 || len(c.Pairs) > 0 {
			return Reply{}, goalbot.Errorf(goalbot.EINVALID, "`/goal sources` takes nothing after it")
		}
		return a.SourcesReply(ctx)
	}
	return HelpReply(), nil
}

func (a *App) createCommand(ctx context.Context, actor Actor, c Command) (Reply, error) {
	if len(c.Pairs) == 0 && len(c.Args) == 0 {
		view, err := a.StartCreate(ctx, actor)
		if err != nil {
			return Reply{}, err
		}
		r := CreateSyntaxReply()
		r.Modal = &view
		return r, nil
	}
	d, err := c.Draft(actor.UserID)
	if err != nil {
		return Reply{}, err
	}
	g, err := a.CreateGoal(ctx, actor, d)
	if err != nil {
		return Reply{}, err
	}
	ps := g.Periods()
	target := "—"
	if len(ps) > 0 {
		var sum goalbot.Micro
		for _, camp := range g.Campaigns {
			sum += g.Targets.For(camp, 0)
		}
		target = Figure(g, sum)
		if g.Type == goalbot.CostPerContact {
			target = "at most " + Figure(g, g.Targets.For(g.Campaigns[0], 0)) + " per contact"
		}
	}
	text := fmt.Sprintf("✅ Created *%s* · %s\n%s on %s · %s from %s to %s (%s) · first period's target %s\n%s",
		g.ID, Escape(g.Name), g.Type.Label(), plural(len(g.Campaigns), "campaign"), g.Duration, g.Start, g.End,
		plural(len(ps), "period"), target, a.Figures(ctx, g.ID))
	return Reply{Text: "Created " + g.ID + " " + Escape(g.Name), Blocks: []slack.Block{section(text),
		slack.NewActionBlock("", button(ActionShow, "Show", g.ID))}}, nil
}

func (a *App) editCommand(ctx context.Context, actor Actor, c Command) (Reply, error) {
	id, err := c.OneGoalID()
	if err != nil {
		return Reply{}, err
	}
	if len(c.Pairs) == 0 && len(c.Args) == 1 {
		return a.editModalReply(ctx, actor, id)
	}
	u, err := c.Update()
	if err != nil {
		return Reply{}, err
	}
	g, err := a.UpdateGoal(ctx, actor, id, u)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: "Updated " + g.ID, Blocks: []slack.Block{section(fmt.Sprintf("✏️ Updated *%s* · %s\n%s", g.ID, Escape(g.Name), a.Figures(ctx, g.ID))),
		slack.NewActionBlock("", button(ActionShow, "Show", g.ID))}}, nil
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
			return "", goalbot.Errorf(goalbot.EINVALID, "name the channel, such as `%s`", Usage(c.Verb))
		}
		return "", nil
	}
	ch, ok := goalbot.ChannelID(c.Args[i])
	if !ok {
		return "", goalbot.Errorf(goalbot.EINVALID, "%q is not a channel goalbot can read: type # and pick the channel from Slack's autocomplete", c.Args[i])
	}
	return ch, nil
}

func (a *App) subscribeCommand(ctx context.Context, actor Actor, c Command) (Reply, error) {
	ch, err := channelArg(c, 0, true)
	if err != nil {
		return Reply{}, err
	}
	if len(c.Args) > 1 {
		return Reply{}, goalbot.Errorf(goalbot.EINVALID, "%q is not a filter: filters are key:value, such as team:growth", c.Args[1])
	}
	f, events, err := c.Filter(true)
	if err != nil {
		return Reply{}, err
	}
	s, err := a.Subscribe(ctx, actor, ch, f, events)
	if err != nil {
		return Reply{}, err
	}
	return textReply("🔔 Subscribed — " + strings.TrimPrefix(subscriptionLine(s), "• ") + "\nStop it with `/goal unsubscribe <#" + ch + "> " + s.ID + "`."), nil
}

func (a *App) unsubscribeCommand(ctx context.Context, actor Actor, c Command) (Reply, error) {
	ch, err := channelArg(c, 0, true)
	if err != nil {
		return Reply{}, err
	}
	id := ""
	if len(c.Args) > 1 {
		id = strings.ToUpper(c.Args[1])
		if err := goalbot.CheckID("subscription", id); err != nil {
			return Reply{}, err
		}
		if !strings.HasPrefix(id, "S") || len(id) < 2 {
			return Reply{}, goalbot.Errorf(goalbot.EINVALID, "%q is not a subscription id: they look like S3 (see `/goal subscriptions <#%s>`)", c.Args[1], ch)
		}
	}
	removed, err := a.Unsubscribe(ctx, actor, ch, id)
	if err != nil {
		return Reply{}, err
	}
	if len(removed) == 0 {
		return textReply("<#" + ch + "> had no subscriptions."), nil
	}
	return textReply("🔕 Removed " + strings.Join(removed, ", ") + " from <#" + ch + ">."), nil
}

func (a *App) subscriptionsCommand(ctx context.Context, actor Actor, c Command) (Reply, error) {
	ch, err := channelArg(c, 0, false)
	if err != nil {
		return Reply{}, err
	}
	subs, err := a.ListSubscriptions(ctx, actor, ch)
	if err != nil {
		return Reply{}, err
	}
	if len(subs) == 0 {
		return textReply("No subscriptions yet. Add one with `" + Usage(VerbSubscribe) + "`."), nil
	}
	return SubscriptionsReply(subs), nil
}

// SubscriptionsReply lists subscriptions, one line each, as many as one message holds
// (MaxBlockText); the others are named by id. Its fallback text names them all as far
// as it goes.
func SubscriptionsReply(subs []*goalbot.Subscription) Reply {
	ids := make([]string, len(subs))
	lines := make([]string, len(subs))
	for i, s := range subs {
		ids[i], lines[i] = s.ID, subscriptionLine(s)
	}
	title := "*Subscriptions* (" + strconv.Itoa(len(subs)) + ")"
	blocks, n := LineSections(lines, MaxBlockText-maxSectionText-200) // room for the title and the rest's ids
	blocks = append([]slack.Block{section(title)}, blocks...)
	if n < len(subs) {
		blocks = append(blocks, contextText(fmt.Sprintf("…and %d more: %s", len(subs)-n, strings.Join(ids[n:], ", "))))
	}
	text := fmt.Sprintf("%s: %s", plural(len(subs), "subscription"), strings.Join(ids, ", "))
	return Reply{Text: Truncate(text, MaxFallbackText), Blocks: blocks}
}

func (a *App) refreshCommand(ctx context.Context, c Command) (Reply, error) {
	ids, err := c.GoalIDs()
	if err != nil {
		return Reply{}, err
	}
	for _, id := range ids {
		if _, err := a.Store.Goal(ctx, id); err != nil {
			return Reply{}, err
		}
	}
	if a.Refresh == nil {
		return Reply{}, goalbot.Errorf(goalbot.EUNAVAILABLE, "no engine runs here to measure goals")
	}
	n, err := a.Refresh(ctx, ids)
	if err != nil {
		return Reply{}, fmt.Errorf("refresh: %w", err)
	}
	what := "every running goal"
	if len(ids) > 0 {
		what = strings.Join(ids, ", ")
	}
	return textReply(fmt.Sprintf("🔄 Measured %s now (%s).", what, plural(n, "goal"))), nil
}
