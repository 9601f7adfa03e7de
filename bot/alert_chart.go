package bot

import (
	"context"
	"strconv"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// AlertApp is what the Notifier asks of the use cases (commands.App implements it).
type AlertApp interface {
	LoadAlert(ctx context.Context, a goalbot.Alert) (commands.Alerted, error)
	GoalCharts(ctx context.Context, ids []string) ([]commands.Charted, error)
}

// chartEvents are the alerts that carry charts to subscriptions that ask for them.
var chartEvents = map[goalbot.Event]bool{goalbot.EventMilestone: true, goalbot.EventDigest: true}

// postCharts posts the charts that alert a carries, drawn in p's language (the
// alert's), once it was posted to channel as message ts: a milestone's goal's chart, or a digest's first goals' charts
// (commands.DigestCharts), in the alert's thread, when a's subscription asks for
// them. The alert stands whatever happens to its charts (posting it again would
// repeat it): a chart that cannot be posted is logged, and the thread says so.
func (n *Notifier) postCharts(ctx context.Context, p *messages.Printer, a goalbot.Alert, channel, ts string) {
	if n.App == nil || !chartEvents[a.Event] || a.SubscriptionID == "" {
		return
	}
	sub, err := n.Store.Subscription(ctx, a.SubscriptionID)
	if err != nil || !sub.Charts {
		if err != nil && goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
			n.Logger.Error("load the subscription of an alert to post its charts", "alert", a.Key, "err", err)
		}
		return
	}
	ids := a.GoalIDs
	if a.Event != goalbot.EventDigest {
		ids = []string{a.GoalID}
	}
	charts, err := n.App.GoalCharts(ctx, ids)
	if err != nil {
		n.Logger.Error("load the charts of an alert", "alert", a.Key, "err", err)
		return
	}
	for i, c := range charts {
		comment := ""
		if i == 0 && a.Event == goalbot.EventDigest && len(charts) < len(ids) {
			comment = p.T("charts.digest.some", messages.Args{"Shown": strconv.Itoa(len(charts)), "Total": strconv.Itoa(len(ids))})
		}
		png, err := c.Draw(p)
		if err == nil {
			err = upload(ctx, n.Slack, channel, ts, c, p, png, comment, false)
		}
		if err != nil {
			n.notAttached(ctx, a, c, channel, ts, p, err)
		}
	}
}

// notAttached logs a chart that could not be posted under alert a and says so in the
// alert's thread.
func (n *Notifier) notAttached(ctx context.Context, a goalbot.Alert, c commands.Charted, channel, ts string, p *messages.Printer, err error) {
	goal := c.Series.View.Goal.ID
	n.Logger.Error("could not post a chart under an alert", "alert", a.Key, "goal", goal, "channel", channel, "err", err)
	text := p.T("charts.not_attached", messages.Args{"Goal": goal})
	if _, _, perr := n.Slack.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false), slack.MsgOptionTS(ts)); perr != nil {
		n.Logger.Error("could not say in an alert's thread that its chart is missing", "alert", a.Key, "err", perr)
	}
}
