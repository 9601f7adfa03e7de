package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// DigestCharts is the most charts a weekly digest carries (those of its first goals).
const DigestCharts = 10

// Charted is `/goal chart` and the Chart buttons: a goal's chart, ready to be drawn
// in its reader's language (Draw) and posted to the asker or to Channel.
type Charted struct {
	unchanged
	Series Series
	// Channel is where it goes: "" for the asker themselves (in Slack, a direct
	// message with goalbot).
	Channel string
}

// Chart loads goal id's chart for actor, to post to channel ("" for actor
// themselves). Only a member of channel, a workspace admin or owner, or a goalbot
// admin may post it to a channel; anyone may have it. A goal that has not started, or
// that has nothing measured yet, has no chart: the refusal says when it will.
func (a *App) Chart(ctx context.Context, actor Actor, id, channel string) (Charted, error) {
	if channel != "" {
		if err := a.mayPostTo(ctx, actor, channel); err != nil {
			return Charted{}, err
		}
	}
	v, err := a.GetGoal(ctx, id)
	if err != nil {
		return Charted{}, err
	}
	cs, err := a.charts(ctx, []GoalView{v})
	if err != nil {
		return Charted{}, err
	}
	c := cs[0]
	c.Channel = channel
	return c, c.check()
}

// GoalCharts loads the charts of goals ids that have one, in their order (an
// alert's, which nobody asked for: no permission is checked, and a goal deleted
// meanwhile, not started or without figures is left out), at most DigestCharts.
func (a *App) GoalCharts(ctx context.Context, ids []string) ([]Charted, error) {
	gs, err := a.Store.Goals(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load goals to chart: %w", err)
	}
	var found []*goalbot.Goal
	for _, g := range gs {
		if g != nil {
			found = append(found, g)
		}
	}
	views, err := a.views(ctx, found)
	if err != nil {
		return nil, err
	}
	var out []Charted
	for len(views) > 0 && len(out) < DigestCharts {
		n := min(len(views), DigestCharts-len(out))
		cs, err := a.charts(ctx, views[:n])
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.check() == nil {
				out = append(out, c)
			}
		}
		views = views[n:]
	}
	return out, nil
}

// charts loads the series of views (one read of their days).
func (a *App) charts(ctx context.Context, views []GoalView) ([]Charted, error) {
	ss, err := a.loadSeries(ctx, views, a.now())
	if err != nil {
		return nil, err
	}
	out := make([]Charted, len(ss))
	for i, s := range ss {
		out[i] = Charted{Series: s}
	}
	return out, nil
}

// HasChart reports whether goal v has a chart to show: it has started. The Chart
// buttons are shown only for such goals.
func HasChart(v GoalView) bool {
	return v.Status != goalbot.Pending
}

// check refuses a chart that would show nothing.
func (c Charted) check() error {
	g := c.Series.View.Goal
	switch {
	case c.Series.View.Status == goalbot.Pending:
		return goalbot.NewError(goalbot.EINVALID, "charts.error.pending", messages.Args{"Goal": g.ID, "Start": g.Start.String()})
	case c.Series.Run == nil && len(c.past()) == 0:
		return goalbot.NewError(goalbot.EINVALID, "charts.error.empty", messages.Args{"Goal": g.ID})
	}
	return nil
}

// mayPostTo reports whether actor may post a chart to channel: a member, a
// workspace admin or owner, or a goalbot admin. Without Channels (the console, run by
// the admin on the store) membership is not checked.
func (a *App) mayPostTo(ctx context.Context, actor Actor, channel string) error {
	ok, err := a.mayActIn(ctx, actor, channel)
	if err != nil {
		return err
	}
	if !ok {
		return goalbot.NewError(goalbot.EFORBIDDEN, "charts.error.channel", messages.Args{"Channel": "<#" + channel + ">"})
	}
	return nil
}

// chartCommand is `/goal chart G12 [#channel]`: the goal, and perhaps the channel
// to post its chart to (Slack's escaped mention, or #C… typed).
func (a *App) chartCommand(ctx context.Context, actor Actor, c Command) (Outcome, error) {
	ids := Command{Verb: c.Verb}
	channel := ""
	for _, w := range c.Args {
		if !strings.HasPrefix(w, "<#") && !strings.HasPrefix(w, "#") {
			ids.Args = append(ids.Args, w)
			continue
		}
		ch, ok := goalbot.ChannelID(w)
		if !ok || channel != "" {
			return nil, goalbot.NewError(goalbot.EINVALID, "charts.error.args", messages.Args{"Word": strconv.Quote(w)})
		}
		channel = ch
	}
	if len(c.Pairs) > 0 {
		return nil, goalbot.NewError(goalbot.EINVALID, "charts.error.args", messages.Args{"Word": strconv.Quote(c.Pairs[0][0] + ":" + c.Pairs[0][1])})
	}
	id, err := ids.OneGoalID()
	if err != nil {
		return nil, err
	}
	return a.Chart(ctx, actor, id, channel)
}
