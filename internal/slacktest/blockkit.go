package slacktest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"unicode/utf8"
)

// Limits of messages and Block Kit that the fake enforces, in characters, as Slack
// does (Block Kit's block, element and composition object references; python-slack-sdk's
// validators and @slack/types mirror them).
const (
	// MaxMessageBlocks is the most blocks a message holds.
	MaxMessageBlocks = 50
	// MaxViewBlocks is the most blocks a modal or Home tab holds.
	MaxViewBlocks = 100
	// MaxMessageBlockText is the most text the blocks of one message may hold, all
	// text objects together: Slack refuses more with msg_blocks_too_long (at about
	// 12,000 characters; the fake takes that figure).
	MaxMessageBlockText = 12_000
	// MaxMessageText is the longest fallback text of a message (Slack cuts it there;
	// the fake refuses it with msg_too_long so that a test sees the cut).
	MaxMessageText = 40_000
	// MaxOptions is the most options a select or a block_suggestion answer holds.
	MaxOptions = 100
)

// Rejection is a payload the fake refused because it breaks a limit of Slack's: a Web
// API call, a response_url post or an ack.
type Rejection struct {
	// Where is the method ("chat.postMessage", "views.open"), "response_url",
	// "view_submission ack" or "block_suggestion ack".
	Where string
	// Error is the code Slack answers (invalid_blocks, msg_blocks_too_long,
	// msg_too_long, invalid_arguments).
	Error string
	// Problems are the limits broken, each with its JSON pointer, as Slack lists them
	// in response_metadata.messages.
	Problems []string
}

// Rejections returns every payload refused for breaking a limit, in order. An
// end-to-end test can fail on any: each is a message or view real Slack would refuse.
func (s *Server) Rejections() []Rejection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Rejection(nil), s.web.rejections...)
}

// rejectLocked records a refused payload and returns the reply that refuses it.
func (s *Server) rejectLocked(where, code string, problems []string) reply {
	s.web.rejections = append(s.web.rejections, Rejection{Where: where, Error: code, Problems: problems})
	s.changedLocked()
	r := fail(code)
	if len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = "[ERROR] " + p
		}
		r.fields = map[string]any{"response_metadata": map[string]any{"messages": msgs}}
	}
	return r
}

// refusalLocked is the reply that refuses a payload with code, nil when code is "";
// a refusal for broken limits (problems) is recorded as a Rejection.
func (s *Server) refusalLocked(where, code string, problems []string) *reply {
	switch {
	case code == "":
		return nil
	case problems != nil:
		r := s.rejectLocked(where, code, problems)
		return &r
	}
	r := fail(code)
	return &r
}

// blockKit walks Block Kit JSON and collects the limits it breaks.
type blockKit struct {
	problems []string
	text     int // characters of every text object's text
}

func (k *blockKit) add(path, format string, args ...any) {
	k.problems = append(k.problems, fmt.Sprintf(format, args...)+" [json-pointer:"+path+"]")
}

// str returns v as a string ("" when it is not one).
func str(v any) string {
	s, _ := v.(string)
	return s
}

// max checks that field of o, when a string, has at most n characters.
func (k *blockKit) max(o map[string]any, path, field string, n int) {
	if s, ok := o[field].(string); ok {
		if c := utf8.RuneCountInString(s); c > n {
			k.add(path+"/"+field, "must be at most %d characters, not %d", n, c)
		}
	}
}

// textObject checks the text object under field of o, if any (see text).
func (k *blockKit) textObject(o map[string]any, path, field string, n int, plain bool) {
	v, present := o[field]
	if !present {
		return
	}
	t, ok := v.(map[string]any)
	if !ok {
		k.add(path+"/"+field, "must be a text object")
		return
	}
	k.textOf(t, path+"/"+field, n, plain)
}

// textOf checks text object t: at most n characters, plain_text where plain is
// true; and counts its text.
func (k *blockKit) textOf(t map[string]any, path string, n int, plain bool) {
	typ := str(t["type"])
	switch {
	case typ != "plain_text" && typ != "mrkdwn":
		k.add(path+"/type", "must be plain_text or mrkdwn, not %q", typ)
	case plain && typ != "plain_text":
		k.add(path+"/type", "must be plain_text")
	}
	k.max(t, path, "text", n)
	k.text += utf8.RuneCountInString(str(t["text"]))
}

// list returns field of o as a list, checking that it has at most n items.
func (k *blockKit) list(o map[string]any, path, field string, n int) []any {
	l, _ := o[field].([]any)
	if len(l) > n {
		k.add(path+"/"+field, "must have at most %d items, not %d", n, len(l))
	}
	return l
}

// blocks checks a blocks array of at most n blocks.
func (k *blockKit) blocks(blocks []any, n int) {
	if len(blocks) > n {
		k.add("/blocks", "must have at most %d blocks, not %d", n, len(blocks))
	}
	for i, b := range blocks {
		o, ok := b.(map[string]any)
		if !ok {
			k.add(fmt.Sprintf("/blocks/%d", i), "must be a block object")
			continue
		}
		k.block(o, fmt.Sprintf("/blocks/%d", i))
	}
}

func (k *blockKit) block(b map[string]any, path string) {
	k.max(b, path, "block_id", 255)
	switch str(b["type"]) {
	case "section":
		k.textObject(b, path, "text", 3000, false)
		for i, f := range k.list(b, path, "fields", 10) {
			if fo, ok := f.(map[string]any); ok {
				k.textOf(fo, fmt.Sprintf("%s/fields/%d", path, i), 2000, false)
			}
		}
		if b["text"] == nil && b["fields"] == nil {
			k.add(path, "a section needs text or fields")
		}
		if acc, ok := b["accessory"].(map[string]any); ok {
			k.element(acc, path+"/accessory")
		}
	case "header":
		k.textObject(b, path, "text", 150, true)
	case "context":
		for i, e := range k.list(b, path, "elements", 10) {
			if eo, ok := e.(map[string]any); ok && (eo["type"] == "mrkdwn" || eo["type"] == "plain_text") {
				k.textOf(eo, fmt.Sprintf("%s/elements/%d", path, i), 3000, false)
			}
		}
	case "actions":
		k.elements(k.list(b, path, "elements", 25), path)
	case "input":
		k.textObject(b, path, "label", 2000, true)
		k.textObject(b, path, "hint", 2000, true)
		if el, ok := b["element"].(map[string]any); ok {
			k.element(el, path+"/element")
		}
	case "image":
		k.max(b, path, "alt_text", 2000)
		k.max(b, path, "image_url", 3000)
		k.textObject(b, path, "title", 2000, true)
	}
}

// elements checks the elements of an actions block: action_ids differ.
func (k *blockKit) elements(els []any, path string) {
	var ids []string
	for i, e := range els {
		eo, ok := e.(map[string]any)
		if !ok {
			continue
		}
		p := fmt.Sprintf("%s/elements/%d", path, i)
		if id := str(eo["action_id"]); id != "" {
			if slices.Contains(ids, id) {
				k.add(p+"/action_id", "action_id %q is used twice in one block", id)
			}
			ids = append(ids, id)
		}
		k.element(eo, p)
	}
}

// datePattern is a datepicker's initial_date.
var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func (k *blockKit) element(e map[string]any, path string) {
	k.max(e, path, "action_id", 255)
	k.textObject(e, path, "placeholder", 150, true)
	if c, ok := e["confirm"].(map[string]any); ok {
		cp := path + "/confirm"
		k.textObject(c, cp, "title", 100, true)
		k.textObject(c, cp, "text", 300, false)
		k.textObject(c, cp, "confirm", 30, true)
		k.textObject(c, cp, "deny", 30, true)
	}
	switch typ := str(e["type"]); typ {
	case "button":
		k.textObject(e, path, "text", 75, true)
		k.max(e, path, "value", 2000)
		k.max(e, path, "url", 3000)
	case "plain_text_input":
		k.plainTextInput(e, path)
	case "datepicker":
		if d, ok := e["initial_date"].(string); ok && !datePattern.MatchString(d) {
			k.add(path+"/initial_date", "must be YYYY-MM-DD, not %q", d)
		}
	case "checkboxes", "radio_buttons", "overflow":
		most := 10
		if typ == "overflow" {
			most = 5
		}
		k.options(e, path, most)
	case "static_select", "multi_static_select", "external_select", "multi_external_select":
		k.options(e, path, MaxOptions)
		for i, g := range k.list(e, path, "option_groups", MaxOptions) {
			if grp, ok := g.(map[string]any); ok {
				gp := fmt.Sprintf("%s/option_groups/%d", path, i)
				k.textObject(grp, gp, "label", 75, true)
				k.options(grp, gp, MaxOptions)
			}
		}
		if n, ok := e["max_selected_items"].(float64); ok && n < 1 {
			k.add(path+"/max_selected_items", "must be at least 1")
		}
	}
}

// plainTextInput checks an input's lengths: its initial_value fits its max_length.
func (k *blockKit) plainTextInput(e map[string]any, path string) {
	most := 3000
	for _, f := range []string{"min_length", "max_length"} {
		if n, ok := e[f].(float64); ok && (n < 0 || n > 3000) {
			k.add(path+"/"+f, "must be from 0 to 3000, not %v", n)
		}
	}
	if n, ok := e["max_length"].(float64); ok && n < float64(most) {
		most = int(n)
	}
	if s, ok := e["initial_value"].(string); ok && utf8.RuneCountInString(s) > most {
		k.add(path+"/initial_value", "must be at most %d characters (its max_length), not %d", most, utf8.RuneCountInString(s))
	}
}

// options checks the options, initial_options and initial_option of a choice
// element: at most n options, each option's text, value and description in bounds.
func (k *blockKit) options(e map[string]any, path string, n int) {
	for _, f := range []string{"options", "initial_options"} {
		for i, o := range k.list(e, path, f, n) {
			k.option(o, fmt.Sprintf("%s/%s/%d", path, f, i))
		}
	}
	if o, ok := e["initial_option"]; ok {
		k.option(o, path+"/initial_option")
	}
}

func (k *blockKit) option(v any, path string) {
	o, ok := v.(map[string]any)
	if !ok {
		k.add(path, "must be an option object")
		return
	}
	k.textObject(o, path, "text", 75, false)
	k.textObject(o, path, "description", 75, true)
	k.max(o, path, "value", 150)
	k.max(o, path, "url", 3000)
}

// checkMessageBlocks checks the blocks of a message (a JSON array) and answers the
// code Slack would: invalid_blocks for a broken limit, msg_blocks_too_long for more
// than MaxMessageBlockText characters of text in all; "" when they are fine.
func checkMessageBlocks(raw json.RawMessage) (string, []string) {
	var blocks []any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return "invalid_blocks", []string{"blocks must be a JSON array of blocks [json-pointer:/blocks]"}
	}
	k := &blockKit{}
	k.blocks(blocks, MaxMessageBlocks)
	if len(k.problems) > 0 {
		return "invalid_blocks", k.problems
	}
	if k.text > MaxMessageBlockText {
		return "msg_blocks_too_long", []string{fmt.Sprintf("the blocks hold %d characters of text, more than %d [json-pointer:/blocks]", k.text, MaxMessageBlockText)}
	}
	return "", nil
}

// checkMessageText checks a message's fallback text.
func checkMessageText(text string) (string, []string) {
	if n := utf8.RuneCountInString(text); n > MaxMessageText {
		return "msg_too_long", []string{fmt.Sprintf("text has %d characters, more than %d [json-pointer:/text]", n, MaxMessageText)}
	}
	return "", nil
}

// checkOptionsAck checks a block_suggestion's answer: {"options":[…]} or
// {"option_groups":[…]}, at most MaxOptions each, every option within bounds.
func checkOptionsAck(payload json.RawMessage) []string {
	var a map[string]any
	if err := json.Unmarshal(payload, &a); err != nil {
		return []string{"the answer must be a JSON object [json-pointer:/]"}
	}
	k := &blockKit{}
	k.options(a, "", MaxOptions)
	for i, g := range k.list(a, "", "option_groups", MaxOptions) {
		if grp, ok := g.(map[string]any); ok {
			k.textObject(grp, fmt.Sprintf("/option_groups/%d", i), "label", 75, true)
			k.options(grp, fmt.Sprintf("/option_groups/%d", i), MaxOptions)
		}
	}
	return k.problems
}

// CheckMessage checks a message as chat.postMessage would (its fallback text and its
// blocks, a JSON array; either may be empty): "" when Slack takes it, else the code
// Slack answers and the limits broken. Unit tests of Block Kit builders use it.
func CheckMessage(text string, blocks json.RawMessage) (string, []string) {
	if code, problems := checkMessageText(text); code != "" {
		return code, problems
	}
	if len(blocks) == 0 {
		return "", nil
	}
	return checkMessageBlocks(blocks)
}

// CheckView checks a view object (JSON) of kind "modal" or "home" as views.open and
// views.publish would: "" when Slack takes it, else the code and the limits broken.
func CheckView(view json.RawMessage, kind string) (string, []string) {
	_, code, problems := parseView(view, kind)
	return code, problems
}
