package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// UnavailableText is the answer, in p's language, to any envelope while the goal
// store cannot be reached.
func UnavailableText(p *messages.Printer) string { return p.T("slack.unavailable") }

// ErrNoReplyTarget is returned by Reply for an envelope that has nowhere to answer
// (an event other than app_home_opened).
var ErrNoReplyTarget = errors.New("nowhere to reply to this envelope")

// Message is a reply to the user who sent an envelope.
type Message struct {
	Text   string // the notification text, and the message when there are no blocks
	Blocks []slack.Block
	// InChannel makes a slash command's reply visible to the channel (ephemeral by
	// default).
	InChannel bool
	// ReplaceOriginal replaces the message whose button was clicked.
	ReplaceOriginal bool
}

// Reply answers the user where the envelope came from: through its response_url
// (slash commands, clicks in messages), as an ephemeral message in its channel, or on
// their Home tab (app_home_opened).
func (r *Request) Reply(ctx context.Context, m Message) error {
	ctx, cancel := context.WithTimeout(ctx, WebTimeout)
	defer cancel()
	content := []slack.MsgOption{slack.MsgOptionText(truncate(m.Text, maxMessageText), false)}
	if len(m.Blocks) > 0 {
		content = append(content, slack.MsgOptionBlocks(m.Blocks...))
	}
	switch {
	case r.ResponseURL != "":
		where := slack.MsgOptionResponseURL(r.ResponseURL, slack.ResponseTypeEphemeral)
		if m.InChannel {
			where = slack.MsgOptionResponseURL(r.ResponseURL, slack.ResponseTypeInChannel)
		}
		if m.ReplaceOriginal {
			where = slack.MsgOptionReplaceOriginal(r.ResponseURL)
		}
		if _, _, err := r.bot.api.PostMessageContext(ctx, r.ChannelID, append(content, where)...); err != nil {
			return fmt.Errorf("reply through response_url: %w", err)
		}
	case r.isHomeOpened():
		return publishHome(ctx, r.bot.api, r.UserID, messageBlocks(m))
	case r.ChannelID != "" && r.UserID != "":
		if _, err := r.bot.api.PostEphemeralContext(ctx, r.ChannelID, r.UserID, content...); err != nil {
			return fmt.Errorf("reply with an ephemeral message in %s: %w", r.ChannelID, err)
		}
	default:
		return ErrNoReplyTarget
	}
	return nil
}

func (r *Request) isHomeOpened() bool {
	return r.Kind == KindEvent && r.ID == string(slackevents.AppHomeOpened) && r.UserID != ""
}

// messageBlocks returns m's blocks, or one section with its text.
func messageBlocks(m Message) []slack.Block {
	if len(m.Blocks) > 0 {
		return m.Blocks
	}
	return []slack.Block{section(m.Text)}
}

// ErrorText is what a user is told about err, in p's language: UnavailableText while
// the store cannot be reached, the message of a goalbot error, and a generic message
// for anything else (whose detail belongs in the log only).
func ErrorText(p *messages.Printer, err error) string {
	if goalbot.ErrorCode(err) == goalbot.EUNAVAILABLE {
		return UnavailableText(p)
	}
	return p.Error(err)
}

// fail logs a handler's error and tells the user. This is the one place where the
// errors of Handlers are rendered.
func (b *Bot) fail(ctx context.Context, r *Request, err error) {
	code := goalbot.ErrorCode(err)
	attrs := []any{"kind", r.Kind, "id", r.ID, "envelope", r.EnvelopeID, "user", r.UserID, "code", code, "err", err}
	switch code {
	case goalbot.EINTERNAL:
		b.log.Error("handler failed", attrs...)
	case goalbot.EUNAVAILABLE:
		b.log.Warn("handler failed: the store is unavailable", attrs...)
	default:
		b.log.Info("request refused", attrs...)
	}
	if rerr := r.Reply(ctx, Message{Text: Escape(ErrorText(r.Printer(), err))}); rerr != nil && !errors.Is(rerr, ErrNoReplyTarget) {
		b.log.Error("could not tell the user about an error", "kind", r.Kind, "id", r.ID, "err", rerr)
	}
}

// errorAck is the ack that tells the user about err for an envelope whose answer is
// its ack: a view_submission pushes a small modal with the message (the user's input
// stays in the modal under it); a suggestion offers no options.
func (b *Bot) errorAck(r *Request, err error) any {
	level := b.log.Error
	if code := goalbot.ErrorCode(err); code != goalbot.EINTERNAL {
		level = b.log.Info
	}
	level("answer refused or failed", "kind", r.Kind, "id", r.ID, "envelope", r.EnvelopeID, "err", err)
	if r.Kind != KindViewSubmission {
		return OptionsAck(nil)
	}
	p := r.Printer()
	return slack.NewPushViewSubmissionResponse(&slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plain("goalbot"),
		Close:  plainText(p.T("slack.modal.back"), maxModalTitleText),
		Blocks: slack.Blocks{BlockSet: []slack.Block{section(Escape(ErrorText(p, err)))}},
	})
}
