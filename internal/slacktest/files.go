package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Slack's file upload (files.uploadV2 in the SDKs) as the fake serves it:
//
//  1. files.getUploadURLExternal (filename, length) hands out a file id and an upload
//     URL on the fake's own host (slack-go sends its token only to Slack's hosts or
//     to the API URL's);
//  2. a POST of the bytes to that URL (multipart, field "file", as slack-go sends
//     them, or the raw body), which must be as long as length said;
//  3. files.completeUploadExternal (files, channel_id, initial_comment, thread_ts)
//     shares the uploaded files in the channel (or keeps them private without one).
//
// Slack's rules: a file is completed once (a second completion, or one of a file
// whose bytes never came, is file_not_found: the upload is gone), the bot must be a
// member of the channel it shares to (not_in_channel; chat:write.public does not let
// it share files), the channel must exist and not be archived, and thread_ts must be
// a message of that channel (the fake's stricter check: invalid_thread_ts).

// maxUploadBytes is the largest file the fake takes (Slack's limit is 1 GB; charts
// are far smaller).
const maxUploadBytes = 64 << 20

// File is a file uploaded to the fake, as it is now.
type File struct {
	ID       string
	Name     string // the filename given to files.getUploadURLExternal
	Length   int    // the length it announced
	AltText  string
	Data     []byte // the bytes posted to the upload URL (nil until then)
	Title    string // from files.completeUploadExternal
	Channel  string // where it was shared ("" while private or not completed)
	ThreadTS string // the message it was shared under, if any
	Comment  string // the initial_comment of its share
	// Completed: files.completeUploadExternal took it.
	Completed bool
	At        time.Time // when it was completed
}

type fileState struct {
	File
	uploaded bool
}

// Files returns the files completed in channel (a C…, G… or D… id) in the order
// they were shared; channel "" returns every completed file.
func (s *Server) Files(channel string) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.filesLocked(channel)
}

func (s *Server) filesLocked(channel string) []File {
	var out []File
	for _, id := range s.ws.fileOrder {
		f := s.ws.files[id]
		if f.Completed && (channel == "" || f.Channel == channel) {
			c := f.File
			c.Data = slices.Clone(f.Data)
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b File) int { return a.At.Compare(b.At) })
	return out
}

// WaitFile returns the first file completed in channel ("" for any) for which pred
// is true (nil matches any), waiting for it.
func (s *Server) WaitFile(ctx context.Context, channel string, pred func(File) bool) (File, error) {
	found, err := waitFirst(ctx, s, func() []File { return s.filesLocked(channel) }, pred)
	if err != nil {
		return File{}, fmt.Errorf("wait for a file in %q: %w", channel, err)
	}
	return found, nil
}

// filesGetUploadURLExternal serves files.getUploadURLExternal: filename, length,
// alt_txt.
func (s *Server) filesGetUploadURLExternal(c *Call) reply {
	name := c.Params.Get("filename")
	n, err := strconv.Atoi(c.Params.Get("length"))
	if name == "" || err != nil || n <= 0 || n > maxUploadBytes {
		return fail("invalid_arguments")
	}
	id := s.nextIDLocked("F")
	s.ws.files[id] = &fileState{File: File{ID: id, Name: name, Length: n, AltText: c.Params.Get("alt_txt")}}
	s.ws.fileOrder = append(s.ws.fileOrder, id)
	return ok(map[string]any{"upload_url": s.srv.URL + "/upload/" + id, "file_id": id})
}

// handleUpload takes the bytes of a file at its upload URL: 404 for an unknown or
// completed file, 400 when they are not as long as announced. Method "upload_url"
// of FailNext and SetLatency applies to it.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	delay := s.web.latency["upload_url"]
	s.mu.Unlock()
	s.sleep(r.Context(), delay)
	data, err := uploadedBytes(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if fault := s.takeFaultLocked("upload_url"); fault != nil {
		fault.write(w)
		return
	}
	f := s.ws.files[strings.TrimPrefix(r.URL.Path, "/upload/")]
	switch {
	case f == nil || f.Completed:
		http.Error(w, "no such upload", http.StatusNotFound)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	case len(data) != f.Length:
		http.Error(w, fmt.Sprintf("got %d bytes, the upload announced %d", len(data), f.Length), http.StatusBadRequest)
		return
	}
	f.Data, f.uploaded = data, true
	s.changedLocked()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = fmt.Fprintf(w, "OK - %d", len(data))
}

// uploadedBytes reads an upload's bytes: the multipart form's "file", or the body.
func uploadedBytes(r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, maxUploadBytes+1<<20)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return io.ReadAll(r.Body)
	}
	part, _, err := r.FormFile("file")
	if err != nil {
		return nil, fmt.Errorf("read the multipart field \"file\": %w", err)
	}
	defer part.Close()
	return io.ReadAll(part)
}

// filesCompleteUploadExternal serves files.completeUploadExternal: files (a JSON
// array of {"id","title"}), channel_id (or channels, one), initial_comment,
// thread_ts.
func (s *Server) filesCompleteUploadExternal(c *Call) reply {
	var list []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if json.Unmarshal([]byte(c.Params.Get("files")), &list) != nil || len(list) == 0 {
		return fail("invalid_arguments")
	}
	channel := c.Params.Get("channel_id")
	if channel == "" {
		channel = c.Params.Get("channels")
	}
	var ch *channelState
	if channel != "" {
		var code string
		if ch, code = s.shareTargetLocked(channel); code != "" {
			return fail(code)
		}
	}
	thread := c.Params.Get("thread_ts")
	if thread != "" && (ch == nil || !slices.ContainsFunc(s.ws.posts, func(m *Message) bool { return m.Channel == ch.ID && m.TS == thread })) {
		return fail("invalid_thread_ts")
	}
	if code, _ := checkMessageText(c.Params.Get("initial_comment")); code != "" {
		return fail(code)
	}
	for _, l := range list {
		if f := s.ws.files[l.ID]; f == nil || !f.uploaded || f.Completed {
			return fail("file_not_found")
		}
	}
	var out []map[string]any
	for _, l := range list {
		f := s.ws.files[l.ID]
		f.Completed, f.Title, f.Comment, f.ThreadTS, f.At = true, l.Title, c.Params.Get("initial_comment"), thread, c.At
		if ch != nil {
			f.Channel = ch.ID
		}
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
	}
	s.changedLocked()
	return ok(map[string]any{"files": out})
}

// shareTargetLocked resolves the channel a file is shared to with Slack's rules: a
// user id is the bot's DM with them; the bot must be a member of any other
// (chat:write.public does not let it share files).
func (s *Server) shareTargetLocked(id string) (*channelState, string) {
	return s.targetLocked(id, false)
}
