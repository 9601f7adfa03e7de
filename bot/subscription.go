package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// maxFilterShown bounds a filter (escaped) in a line about a subscription.
const maxFilterShown = 300

// subscribedMessage says a channel was subscribed, and how to stop it.
func subscribedMessage(s commands.Subscribed) Message {
	sub := s.Subscription
	return textMessage("🔔 Subscribed — " + strings.TrimPrefix(subscriptionLine(sub), "• ") +
		"\nStop it with `/goal unsubscribe <#" + sub.Channel + "> " + sub.ID + "`.")
}

// unsubscribedMessage names the subscriptions removed from a channel.
func unsubscribedMessage(u commands.Unsubscribed) Message {
	if len(u.Removed) == 0 {
		return textMessage("<#" + u.Channel + "> had no subscriptions.")
	}
	return textMessage("🔕 Removed " + strings.Join(u.Removed, ", ") + " from <#" + u.Channel + ">.")
}

// subscriptionsMessage lists subscriptions, one line each, as many as one message
// holds (MaxBlockText); the others are named by id. Its fallback text names
// them all as far as it goes.
func subscriptionsMessage(l commands.SubscriptionList) Message {
	subs := l.Subscriptions
	if len(subs) == 0 {
		return textMessage("No subscriptions yet. Add one with `" + commands.Usage(messages.English(), commands.VerbSubscribe) + "`.")
	}
	ids := make([]string, len(subs))
	lines := make([]string, len(subs))
	for i, s := range subs {
		ids[i], lines[i] = s.ID, subscriptionLine(s)
	}
	title := "*Subscriptions* (" + strconv.Itoa(len(subs)) + ")"
	blocks, n := LineSections(lines, MaxBlockText-3000-200) // room for the title and the rest's ids
	blocks = append([]slack.Block{section(title)}, blocks...)
	if n < len(subs) {
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more: %s", len(subs)-n, strings.Join(ids[n:], ", "))))
	}
	text := fmt.Sprintf("%s: %s", commands.Plural(len(subs), "subscription"), strings.Join(ids, ", "))
	return Message{Text: truncate(text, MaxFallbackText), Blocks: blocks}
}

// subscriptionLine describes one subscription in a line of bounded length: a long
// filter and a long failure are shortened.
func subscriptionLine(s *goalbot.Subscription) string {
	f := s.Filter.String()
	if f == "" {
		f = "all goals"
	}
	evs := make([]string, len(s.Events))
	for i, e := range s.Events {
		evs[i] = string(e)
	}
	line := fmt.Sprintf("• *%s* <#%s>: `%s` → %s", s.ID, s.Channel, EscapeWithin(f, maxFilterShown), strings.Join(evs, ", "))
	if s.Failure != "" {
		line += " ⚠️ cannot deliver: " + EscapeWithin(s.Failure, maxFilterShown)
	}
	return line
}
