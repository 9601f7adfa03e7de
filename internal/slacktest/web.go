package slacktest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Call is one Web API request as the server received it.
type Call struct {
	Method string // "chat.postMessage"
	// Token is the token= form field, or the Authorization Bearer token.
	Token string
	// Params holds form-encoded bodies and query parameters.
	Params url.Values
	// Body is the request body when it was JSON (views.*, apps.connections.open).
	Body json.RawMessage
	// Status is the HTTP status of the reply.
	Status int
	// Error is the reply's "error" code when ok was false, or what the injected fault
	// did ("ratelimited", "http_500", "network_error"); empty on success.
	Error string
	// Reply is the JSON the server answered with (empty for faults without a body).
	Reply json.RawMessage
	At    time.Time
}

// Param returns a request parameter: the form field, or a top-level string field of a
// JSON body.
func (c Call) Param(name string) string {
	if v := c.Params.Get(name); v != "" {
		return v
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(c.Body, &m) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(m[name], &s) != nil {
		return ""
	}
	return s
}

// OK reports whether the call succeeded.
func (c Call) OK() bool { return c.Status == http.StatusOK && c.Error == "" }

// reply is a handler's answer: extra top-level fields on success, or an error code.
type reply struct {
	fields map[string]any
	err    string
}

func ok(fields map[string]any) reply { return reply{fields: fields} }
func fail(code string) reply         { return reply{err: code} }

// method handles one Web API method with s.mu held. It must not block.
type method func(s *Server, c *Call) reply

// methods are the Web API methods the fake serves, by name.
var methods = map[string]method{
	"auth.test":                    (*Server).authTest,
	"apps.connections.open":        (*Server).appsConnectionsOpen,
	"chat.postMessage":             (*Server).chatPostMessage,
	"chat.postEphemeral":           (*Server).chatPostEphemeral,
	"chat.update":                  (*Server).chatUpdate,
	"conversations.info":           (*Server).conversationsInfo,
	"conversations.join":           (*Server).conversationsJoin,
	"conversations.members":        (*Server).conversationsMembers,
	"conversations.open":           (*Server).conversationsOpen,
	"files.getUploadURLExternal":   (*Server).filesGetUploadURLExternal,
	"files.completeUploadExternal": (*Server).filesCompleteUploadExternal,
	"users.info":                   (*Server).usersInfo,
	"views.open":                   (*Server).viewsOpen,
	"views.push":                   (*Server).viewsPush,
	"views.update":                 (*Server).viewsUpdate,
	"views.publish":                (*Server).viewsPublish,
}

type webState struct {
	rejections []Rejection
	calls      []Call
	faults     map[string][]Fault
	latency    map[string]time.Duration
	refused    map[string]string // token → the error code RefuseToken gave it
}

func (w *webState) init() {
	w.faults = map[string][]Fault{}
	w.latency = map[string]time.Duration{}
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	call, err := readCall(r)
	if err != nil {
		call.Status, call.Error = http.StatusOK, "invalid_form_data"
		s.finish(w, call, map[string]any{"ok": false, "error": call.Error})
		return
	}

	s.mu.Lock()
	delay := s.web.latency[call.Method]
	s.mu.Unlock()
	s.sleep(r.Context(), delay)

	s.mu.Lock()
	if f := s.takeFaultLocked(call.Method); f != nil {
		call.Status, call.Error = f.status(), f.code()
		s.recordLocked(call)
		s.mu.Unlock()
		f.write(w)
		return
	}
	rep := s.serveLocked(&call)
	s.mu.Unlock()

	body := map[string]any{"ok": rep.err == ""}
	if rep.err != "" {
		body["error"] = rep.err
	}
	for k, v := range rep.fields {
		body[k] = v
	}
	call.Status, call.Error = http.StatusOK, rep.err
	s.finish(w, call, body)
}

// serveLocked checks the token and runs the method.
func (s *Server) serveLocked(c *Call) reply {
	m, found := methods[c.Method]
	if !found {
		return fail("unknown_method")
	}
	if code := s.checkToken(c.Method, c.Token); code != "" {
		return fail(code)
	}
	return m(s, c)
}

// finish writes the JSON reply and records the call.
func (s *Server) finish(w http.ResponseWriter, c Call, body map[string]any) {
	b, err := json.Marshal(body)
	if err != nil {
		panic(fmt.Sprintf("slacktest: marshal reply to %s: %v", c.Method, err))
	}
	c.Reply = b
	s.mu.Lock()
	s.recordLocked(c)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(c.Status)
	_, _ = w.Write(b)
}

func (s *Server) recordLocked(c Call) {
	s.web.calls = append(s.web.calls, c)
	s.changedLocked()
}

// readCall parses a request as Slack does: a form body or a JSON body, the token in
// the form or in an Authorization Bearer header.
func readCall(r *http.Request) (Call, error) {
	c := Call{Method: strings.TrimPrefix(r.URL.Path, "/api/"), At: time.Now(), Params: url.Values{}}
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		c.Token = strings.TrimPrefix(auth, "Bearer ")
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "application/json" {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return c, fmt.Errorf("read %s body: %w", c.Method, err)
		}
		if len(bytes.TrimSpace(b)) > 0 {
			if !json.Valid(b) {
				return c, fmt.Errorf("%s: body is not JSON", c.Method)
			}
			c.Body = b
		}
		c.Params = r.URL.Query()
	} else {
		if err := r.ParseForm(); err != nil {
			return c, fmt.Errorf("parse %s form: %w", c.Method, err)
		}
		c.Params = r.Form
	}
	if t := c.Params.Get("token"); t != "" {
		c.Token = t
	}
	return c, nil
}

// checkToken returns the error code Slack gives for token on method, or "".
func (s *Server) checkToken(method, token string) string {
	want := s.cfg.botToken
	if method == "apps.connections.open" {
		want = s.cfg.appToken
	}
	if code, ok := s.web.refused[token]; ok {
		return code
	}
	switch {
	case token == "":
		return "not_authed"
	case token == want:
		return ""
	case token == s.cfg.botToken || token == s.cfg.appToken:
		return "not_allowed_token_type"
	default:
		return "invalid_auth"
	}
}

// decodeBody decodes a JSON body into v.
func decodeBody(c *Call, v any) bool {
	return len(c.Body) > 0 && json.Unmarshal(c.Body, v) == nil
}

// Calls returns the recorded calls of method in arrival order; method "" returns all.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.web.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall returns the first recorded call of method (already made or still to come)
// for which pred is true; a nil pred matches any call.
func (s *Server) WaitCall(ctx context.Context, method string, pred func(Call) bool) (Call, error) {
	// Recorded calls never change, so a capped slice header is a safe snapshot.
	snap := func() []Call { return s.web.calls[:len(s.web.calls):len(s.web.calls)] }
	found, err := waitFirst(ctx, s, snap, func(c Call) bool {
		return c.Method == method && (pred == nil || pred(c))
	})
	if err != nil {
		return Call{}, fmt.Errorf("wait for %s: %w", method, err)
	}
	return found, nil
}

func (s *Server) authTest(*Call) reply {
	return ok(map[string]any{
		"url":     "https://" + TeamDomain + ".slack.com/",
		"team":    TeamDomain,
		"user":    "goalbot",
		"team_id": TeamID,
		"user_id": BotUserID,
		"bot_id":  BotID,
	})
}
