package slacktest

import "time"

// User is a workspace member as users.info reports it.
type User struct {
	ID       string
	Name     string
	RealName string // defaults to Name
	IsAdmin  bool
	IsOwner  bool
	IsBot    bool
	Deleted  bool
	TZ       string // IANA name; defaults to "UTC"
	Locale   string // defaults to "en-US"
}

// SetUser adds or replaces a user. Users must exist before users.info,
// conversations.open or a DM to them succeed; envelopes use their names.
func (s *Server) SetUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ws.users[u.ID] = u
}

// usersInfo serves users.info: user, include_locale.
func (s *Server) usersInfo(c *Call) reply {
	u, found := s.ws.users[c.Params.Get("user")]
	if !found {
		return fail("user_not_found")
	}
	return ok(map[string]any{"user": userJSON(u, c.Params.Get("include_locale") == "true")})
}

// userJSON is u in users.info's shape.
func userJSON(u User, locale bool) map[string]any {
	tz := u.TZ
	if tz == "" {
		tz = "UTC"
	}
	offset, label := 0, tz
	if loc, err := time.LoadLocation(tz); err == nil {
		label, offset = time.Now().In(loc).Zone()
	}
	realName := u.RealName
	if realName == "" {
		realName = u.Name
	}
	m := map[string]any{
		"id":               u.ID,
		"team_id":          TeamID,
		"name":             u.Name,
		"real_name":        realName,
		"deleted":          u.Deleted,
		"tz":               tz,
		"tz_label":         label,
		"tz_offset":        offset,
		"is_admin":         u.IsAdmin,
		"is_owner":         u.IsOwner,
		"is_primary_owner": false,
		"is_bot":           u.IsBot,
		"is_app_user":      false,
		"profile":          map[string]any{"real_name": realName, "display_name": u.Name},
	}
	if locale {
		loc := u.Locale
		if loc == "" {
			loc = "en-US"
		}
		m["locale"] = loc
	}
	return m
}

// userNameLocked is the user's name, or the id for unknown users.
func (s *Server) userNameLocked(id string) string {
	if u, found := s.ws.users[id]; found && u.Name != "" {
		return u.Name
	}
	return id
}
