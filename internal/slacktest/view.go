package slacktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// View is a modal or Home tab the bot opened, pushed, updated or published.
type View struct {
	ID              string
	Type            string // "modal" or "home"
	User            string // whose view it is
	Hash            string // changes on every update
	CallbackID      string
	ExternalID      string
	PrivateMetadata string
	RootViewID      string
	PreviousViewID  string
	// Source is the view object as the bot last sent it (views.* body or a
	// view_submission ack's response_action view).
	Source  json.RawMessage
	Closed  bool // closed by a view_submission ack (empty or "clear")
	Updates int
}

// viewRequest is the part of a view object the fake checks.
type viewRequest struct {
	Type            string            `json:"type"`
	Title           *textObject       `json:"title"`
	Submit          *textObject       `json:"submit"`
	Close           *textObject       `json:"close"`
	Blocks          []json.RawMessage `json:"blocks"`
	PrivateMetadata string            `json:"private_metadata"`
	CallbackID      string            `json:"callback_id"`
	ExternalID      string            `json:"external_id"`
}

type textObject struct {
	Text string `json:"text"`
}

// maxViewBytes is the largest view object Slack takes (views.publish and the other
// views.* methods answer view_too_large beyond it).
const maxViewBytes = 250_000

// parseView checks a view object against Slack's limits for its kind: invalid_arguments
// (with the limits broken, when it is one of Block Kit's) or view_too_large.
func parseView(raw json.RawMessage, kind string) (viewRequest, string, []string) {
	var v viewRequest
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil || v.Type != kind {
		return v, "invalid_arguments", nil
	}
	if len(raw) > maxViewBytes {
		return v, "view_too_large", []string{fmt.Sprintf("the view has %d bytes, more than %d [json-pointer:/view]", len(raw), maxViewBytes)}
	}
	var view map[string]any
	_ = json.Unmarshal(raw, &view)
	k := &blockKit{}
	for _, f := range []string{"title", "submit", "close"} {
		k.textObject(view, "/view", f, 24, true)
	}
	k.max(view, "/view", "private_metadata", 3000)
	k.max(view, "/view", "callback_id", 255)
	k.max(view, "/view", "external_id", 255)
	if kind == "modal" && (v.Title == nil || v.Title.Text == "") {
		k.add("/view/title", "a modal needs a title")
	}
	blocks, _ := view["blocks"].([]any)
	k.blocks(blocks, MaxViewBlocks)
	if len(k.problems) > 0 {
		return v, "invalid_arguments", k.problems
	}
	return v, "", nil
}

// viewLocked is parseView for where (a method, or an ack), recording a refusal for
// breaking a limit; the reply refuses the view (nil when it is fine).
func (s *Server) viewLocked(where string, raw json.RawMessage, kind string) (viewRequest, *reply) {
	v, code, problems := parseView(raw, kind)
	return v, s.refusalLocked(where, code, problems)
}

// newModalLocked checks the view of views.open or views.push: within Slack's limits,
// with an external_id no other view has.
func (s *Server) newModalLocked(method string, raw json.RawMessage) (viewRequest, *reply) {
	req, refused := s.viewLocked(method, raw, "modal")
	if refused == nil && s.externalIDTakenLocked(req.ExternalID) {
		r := fail("duplicate_external_id")
		refused = &r
	}
	return req, refused
}

// set copies a checked request into v and gives it a new hash.
func (v *View) set(req viewRequest, raw json.RawMessage) {
	v.Type, v.CallbackID, v.ExternalID = req.Type, req.CallbackID, req.ExternalID
	v.PrivateMetadata, v.Source = req.PrivateMetadata, slices.Clone(raw)
	v.Hash = newHash()
}

func newHash() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%d.%s", time.Now().Unix(), hex.EncodeToString(b))
}

// viewJSON is v as Slack returns it: the source plus the fields Slack adds.
func viewJSON(v *View) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(v.Source, &m)
	m["id"], m["team_id"], m["type"], m["hash"] = v.ID, TeamID, v.Type, v.Hash
	m["callback_id"], m["external_id"], m["private_metadata"] = v.CallbackID, v.ExternalID, v.PrivateMetadata
	m["root_view_id"], m["app_id"], m["bot_id"], m["app_installed_team_id"] = v.RootViewID, AppID, BotID, TeamID
	m["previous_view_id"] = nil
	if v.PreviousViewID != "" {
		m["previous_view_id"] = v.PreviousViewID
	}
	m["state"] = map[string]any{"values": map[string]any{}}
	for _, k := range []string{"clear_on_close", "notify_on_close"} {
		if _, set := m[k]; !set {
			m[k] = false
		}
	}
	if _, set := m["blocks"]; !set {
		m["blocks"] = []any{}
	}
	return m
}

// addViewLocked stores a new view.
func (s *Server) addViewLocked(req viewRequest, raw json.RawMessage, user, root, previous string) *View {
	v := &View{ID: s.nextIDLocked("V"), User: user, PreviousViewID: previous}
	v.RootViewID = root
	if root == "" {
		v.RootViewID = v.ID
	}
	v.set(req, raw)
	s.ws.views[v.ID] = v
	s.ws.viewOrder = append(s.ws.viewOrder, v.ID)
	s.changedLocked()
	return v
}

func (s *Server) externalIDTakenLocked(id string) bool {
	if id == "" {
		return false
	}
	for _, v := range s.ws.views {
		if v.ExternalID == id {
			return true
		}
	}
	return false
}

// viewCall is the body of views.open, views.push, views.update and views.publish.
type viewCall struct {
	TriggerID  string          `json:"trigger_id"`
	UserID     string          `json:"user_id"`
	View       json.RawMessage `json:"view"`
	ViewID     string          `json:"view_id"`
	ExternalID string          `json:"external_id"`
	Hash       *string         `json:"hash"`
}

// viewsOpen serves views.open: trigger_id, view.
func (s *Server) viewsOpen(c *Call) reply {
	var body viewCall
	if !decodeBody(c, &body) {
		return fail("invalid_arguments")
	}
	req, refused := s.newModalLocked(c.Method, body.View)
	if refused != nil {
		return *refused
	}
	t, code := s.useTriggerLocked(body.TriggerID)
	if code != "" {
		return fail(code)
	}
	v := s.addViewLocked(req, body.View, t.user, "", "")
	return ok(map[string]any{"view": viewJSON(v)})
}

// viewsPush serves views.push: trigger_id, view. The trigger must come from an
// interaction in an open modal; the stack holds at most three views.
func (s *Server) viewsPush(c *Call) reply {
	var body viewCall
	if !decodeBody(c, &body) {
		return fail("invalid_arguments")
	}
	req, refused := s.newModalLocked(c.Method, body.View)
	if refused != nil {
		return *refused
	}
	t, found := s.ws.triggers[body.TriggerID]
	if found && t.viewID != "" && s.stackDepthLocked(t.viewID) >= 3 {
		return fail("push_limit_reached")
	}
	t, code := s.useTriggerLocked(body.TriggerID)
	if code != "" {
		return fail(code)
	}
	root, previous := "", ""
	if from := s.ws.views[t.viewID]; from != nil && from.Type == "modal" {
		root, previous = from.RootViewID, from.ID
	}
	v := s.addViewLocked(req, body.View, t.user, root, previous)
	return ok(map[string]any{"view": viewJSON(v)})
}

// stackDepthLocked counts the open modals in the stack of view id.
func (s *Server) stackDepthLocked(id string) int {
	from := s.ws.views[id]
	if from == nil || from.Type != "modal" {
		return 0
	}
	n := 0
	for _, v := range s.ws.views {
		if v.RootViewID == from.RootViewID && !v.Closed {
			n++
		}
	}
	return n
}

// viewsUpdate serves views.update: view, view_id or external_id, hash.
func (s *Server) viewsUpdate(c *Call) reply {
	var body viewCall
	if !decodeBody(c, &body) {
		return fail("invalid_arguments")
	}
	v := s.ws.views[body.ViewID]
	if body.ViewID == "" {
		v = s.viewByExternalIDLocked(body.ExternalID)
	}
	if v == nil {
		return fail("not_found")
	}
	if body.Hash != nil && *body.Hash != "" && *body.Hash != v.Hash {
		return fail("hash_conflict")
	}
	req, refused := s.viewLocked(c.Method, body.View, v.Type)
	if refused != nil {
		return *refused
	}
	v.set(req, body.View)
	v.Updates++
	s.changedLocked()
	return ok(map[string]any{"view": viewJSON(v)})
}

func (s *Server) viewByExternalIDLocked(id string) *View {
	for _, v := range s.ws.views {
		if id != "" && v.ExternalID == id {
			return v
		}
	}
	return nil
}

// viewsPublish serves views.publish: user_id, view (type home), hash.
func (s *Server) viewsPublish(c *Call) reply {
	var body viewCall
	if !decodeBody(c, &body) {
		return fail("invalid_arguments")
	}
	if _, found := s.ws.users[body.UserID]; !found {
		return fail("user_not_found")
	}
	req, refused := s.viewLocked(c.Method, body.View, "home")
	if refused != nil {
		return *refused
	}
	v := s.ws.views[s.ws.homes[body.UserID]]
	if v == nil {
		v = s.addViewLocked(req, body.View, body.UserID, "", "")
		s.ws.homes[body.UserID] = v.ID
		return ok(map[string]any{"view": viewJSON(v)})
	}
	if body.Hash != nil && *body.Hash != "" && *body.Hash != v.Hash {
		return fail("hash_conflict")
	}
	v.set(req, body.View)
	v.Updates++
	s.changedLocked()
	return ok(map[string]any{"view": viewJSON(v)})
}

// applyViewAckLocked does what Slack does with a view_submission ack's payload.
// It returns an error code when the response_action view is invalid.
func (s *Server) applyViewAckLocked(viewID string, payload json.RawMessage) string {
	v := s.ws.views[viewID]
	if v == nil {
		return ""
	}
	var a struct {
		ResponseAction string          `json:"response_action"`
		View           json.RawMessage `json:"view"`
	}
	_ = json.Unmarshal(payload, &a)
	switch a.ResponseAction {
	case "errors":
	case "update", "push":
		req, refused := s.viewLocked("view_submission ack", a.View, "modal")
		if refused != nil {
			return refused.err
		}
		if a.ResponseAction == "push" {
			s.addViewLocked(req, a.View, v.User, v.RootViewID, v.ID)
			break
		}
		v.set(req, a.View)
		v.Updates++
	case "clear":
		for _, w := range s.ws.views {
			if w.RootViewID == v.RootViewID {
				w.Closed = true
			}
		}
	default:
		v.Closed = true
	}
	return ""
}

// View returns a view by id.
func (s *Server) View(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, found := s.ws.views[id]
	if !found {
		return View{}, false
	}
	return *v, true
}

// Views returns every view in creation order, as it is now.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.viewsLocked()
}

func (s *Server) viewsLocked() []View {
	out := make([]View, 0, len(s.ws.viewOrder))
	for _, id := range s.ws.viewOrder {
		out = append(out, *s.ws.views[id])
	}
	return out
}

// HomeView returns the Home tab last published for user.
func (s *Server) HomeView(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, found := s.ws.views[s.ws.homes[user]]
	if !found {
		return View{}, false
	}
	return *v, true
}

// WaitView returns the first view (in creation order) for which pred is true (nil
// matches any), waiting for one to be opened, pushed, updated or published.
func (s *Server) WaitView(ctx context.Context, pred func(View) bool) (View, error) {
	found, err := waitFirst(ctx, s, s.viewsLocked, pred)
	if err != nil {
		return View{}, fmt.Errorf("wait for view: %w", err)
	}
	return found, nil
}
