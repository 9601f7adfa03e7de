package slacktest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Fault is a failure FailNext injects in place of a Web API reply: RateLimited,
// ServerError, SlackError or NetworkError.
type Fault interface {
	write(w http.ResponseWriter)
	status() int
	code() string
}

// RateLimited answers HTTP 429 with a Retry-After header, as Slack does when a method's
// rate limit is exceeded; slack-go turns it into *slack.RateLimitedError.
type RateLimited struct {
	RetryAfter int // seconds
}

func (f RateLimited) write(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"ok":false,"error":"ratelimited"}`))
}
func (RateLimited) status() int  { return http.StatusTooManyRequests }
func (RateLimited) code() string { return "ratelimited" }

// ServerError answers with an HTTP 5xx status (500 when Status is 0) and an HTML body,
// as Slack's edge does; slack-go turns it into slack.StatusCodeError.
type ServerError struct {
	Status int
}

func (f ServerError) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(f.status())
	_, _ = fmt.Fprintf(w, "<html><body>%d %s</body></html>", f.status(), http.StatusText(f.status()))
}

func (f ServerError) status() int {
	if f.Status == 0 {
		return http.StatusInternalServerError
	}
	return f.Status
}
func (f ServerError) code() string { return "http_" + strconv.Itoa(f.status()) }

// SlackError answers HTTP 200 {"ok":false,"error":<code>}; slack-go turns it into
// slack.SlackErrorResponse.
type SlackError string

func (f SlackError) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprintf(w, `{"ok":false,"error":%q}`, string(f))
}
func (SlackError) status() int    { return http.StatusOK }
func (f SlackError) code() string { return string(f) }

// NetworkError closes the TCP connection without answering, so the client's request
// fails with a transport error (EOF).
type NetworkError struct{}

func (NetworkError) write(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	_ = conn.Close()
}
func (NetworkError) status() int  { return 0 }
func (NetworkError) code() string { return "network_error" }

// FailNext makes the next n calls of method fail with f instead of being served.
// Faults queue up: FailNext("chat.postMessage", 1, RateLimited{RetryAfter: 1}) then
// FailNext("chat.postMessage", 1, ServerError{}) fails the next two calls, in that
// order. Failed calls are recorded with Error set. Method "response_url" applies to
// posts to response_url endpoints.
func (s *Server) FailNext(method string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.web.faults[method] = append(s.web.faults[method], f)
	}
}

// SetLatency delays every later call of method by d before it is served (or failed);
// 0 removes the delay. Method "response_url" applies to response_url posts.
func (s *Server) SetLatency(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.web.latency, method)
		return
	}
	s.web.latency[method] = d
}

// takeFaultLocked pops the next fault queued for method, or returns nil.
func (s *Server) takeFaultLocked(method string) Fault {
	q := s.web.faults[method]
	if len(q) == 0 {
		return nil
	}
	s.web.faults[method] = q[1:]
	return q[0]
}
