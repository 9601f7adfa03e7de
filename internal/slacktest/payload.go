package slacktest

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"
)

// verificationToken is the deprecated token field Slack still puts in payloads.
const verificationToken = "slacktest-verification-token"

// SlashCommandArgs describes a slash command invocation.
type SlashCommandArgs struct {
	Command   string // default "/goal"
	Text      string
	UserID    string
	ChannelID string
}

// SlashCommand sends a slash_commands envelope, with a fresh trigger_id and
// response_url (see Envelope), and returns its envelope id.
func (s *Server) SlashCommand(a SlashCommandArgs) string {
	if a.Command == "" {
		a.Command = "/goal"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	env := Envelope{
		Type:                   "slash_commands",
		AcceptsResponsePayload: true,
		TriggerID:              s.newTriggerLocked(a.UserID, ""),
		ResponseURL:            s.newResponseURLLocked(),
	}
	env.Payload = mustJSON(map[string]any{
		"token":                 verificationToken,
		"team_id":               TeamID,
		"team_domain":           TeamDomain,
		"channel_id":            a.ChannelID,
		"channel_name":          s.channelNameLocked(a.ChannelID),
		"user_id":               a.UserID,
		"user_name":             s.userNameLocked(a.UserID),
		"command":               a.Command,
		"text":                  a.Text,
		"api_app_id":            AppID,
		"is_enterprise_install": "false",
		"response_url":          env.ResponseURL,
		"trigger_id":            env.TriggerID,
	})
	return s.enqueueLocked(env, env.Type)
}

// BlockActionsArgs describes a click (or selection) on an interactive element, either
// in a message (ChannelID, MessageTS) or in a view (ViewID).
type BlockActionsArgs struct {
	UserID    string
	ChannelID string
	MessageTS string
	Ephemeral bool // the message was ephemeral
	ViewID    string
	ActionID  string
	BlockID   string
	Type      string // element type, default "button"
	Value     string // a button's value
	// SelectedOption is the value of the option chosen in a static_select,
	// external_select, overflow or radio_buttons element.
	SelectedOption string
	// SelectedOptions are the values of the options ticked in a checkboxes element
	// (or chosen in a multi select) after the click, for an element Type such as
	// "checkboxes".
	SelectedOptions []string
	// Values is the state of the message's (or view's) stateful elements, as Slack
	// sends it in the payload's state.values: block_id → action_id → value (see
	// Checkboxes and the other StateValue helpers). Empty by default.
	Values map[string]map[string]StateValue
	// Action, when set, replaces the generated action object.
	Action json.RawMessage
}

// BlockActions sends an interactive block_actions envelope and returns its envelope
// id. A click in a message carries a fresh response_url and the stored message, if
// MessageTS names one; a click in a view carries the view. Both carry a trigger_id.
func (s *Server) BlockActions(a BlockActionsArgs) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	env := Envelope{Type: "interactive", TriggerID: s.newTriggerLocked(a.UserID, a.ViewID), ViewID: a.ViewID}
	p := s.interactionLocked("block_actions", a.UserID)
	p["trigger_id"] = env.TriggerID
	p["actions"] = []any{actionJSON(a)}
	p["state"] = map[string]any{"values": stateValues(a.Values)}
	if a.ViewID != "" {
		p["container"] = map[string]any{"type": "view", "view_id": a.ViewID}
		if v := s.ws.views[a.ViewID]; v != nil {
			p["view"] = viewJSON(v)
		}
	} else {
		env.ResponseURL = s.newResponseURLLocked()
		p["response_url"] = env.ResponseURL
		p["container"] = map[string]any{
			"type": "message", "message_ts": a.MessageTS, "channel_id": a.ChannelID, "is_ephemeral": a.Ephemeral,
		}
		p["channel"] = map[string]any{"id": a.ChannelID, "name": s.channelNameLocked(a.ChannelID)}
		for _, m := range s.ws.posts {
			if m.Channel == a.ChannelID && m.TS == a.MessageTS {
				p["message"] = messageJSON(m)
			}
		}
	}
	env.Payload = mustJSON(p)
	return s.enqueueLocked(env, "block_actions")
}

// actionJSON is the action object of a block_actions payload.
func actionJSON(a BlockActionsArgs) any {
	if a.Action != nil {
		return a.Action
	}
	typ := a.Type
	if typ == "" {
		typ = "button"
	}
	act := map[string]any{
		"action_id": a.ActionID, "block_id": a.BlockID, "type": typ,
		"action_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), time.Now().Nanosecond()/1000),
	}
	switch {
	case typ == "button":
		act["text"] = plainText(a.ActionID)
		act["value"] = a.Value
	case a.SelectedOption != "":
		act["selected_option"] = option(a.SelectedOption)
	case typ == "checkboxes" || strings.HasPrefix(typ, "multi_"):
		act["selected_options"] = options(a.SelectedOptions)
	}
	return act
}

// stateValues is a state's values in the payload's JSON shape.
func stateValues(in map[string]map[string]StateValue) map[string]any {
	values := map[string]any{}
	for block, actions := range in {
		values[block] = actions
	}
	return values
}

// ViewSubmissionArgs describes a modal's submit. With ViewID naming a view the bot
// opened, the payload carries that view (callback_id, private_metadata, hash, blocks);
// otherwise CallbackID and PrivateMetadata make up a view.
type ViewSubmissionArgs struct {
	UserID          string
	ViewID          string
	CallbackID      string
	PrivateMetadata string
	// Values is the view state: block_id → action_id → value (see PlainText and the
	// other StateValue helpers).
	Values map[string]map[string]StateValue
}

// ViewSubmission sends an interactive view_submission envelope
// (accepts_response_payload true) and returns its envelope id. When the app acks it,
// the server applies the ack's response_action to the stored view: none closes the
// view, "update" replaces it, "push" pushes a new one, "clear" closes the stack,
// "errors" leaves it open.
func (s *Server) ViewSubmission(a ViewSubmissionArgs) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	view := map[string]any{
		"id": a.ViewID, "team_id": TeamID, "type": "modal", "blocks": []any{},
		"callback_id": a.CallbackID, "private_metadata": a.PrivateMetadata,
		"hash": "", "root_view_id": a.ViewID, "app_id": AppID, "bot_id": BotID,
	}
	if v := s.ws.views[a.ViewID]; v != nil {
		view = viewJSON(v)
	}
	view["state"] = map[string]any{"values": stateValues(a.Values)}

	env := Envelope{
		Type: "interactive", AcceptsResponsePayload: true,
		TriggerID: s.newTriggerLocked(a.UserID, a.ViewID), ViewID: a.ViewID,
	}
	p := s.interactionLocked("view_submission", a.UserID)
	p["trigger_id"] = env.TriggerID
	p["view"] = view
	p["response_urls"] = []any{}
	env.Payload = mustJSON(p)
	return s.enqueueLocked(env, "view_submission")
}

// BlockSuggestionArgs describes typing in an external_select of a view.
type BlockSuggestionArgs struct {
	UserID   string
	ViewID   string
	ActionID string
	BlockID  string
	Value    string // what the user typed
	// Values, when set, is the view's state as Slack sends it with the suggestion:
	// what the user has chosen so far in the view's other inputs.
	Values map[string]map[string]StateValue
}

// BlockSuggestion sends an interactive block_suggestion envelope
// (accepts_response_payload true; the ack carries {"options":[…]}) and returns its
// envelope id.
func (s *Server) BlockSuggestion(a BlockSuggestionArgs) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.interactionLocked("block_suggestion", a.UserID)
	p["action_id"], p["block_id"], p["value"] = a.ActionID, a.BlockID, a.Value
	p["container"] = map[string]any{"type": "view", "view_id": a.ViewID}
	if v := s.ws.views[a.ViewID]; v != nil {
		view := viewJSON(v)
		if a.Values != nil {
			view["state"] = map[string]any{"values": a.Values}
		}
		p["view"] = view
	}
	env := Envelope{Type: "interactive", AcceptsResponsePayload: true, ViewID: a.ViewID, Payload: mustJSON(p)}
	return s.enqueueLocked(env, "block_suggestion")
}

// Event sends an events_api envelope whose event is fields plus "type": eventType
// (and event_ts when missing), with a fresh event_id (see Envelope), and returns its
// envelope id. slack-go only delivers event types it knows (such as
// app_home_opened); others become error_bad_message and cannot be acked.
func (s *Server) Event(eventType string, fields map[string]any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ev := maps.Clone(fields)
	if ev == nil {
		ev = map[string]any{}
	}
	ev["type"] = eventType
	if _, set := ev["event_ts"]; !set {
		ev["event_ts"] = s.nextTSLocked()
	}
	env := Envelope{Type: "events_api", EventID: s.nextIDLocked("Ev")}
	env.Payload = mustJSON(map[string]any{
		"token":      verificationToken,
		"team_id":    TeamID,
		"api_app_id": AppID,
		"event":      ev,
		"type":       "event_callback",
		"event_id":   env.EventID,
		"event_time": time.Now().Unix(),
		"authorizations": []any{map[string]any{
			"enterprise_id": nil, "team_id": TeamID, "user_id": BotUserID,
			"is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
		"event_context":         "4-slacktest-" + env.EventID,
	})
	return s.enqueueLocked(env, "events_api")
}

// interactionLocked is the part every interactive payload shares.
func (s *Server) interactionLocked(typ, user string) map[string]any {
	return map[string]any{
		"type": typ,
		"user": map[string]any{
			"id": user, "username": s.userNameLocked(user), "name": s.userNameLocked(user), "team_id": TeamID,
		},
		"team":                  map[string]any{"id": TeamID, "domain": TeamDomain},
		"api_app_id":            AppID,
		"token":                 verificationToken,
		"enterprise":            nil,
		"is_enterprise_install": false,
	}
}

// channelNameLocked is the channel_name Slack puts in payloads.
func (s *Server) channelNameLocked(id string) string {
	ch := s.ws.channels[id]
	switch {
	case ch == nil:
		return ""
	case ch.imUser != "":
		return "directmessage"
	}
	return ch.Name
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("slacktest: marshal payload: %v", err))
	}
	return b
}
