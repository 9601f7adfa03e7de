package bot

import (
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// maxFilterShown bounds a filter (escaped) in a line about a subscription.
const maxFilterShown = 300

// subscribedMessage says a channel was subscribed, and how to stop it.
func subscribedMessage(p *messages.Printer, s commands.Subscribed) Message {
	sub := s.Subscription
	return textMessage(p, p.T("slack.subscribed", messages.Args{"Line": strings.TrimPrefix(subscriptionLine(p, sub), "• "),
		"Channel": sub.Channel, "ID": sub.ID}))
}

// unsubscribedMessage names the subscriptions removed from a channel.
func unsubscribedMessage(p *messages.Printer, u commands.Unsubscribed) Message {
	if len(u.Removed) == 0 {
		return textMessage(p, p.T("slack.unsubscribed.none", messages.Args{"Channel": u.Channel}))
	}
	return textMessage(p, p.T("slack.unsubscribed", messages.Args{"IDs": strings.Join(u.Removed, ", "), "Channel": u.Channel}))
}

// subscriptionsMessage lists subscriptions, one line each, as many as one message
// holds (MaxBlockText); the others are named by id. Its fallback text names
// them all as far as it goes.
func subscriptionsMessage(p *messages.Printer, l commands.SubscriptionList) Message {
	subs := l.Subscriptions
	if len(subs) == 0 {
		return textMessage(p, p.T("slack.subscriptions.none", messages.Args{"Usage": commands.Usage(p, commands.VerbSubscribe)}))
	}
	ids := make([]string, len(subs))
	lines := make([]string, len(subs))
	for i, s := range subs {
		ids[i], lines[i] = s.ID, subscriptionLine(p, s)
	}
	title := p.T("slack.subscriptions.title", messages.Args{"Count": p.Int(int64(len(subs)))})
	blocks, n := LineSections(lines, MaxBlockText-3000-200) // room for the title and the rest's ids
	blocks = append([]slack.Block{section(title)}, blocks...)
	if n < len(subs) {
		blocks = append(blocks, contextBlock(p.T("slack.and_more_ids", messages.Args{"Count": p.Int(int64(len(subs) - n)), "IDs": strings.Join(ids[n:], ", ")})))
	}
	text := p.N("slack.subscriptions.text", len(subs), messages.Args{"IDs": strings.Join(ids, ", ")})
	return Message{Text: truncate(text, MaxFallbackText), Blocks: blocks}
}

// subscriptionLine describes one subscription in a line of bounded length: a long
// filter and a long failure are shortened. It names the language of the channel's
// alerts when the subscription sets one.
func subscriptionLine(p *messages.Printer, s *goalbot.Subscription) string {
	f := s.Filter.String()
	if f == "" {
		f = p.T("slack.subscriptions.all_goals")
	}
	line := p.T("slack.subscriptions.line", messages.Args{"ID": s.ID, "Channel": s.Channel, "Filter": EscapeWithin(f, maxFilterShown),
		"Events": p.Events(s.Events)})
	if s.Lang != "" {
		line += " · " + p.T("slack.subscriptions.lang", messages.Args{"Language": p.LanguageName(s.Lang)})
	}
	if s.Charts {
		line += " · " + p.T("charts.subscription")
	}
	if s.Failure != "" {
		line += " " + p.T("slack.subscriptions.failure", messages.Args{"Failure": EscapeWithin(s.Failure, maxFilterShown)})
	}
	return line
}
