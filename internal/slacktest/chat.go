package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Message is a message the bot posted with chat.postMessage (and perhaps changed with
// chat.update), or an ephemeral one from chat.postEphemeral.
type Message struct {
	Channel  string // for a DM: the D… channel, also when posted to a user id
	TS       string
	ThreadTS string
	Text     string
	// Blocks is the blocks JSON array as the bot sent it, nil without blocks.
	Blocks   json.RawMessage
	Metadata *Metadata
	// User is the ephemeral message's recipient; empty for ordinary messages.
	User  string
	Edits int // successful chat.update calls
	At    time.Time
}

// Metadata is a message's metadata parameter.
type Metadata struct {
	EventType    string          `json:"event_type"`
	EventPayload json.RawMessage `json:"event_payload"`
}

// Messages returns the messages posted to channel (a C…, G… or D… id) in post order,
// as they are now; channel "" returns every channel's. Ephemeral messages are not
// included (see Ephemerals).
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(channel)
}

func (s *Server) messagesLocked(channel string) []Message {
	var out []Message
	for _, m := range s.ws.posts {
		if channel == "" || m.Channel == channel {
			out = append(out, *m)
		}
	}
	return out
}

// Ephemerals returns the ephemeral messages posted to channel; "" returns all.
func (s *Server) Ephemerals(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.ws.ephemerals {
		if channel == "" || m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

// WaitMessage returns the first message in channel ("" for any) for which pred is
// true (nil matches any), waiting for it to be posted or updated.
func (s *Server) WaitMessage(ctx context.Context, channel string, pred func(Message) bool) (Message, error) {
	snap := func() []Message { return s.messagesLocked(channel) }
	found, err := waitFirst(ctx, s, snap, pred)
	if err != nil {
		return Message{}, fmt.Errorf("wait for message in %q: %w", channel, err)
	}
	return found, nil
}

// postTargetLocked resolves chat.*'s channel parameter with Slack's membership rules.
func (s *Server) postTargetLocked(id string) (*channelState, string) {
	return s.targetLocked(id, s.cfg.writePublic)
}

// targetLocked resolves a channel the bot posts or shares to: a user id is the bot's
// DM with them; the bot must be a member of any other, unless public (it may write
// to public channels it is not in) and the channel is public.
func (s *Server) targetLocked(id string, public bool) (*channelState, string) {
	if strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") {
		dm, _ := s.openDMLocked(id)
		if dm == "" {
			return nil, "channel_not_found"
		}
		return s.ws.channels[dm], ""
	}
	ch, code := s.visibleLocked(id)
	switch {
	case code != "":
		return nil, code
	case ch.Archived:
		return nil, "is_archived"
	case !ch.BotMember && (ch.Private || !public):
		return nil, "not_in_channel"
	}
	return ch, ""
}

// content is the message body parameters of chat.*.
type content struct {
	text        string
	blocks      json.RawMessage
	metadata    *Metadata
	hasText     bool
	hasBlocks   bool
	hasMetadata bool
}

// parseContent reads text, blocks and metadata as Slack validates them; a refusal
// comes with the limits broken (see Rejection).
func parseContent(p url.Values) (content, string, []string) {
	c := content{text: p.Get("text"), hasText: p.Has("text")}
	if b := p.Get("blocks"); b != "" {
		if code, problems := checkMessageBlocks(json.RawMessage(b)); code != "" {
			return c, code, problems
		}
		c.blocks, c.hasBlocks = json.RawMessage(b), true
	}
	if m := p.Get("metadata"); m != "" {
		var md Metadata
		if json.Unmarshal([]byte(m), &md) != nil || md.EventType == "" {
			return c, "invalid_metadata_format", nil
		}
		c.metadata, c.hasMetadata = &md, true
	}
	if code, problems := checkMessageText(c.text); code != "" {
		return c, code, problems
	}
	if c.text == "" && !c.hasBlocks && p.Get("attachments") == "" {
		return c, "no_text", nil
	}
	return c, "", nil
}

// contentLocked is parseContent for method, recording a refusal for breaking a limit.
func (s *Server) contentLocked(method string, p url.Values) (content, *reply) {
	body, code, problems := parseContent(p)
	return body, s.refusalLocked(method, code, problems)
}

// chatPostMessage serves chat.postMessage: channel, text, blocks, metadata, thread_ts.
func (s *Server) chatPostMessage(c *Call) reply {
	ch, code := s.postTargetLocked(c.Params.Get("channel"))
	if code != "" {
		return fail(code)
	}
	body, refused := s.contentLocked(c.Method, c.Params)
	if refused != nil {
		return *refused
	}
	m := &Message{
		Channel: ch.ID, TS: s.nextTSLocked(), ThreadTS: c.Params.Get("thread_ts"),
		Text: body.text, Blocks: body.blocks, Metadata: body.metadata, At: c.At,
	}
	s.ws.posts = append(s.ws.posts, m)
	s.changedLocked()
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS, "message": messageJSON(m)})
}

// chatPostEphemeral serves chat.postEphemeral: channel, user, text, blocks.
func (s *Server) chatPostEphemeral(c *Call) reply {
	ch, code := s.postTargetLocked(c.Params.Get("channel"))
	if code != "" {
		return fail(code)
	}
	user := c.Params.Get("user")
	if _, found := s.ws.users[user]; !found {
		return fail("user_not_found")
	}
	if !slices.Contains(ch.Members, user) {
		return fail("user_not_in_channel")
	}
	body, refused := s.contentLocked(c.Method, c.Params)
	if refused != nil {
		return *refused
	}
	m := Message{
		Channel: ch.ID, TS: s.nextTSLocked(), ThreadTS: c.Params.Get("thread_ts"),
		Text: body.text, Blocks: body.blocks, User: user, At: c.At,
	}
	s.ws.ephemerals = append(s.ws.ephemerals, m)
	s.changedLocked()
	return ok(map[string]any{"message_ts": m.TS})
}

// chatUpdate serves chat.update: channel, ts, text, blocks, metadata. Parameters left
// out keep the message's previous value.
func (s *Server) chatUpdate(c *Call) reply {
	ch, code := s.visibleLocked(c.Params.Get("channel"))
	if code != "" {
		return fail(code)
	}
	if ch.Archived {
		return fail("is_archived")
	}
	i := slices.IndexFunc(s.ws.posts, func(m *Message) bool {
		return m.Channel == ch.ID && m.TS == c.Params.Get("ts")
	})
	if i < 0 {
		return fail("message_not_found")
	}
	body, refused := s.contentLocked(c.Method, c.Params)
	if refused != nil {
		return *refused
	}
	m := s.ws.posts[i]
	if body.hasText {
		m.Text = body.text
	}
	if body.hasBlocks {
		m.Blocks = body.blocks
	}
	if body.hasMetadata {
		m.Metadata = body.metadata
	}
	m.Edits++
	s.changedLocked()
	return ok(map[string]any{"channel": m.Channel, "ts": m.TS, "text": m.Text, "message": messageJSON(m)})
}

// messageJSON is m in the shape chat.postMessage and chat.update return.
func messageJSON(m *Message) map[string]any {
	out := map[string]any{
		"type": "message", "user": BotUserID, "bot_id": BotID, "app_id": AppID,
		"team": TeamID, "text": m.Text, "ts": m.TS,
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if m.Blocks != nil {
		out["blocks"] = m.Blocks
	}
	if m.Metadata != nil {
		out["metadata"] = m.Metadata
	}
	return out
}
