package slacktest

// RefuseToken makes the server refuse token from now on, as Slack refuses a token that
// was revoked, mistyped or belongs to another workspace: every Web API method, and
// apps.connections.open for an app-level token, answers code ("invalid_auth" when
// empty; "token_revoked", "account_inactive" and "not_authed" are Slack's others)
// until AcceptToken. Socket-mode connections already open stay open.
func (s *Server) RefuseToken(token, code string) {
	if code == "" {
		code = "invalid_auth"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.web.refused == nil {
		s.web.refused = map[string]string{}
	}
	s.web.refused[token] = code
	s.changedLocked()
}

// AcceptToken undoes RefuseToken: token works again as it did before.
func (s *Server) AcceptToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.web.refused, token)
	s.changedLocked()
}
