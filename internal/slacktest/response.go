package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// responseURLUses is how many posts Slack accepts on one response_url.
const responseURLUses = 5

// Response is one post to a response_url.
type Response struct {
	URL             string
	Text            string
	ResponseType    string // "ephemeral", "in_channel" or ""
	ReplaceOriginal bool
	DeleteOriginal  bool
	ThreadTS        string
	Blocks          json.RawMessage
	// Body is the whole JSON body as posted.
	Body json.RawMessage
	At   time.Time
}

type responseURL struct {
	posts []Response
}

// ResponseURL hands out a fresh response_url, <server>/resp/<id>. The envelope
// builders call it for every payload that carries a response_url.
func (s *Server) ResponseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newResponseURLLocked()
}

func (s *Server) newResponseURLLocked() string {
	id := s.nextIDLocked("R")
	s.ws.responses[id] = &responseURL{}
	return s.srv.URL + "/resp/" + id
}

// responseID accepts a response_url or its id.
func responseID(urlOrID string) string {
	return urlOrID[strings.LastIndex(urlOrID, "/")+1:]
}

// Responses returns the posts made to a response_url (the URL or its id) in order.
func (s *Server) Responses(urlOrID string) []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ws.responses[responseID(urlOrID)]
	if r == nil {
		return nil
	}
	return append([]Response(nil), r.posts...)
}

// WaitResponse returns the first post to a response_url for which pred is true (nil
// matches any), waiting for it.
func (s *Server) WaitResponse(ctx context.Context, urlOrID string, pred func(Response) bool) (Response, error) {
	id := responseID(urlOrID)
	snap := func() []Response {
		if r := s.ws.responses[id]; r != nil {
			return r.posts[:len(r.posts):len(r.posts)]
		}
		return nil
	}
	found, err := waitFirst(ctx, s, snap, pred)
	if err != nil {
		return Response{}, fmt.Errorf("wait for response on %s: %w", id, err)
	}
	return found, nil
}

// handleResponseURL takes a JSON post to a response_url. Unknown ids get 404; a sixth
// post gets 404 used_url; text or blocks beyond Slack's limits (checkMessageBlocks,
// checkMessageText) get 400 with Slack's code, recorded as a Rejection.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	delay := s.web.latency["response_url"]
	s.mu.Unlock()
	s.sleep(r.Context(), delay)

	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	var p struct {
		Text            string          `json:"text"`
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		DeleteOriginal  bool            `json:"delete_original"`
		ThreadTS        string          `json:"thread_ts"`
		Blocks          json.RawMessage `json:"blocks"`
	}
	if !json.Valid(body) || json.Unmarshal(body, &p) != nil {
		writeJSON(w, http.StatusBadRequest, `{"ok":false,"error":"invalid_payload"}`)
		return
	}
	code, problems := checkMessageText(p.Text)
	if code == "" && len(p.Blocks) > 0 && string(p.Blocks) != "null" {
		code, problems = checkMessageBlocks(p.Blocks)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if code != "" {
		s.rejectLocked("response_url", code, problems)
		writeJSON(w, http.StatusBadRequest, `{"ok":false,"error":"`+code+`"}`)
		return
	}
	if f := s.takeFaultLocked("response_url"); f != nil {
		f.write(w)
		return
	}
	rec := s.ws.responses[responseID(r.URL.Path)]
	switch {
	case rec == nil:
		writeJSON(w, http.StatusNotFound, `{"ok":false,"error":"no_such_url"}`)
		return
	case len(rec.posts) >= responseURLUses:
		writeJSON(w, http.StatusNotFound, `{"ok":false,"error":"used_url"}`)
		return
	}
	if string(p.Blocks) == "null" {
		p.Blocks = nil
	}
	rec.posts = append(rec.posts, Response{
		URL: s.srv.URL + r.URL.Path, Text: p.Text, ResponseType: p.ResponseType,
		ReplaceOriginal: p.ReplaceOriginal, DeleteOriginal: p.DeleteOriginal,
		ThreadTS: p.ThreadTS, Blocks: p.Blocks, Body: body, At: time.Now(),
	})
	s.changedLocked()
	writeJSON(w, http.StatusOK, `{"ok":true}`)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
