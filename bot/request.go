package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/goalbot/goalbot/commands"
	"sync/atomic"
	"time"

	"github.com/goalbot/goalbot/messages"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// Request is one envelope from Slack, decoded, with what a handler needs to answer.
type Request struct {
	// Kind is the envelope's kind (KindSlashCommand, KindBlockActions…); for other
	// interactive payloads, their type ("view_closed", "shortcut").
	Kind string
	// ID is what the router routes by: the command, action_id (without its "#suffix",
	// see ActionBase), callback_id or event type.
	ID           string
	EnvelopeID   string
	RetryAttempt int
	UserID       string
	ChannelID    string
	TriggerID    string
	ResponseURL  string
	EventID      string

	// Exactly one of these is set, by kind.
	Command     *slack.SlashCommand
	Interaction *slack.InteractionCallback
	Event       *slackevents.EventsAPIEvent
	// Action is the routed element of a block_actions payload.
	Action *slack.BlockAction

	bot *Bot
	// printer is the user's language, once learned; atomic, as the ack's deadline may
	// answer while the handler's goroutine still learns it.
	printer atomic.Pointer[messages.Printer]
}

// Printer is the language of the user who sent the envelope (see Locales), learned
// before its handler ran; until then, or without a user, the default language.
func (r *Request) Printer() *messages.Printer {
	if p := r.printer.Load(); p != nil {
		return p
	}
	if r.bot == nil {
		return messages.English()
	}
	if lang, ok := r.bot.locales.Cached(r.UserID); ok {
		return messages.For(lang)
	}
	return r.bot.locales.Default()
}

// Actor is the user who sent the envelope, as the use cases know them: their id and
// the language they read and type in (see Printer).
func (r *Request) Actor() commands.Actor {
	return commands.Actor{UserID: r.UserID, Lang: r.Printer().Lang()}
}

// learnLang learns the language of the envelope's user, waiting at most wait for
// Slack to tell it.
func (r *Request) learnLang(ctx context.Context, wait time.Duration) {
	if r.bot == nil || r.UserID == "" {
		return
	}
	r.printer.Store(r.bot.locales.Printer(ctx, r.UserID, wait))
}

// Slack returns the Web API client, for handlers that open or publish views.
func (r *Request) Slack() *slack.Client { return r.bot.api }

// newRequest decodes a socket-mode envelope event. It fails for an envelope whose
// data slack-go did not decode as its type says.
func newRequest(evt socketmode.Event) (*Request, error) {
	r := &Request{EnvelopeID: evt.Request.EnvelopeID, RetryAttempt: evt.Request.RetryAttempt}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		r.Kind, r.ID, r.Command = KindSlashCommand, data.Command, &data
		r.UserID, r.ChannelID, r.TriggerID, r.ResponseURL = data.UserID, data.ChannelID, data.TriggerID, data.ResponseURL
	case slack.InteractionCallback:
		r.fromInteraction(&data)
	case slackevents.EventsAPIEvent:
		r.Kind, r.ID, r.Event = KindEvent, data.InnerEvent.Type, &data
		if cb, ok := data.Data.(*slackevents.EventsAPICallbackEvent); ok {
			r.EventID = cb.EventID
		}
		if home, ok := data.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
			r.UserID = home.User
		}
	default:
		return nil, fmt.Errorf("decode %s envelope %s: unexpected data %T", evt.Type, r.EnvelopeID, evt.Data)
	}
	return r, nil
}

func (r *Request) fromInteraction(cb *slack.InteractionCallback) {
	r.Interaction = cb
	r.Kind = string(cb.Type)
	r.UserID, r.ChannelID, r.TriggerID, r.ResponseURL = cb.User.ID, cb.Channel.ID, cb.TriggerID, cb.ResponseURL
	if r.ChannelID == "" {
		r.ChannelID = cb.Container.ChannelID
	}
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		if len(cb.ActionCallback.BlockActions) > 0 {
			r.Action = cb.ActionCallback.BlockActions[0]
			r.ID = ActionBase(r.Action.ActionID) // "goal_filter_remove#2" routes as goal_filter_remove
		}
	case slack.InteractionTypeViewSubmission, slack.InteractionTypeViewClosed:
		r.ID = cb.View.CallbackID
	case slack.InteractionTypeBlockSuggestion:
		r.ID = cb.ActionID
	default:
		r.ID = cb.CallbackID
	}
}

// dedupeKey is the envelope's identity for acting once: the event_id of an event
// (Slack retries an event with the same event_id), else the trigger_id of a user's
// interaction (a retried envelope carries the same one), else the envelope_id.
func (r *Request) dedupeKey() string {
	switch {
	case r.EventID != "":
		return "event:" + r.EventID
	case r.TriggerID != "":
		return "trigger:" + r.TriggerID
	}
	return "envelope:" + r.EnvelopeID
}

// envelopeIDOf returns the envelope_id of a frame slack-go could not decode, so that
// it can be acked all the same ("" when there is none).
func envelopeIDOf(raw json.RawMessage) string {
	var v struct {
		EnvelopeID string `json:"envelope_id"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return v.EnvelopeID
}
