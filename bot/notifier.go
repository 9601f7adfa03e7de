package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
)

// AlertStore is what the Notifier reads to render alerts and tell subscribers
// (store.Redis implements it).
type AlertStore interface {
	commands.AlertGoals
	Subscription(ctx context.Context, id string) (*goalbot.Subscription, error)
}

// Notifier posts the engine's alerts to Slack with chat.postMessage (the engine's Notifier):
// a direct message to a goal's creator through conversations.open, a post to a
// subscription's channel. Its errors are goalbot.TransientError and
// goalbot.PermanentError (see deliveryError). Pacing and retries are the engine's.
type Notifier struct {
	Slack  *slack.Client
	Store  AlertStore
	Logger *slog.Logger
	// Locales tells the language of a user an alert is sent to by direct message,
	// and the default language of channels whose subscription names none (English
	// when nil).
	Locales *Locales
	// App loads alerts with what they show now (an at_risk alert's outlook) and the
	// charts that milestone alerts and digests carry to the channels of subscriptions
	// that ask for them (chart:yes), in the alert's language; nil loads alerts from
	// Store and posts no charts.
	App AlertApp
	// Refused, when set, is told of a delivery that failed because Slack refused
	// the bot token (Bot.TokenRefused), so that a token revoked while goalbot runs is
	// noticed too.
	Refused func(err error)

	mu  sync.Mutex
	dms map[string]string // user id → DM channel id (a cache: the id never changes)
}

// NewNotifier returns a notifier posting with api and reading from store.
func NewNotifier(api *slack.Client, store AlertStore, logger *slog.Logger) *Notifier {
	if logger == nil {
		logger = slog.Default()
	}
	return &Notifier{Slack: api, Store: store, Logger: logger, dms: map[string]string{}}
}

// Notify posts alert a to its recipient, in the recipient's language (see
// printerFor).
func (n *Notifier) Notify(ctx context.Context, a goalbot.Alert) (err error) {
	defer func() {
		if n.Refused != nil && refusal(err) != "" {
			n.Refused(err)
		}
	}()
	p, err := n.printerFor(ctx, a)
	if err != nil {
		return deliveryError(err, "find the language of alert "+a.Key)
	}
	msg, err := n.render(ctx, p, a)
	if err != nil {
		return deliveryError(err, "render alert "+a.Key)
	}
	channel, err := n.channel(ctx, a.Recipient)
	if err != nil {
		return err
	}
	ts, err := n.post(ctx, channel, msg.options(), true)
	if err != nil {
		return err
	}
	n.postCharts(ctx, p, a, channel, ts)
	return nil
}

// render loads what alert a shows (the goal, or the goals a digest or a group of stale
// goals names) and renders it.
func (n *Notifier) render(ctx context.Context, p *messages.Printer, a goalbot.Alert) (AlertMessage, error) {
	load := func(ctx context.Context, a goalbot.Alert) (commands.Alerted, error) {
		return commands.LoadAlert(ctx, n.Store, a)
	}
	if n.App != nil {
		load = n.App.LoadAlert
	}
	alerted, err := load(ctx, a)
	if err != nil {
		return AlertMessage{}, err
	}
	return RenderAlerted(p, alerted), nil
}

// printerFor is the language of alert a: a user's own (their Slack locale) for a
// direct message; for a channel, the language its subscription names, else the
// default. A subscription removed meanwhile leaves the default.
func (n *Notifier) printerFor(ctx context.Context, a goalbot.Alert) (*messages.Printer, error) {
	if _, user := goalbot.UserID(a.Recipient); user {
		return n.Locales.Printer(ctx, a.Recipient, WebTimeout), nil
	}
	if a.SubscriptionID == "" {
		return n.Locales.Default(), nil
	}
	sub, err := n.Store.Subscription(ctx, a.SubscriptionID)
	switch {
	case goalbot.ErrorCode(err) == goalbot.ENOTFOUND:
		return n.Locales.Default(), nil
	case err != nil:
		return nil, fmt.Errorf("load subscription %s: %w", a.SubscriptionID, err)
	case sub.Lang != "":
		return messages.For(sub.Lang), nil
	}
	return n.Locales.Default(), nil
}

// channel returns where to post to recipient: the channel itself, or for a user the
// direct message channel that conversations.open gives (cached).
func (n *Notifier) channel(ctx context.Context, recipient string) (string, error) {
	if _, ok := goalbot.UserID(recipient); !ok {
		return recipient, nil
	}
	n.mu.Lock()
	dm, found := n.dms[recipient]
	n.mu.Unlock()
	if found {
		return dm, nil
	}
	ch, _, _, err := n.Slack.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{recipient}})
	if err != nil {
		return "", deliveryError(err, "open a direct message with "+recipient)
	}
	n.mu.Lock()
	if n.dms == nil {
		n.dms = map[string]string{}
	}
	n.dms[recipient] = ch.ID
	n.mu.Unlock()
	return ch.ID, nil
}

// post posts to channel and returns the message's ts. On not_in_channel it joins the
// channel once (a public one; a private one refuses) and posts again.
func (n *Notifier) post(ctx context.Context, channel string, opts []slack.MsgOption, mayJoin bool) (string, error) {
	_, ts, err := n.Slack.PostMessageContext(ctx, channel, opts...)
	if slackCode(err) != "not_in_channel" || !mayJoin {
		return ts, deliveryError(err, "post to "+channel)
	}
	_, _, _, jerr := n.Slack.JoinConversationContext(ctx, channel)
	switch {
	case jerr == nil:
		n.Logger.Info("joined a channel to post an alert", "channel", channel)
		return n.post(ctx, channel, opts, false)
	case permanentCodes[slackCode(jerr)]:
		// A private channel (method_not_supported_for_channel_type), or one the bot
		// cannot see: only a member can invite the bot.
		return "", &goalbot.PermanentError{Reason: "not_in_channel", Err: fmt.Errorf("post to %s: %w; join: %w", channel, err, jerr)}
	}
	return "", deliveryError(jerr, "join "+channel)
}

// Undeliverable tells the creator of the subscription behind alert a, by direct
// message, that its channel gets no more alerts and why.
func (n *Notifier) Undeliverable(ctx context.Context, a goalbot.Alert, reason string) error {
	if a.SubscriptionID == "" {
		return nil
	}
	sub, err := n.Store.Subscription(ctx, a.SubscriptionID)
	if goalbot.ErrorCode(err) == goalbot.ENOTFOUND {
		return nil // unsubscribed meanwhile: nobody to tell
	} else if err != nil {
		return fmt.Errorf("load subscription %s: %w", a.SubscriptionID, err)
	}
	if sub.Creator == "" {
		return nil
	}
	channel, err := n.channel(ctx, sub.Creator)
	if err != nil {
		return err
	}
	text := UndeliverableText(n.Locales.Printer(ctx, sub.Creator, WebTimeout), sub, reason)
	_, err = n.post(ctx, channel, []slack.MsgOption{slack.MsgOptionText(text, false)}, false)
	return err
}

// UndeliverableText explains to a subscriber, in p's language, why sub's channel gets
// no more alerts.
func UndeliverableText(p *messages.Printer, sub *goalbot.Subscription, reason string) string {
	args := messages.Args{"ID": sub.ID, "Channel": "<#" + sub.Channel + ">", "Reason": Escape(reason)}
	why := "alerts.undeliverable.refused"
	switch reason {
	case "is_archived":
		why = "alerts.undeliverable.archived"
	case "channel_not_found":
		why = "alerts.undeliverable.not_found"
	case "not_in_channel", "method_not_supported_for_channel_type":
		why = "alerts.undeliverable.not_in_channel"
	}
	return strings.Join([]string{p.T("alerts.undeliverable", args), p.T(why, args), p.T("alerts.undeliverable.stays")}, " ")
}
