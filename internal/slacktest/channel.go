package slacktest

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Channel is a conversation of the fake workspace.
type Channel struct {
	ID       string
	Name     string
	Private  bool
	Archived bool
	// Members are the human members; conversations.members adds the bot when BotMember.
	Members []string
	// BotMember says whether the bot user is in the channel.
	BotMember bool
}

type channelState struct {
	Channel
	imUser string // for a DM: the other member
}

// SetChannel adds or replaces a channel.
func (s *Server) SetChannel(ch Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch.Members = slices.Clone(ch.Members)
	s.ws.channels[ch.ID] = &channelState{Channel: ch}
}

// Channel returns a channel's current state (BotMember turns true after a successful
// conversations.join). DM channels opened with conversations.open are included.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, found := s.ws.channels[id]
	if !found {
		return Channel{}, false
	}
	out := ch.Channel
	out.Members = slices.Clone(out.Members)
	return out, true
}

// DMChannel returns the id of the bot's DM channel with user, opening it if needed.
// It returns "" for an unknown user.
func (s *Server) DMChannel(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := s.openDMLocked(user)
	return id
}

// openDMLocked returns the DM channel with user, and whether it was already open.
func (s *Server) openDMLocked(user string) (string, bool) {
	if _, found := s.ws.users[user]; !found {
		return "", false
	}
	if id, found := s.ws.dms[user]; found {
		return id, true
	}
	id := s.nextIDLocked("D")
	s.ws.dms[user] = id
	s.ws.channels[id] = &channelState{
		Channel: Channel{ID: id, Private: true, Members: []string{user}, BotMember: true},
		imUser:  user,
	}
	return id, false
}

// visibleLocked resolves a channel id as the bot sees it (see
// WithHiddenPrivateChannels).
func (s *Server) visibleLocked(id string) (*channelState, string) {
	ch, found := s.ws.channels[id]
	if !found || (s.cfg.hidePrivate && ch.Private && !ch.BotMember) {
		return nil, "channel_not_found"
	}
	return ch, ""
}

// channelJSON is ch in conversations.info's shape.
func channelJSON(ch *channelState) map[string]any {
	im := ch.imUser != ""
	m := map[string]any{
		"id":          ch.ID,
		"name":        ch.Name,
		"is_channel":  !ch.Private && !im,
		"is_group":    ch.Private && !im,
		"is_im":       im,
		"is_mpim":     false,
		"is_private":  ch.Private,
		"is_archived": ch.Archived,
		"is_member":   ch.BotMember,
		"is_general":  false,
		"created":     1700000000,
		"creator":     "",
		"num_members": len(members(ch)),
	}
	if im {
		m["user"] = ch.imUser
	}
	return m
}

// members lists ch's members as Slack does, the bot included.
func members(ch *channelState) []string {
	out := slices.Clone(ch.Members)
	if ch.BotMember && !slices.Contains(out, BotUserID) {
		out = append(out, BotUserID)
	}
	return out
}

// conversationsInfo serves conversations.info: channel.
func (s *Server) conversationsInfo(c *Call) reply {
	ch, code := s.visibleLocked(c.Params.Get("channel"))
	if code != "" {
		return fail(code)
	}
	return ok(map[string]any{"channel": channelJSON(ch)})
}

// conversationsJoin serves conversations.join: channel.
func (s *Server) conversationsJoin(c *Call) reply {
	ch, code := s.visibleLocked(c.Params.Get("channel"))
	switch {
	case code != "":
		return fail(code)
	case ch.Archived:
		return fail("is_archived")
	case ch.Private:
		return fail("method_not_supported_for_channel_type")
	case ch.BotMember:
		return ok(map[string]any{
			"channel":           channelJSON(ch),
			"warning":           "already_in_channel",
			"response_metadata": map[string]any{"warnings": []string{"already_in_channel"}},
		})
	}
	ch.BotMember = true
	s.changedLocked()
	return ok(map[string]any{"channel": channelJSON(ch)})
}

// conversationsMembers serves conversations.members: channel, limit, cursor.
func (s *Server) conversationsMembers(c *Call) reply {
	ch, code := s.visibleLocked(c.Params.Get("channel"))
	if code != "" {
		return fail(code)
	}
	all := members(ch)
	start, err := decodeCursor(c.Params.Get("cursor"))
	if err != nil || start > len(all) {
		return fail("invalid_cursor")
	}
	limit, err := strconv.Atoi(c.Params.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	end := min(start+limit, len(all))
	next := ""
	if end < len(all) {
		next = encodeCursor(end)
	}
	return ok(map[string]any{
		"members":           all[start:end],
		"response_metadata": map[string]any{"next_cursor": next},
	})
}

// conversationsOpen serves conversations.open: users (one user; multi-person DMs are
// not faked) or channel.
func (s *Server) conversationsOpen(c *Call) reply {
	if id := c.Params.Get("channel"); id != "" {
		ch, code := s.visibleLocked(id)
		if code != "" {
			return fail(code)
		}
		return ok(map[string]any{"channel": map[string]any{"id": ch.ID}, "no_op": true, "already_open": true})
	}
	users := strings.Split(c.Params.Get("users"), ",")
	switch {
	case users[0] == "":
		return fail("users_list_not_supplied")
	case len(users) > 1:
		return fail("slacktest_mpim_not_supported")
	}
	id, already := s.openDMLocked(users[0])
	if id == "" {
		return fail("user_not_found")
	}
	s.changedLocked()
	ch := map[string]any{"id": id}
	if c.Params.Get("return_im") == "true" {
		ch = channelJSON(s.ws.channels[id])
	}
	return ok(map[string]any{"channel": ch, "no_op": already, "already_open": already})
}

func encodeCursor(offset int) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "offset:%d", offset))
}

func decodeCursor(cursor string) (int, error) {
	if cursor == "" {
		return 0, nil
	}
	b, err := base64.StdEncoding.DecodeString(cursor)
	if err != nil {
		return 0, fmt.Errorf("decode cursor: %w", err)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
	if err != nil {
		return 0, fmt.Errorf("decode cursor: %w", err)
	}
	return n, nil
}
