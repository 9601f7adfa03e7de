package slacktest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// The fake workspace, app and bot user. Payloads and replies carry these ids.
const (
	TeamID     = "T0FAKE"
	TeamDomain = "goalbot-test"
	AppID      = "A0FAKE"
	BotUserID  = "U0BOT"
	BotID      = "B0BOT"
)

// Tokens the server accepts unless WithTokens says otherwise.
const (
	DefaultBotToken = "xoxb-slacktest"
	DefaultAppToken = "xapp-slacktest"
)

// ErrClosed is returned by the Wait methods once the server has been closed.
var ErrClosed = errors.New("slacktest: server closed")

// Option configures a Server at construction.
type Option func(*config)

type config struct {
	botToken     string
	appToken     string
	pingInterval time.Duration
	triggerTTL   time.Duration
	writePublic  bool
	hidePrivate  bool
}

// WithTokens sets the bot (xoxb) and app-level (xapp) tokens the server accepts. Web API
// methods want the bot token and apps.connections.open the app token; any other token
// gets invalid_auth, the other kind not_allowed_token_type, none not_authed.
func WithTokens(bot, app string) Option {
	return func(c *config) { c.botToken, c.appToken = bot, app }
}

// WithPingInterval sets how often the server sends WebSocket PING frames on each
// socket-mode connection (default 2 s). Keep it under half of the client's
// socketmode.OptionPingInterval, or the client reconnects.
func WithPingInterval(d time.Duration) Option {
	return func(c *config) { c.pingInterval = d }
}

// WithTriggerTTL sets how long a trigger_id handed out in an envelope stays usable for
// views.open and views.push (default 3 s, as Slack).
func WithTriggerTTL(d time.Duration) Option {
	return func(c *config) { c.triggerTTL = d }
}

// WithChatWritePublic makes the bot behave as if it had the chat:write.public scope: it
// may post to public channels it is not a member of.
func WithChatWritePublic() Option {
	return func(c *config) { c.writePublic = true }
}

// WithHiddenPrivateChannels makes private channels the bot is not in invisible to it,
// as they are to a real bot token: every method answers channel_not_found for them
// (by default they are visible, posting gives not_in_channel and joining
// method_not_supported_for_channel_type).
func WithHiddenPrivateChannels() Option {
	return func(c *config) { c.hidePrivate = true }
}

// Server is a fake Slack. Create it with New or NewT; all methods are safe for
// concurrent use.
type Server struct {
	srv   *httptest.Server
	cfg   config
	start time.Time

	done chan struct{} // closed by Close
	wake chan struct{} // nudges the envelope dispatcher
	wg   sync.WaitGroup

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every state change
	seq     int
	lastTS  int64 // microseconds of the last message ts handed out

	web    webState
	ws     workspace
	socket socketState
}

// New starts a fake Slack on a loopback port. Call Close when done.
func New(opts ...Option) *Server {
	cfg := config{
		botToken:     DefaultBotToken,
		appToken:     DefaultAppToken,
		pingInterval: 2 * time.Second,
		triggerTTL:   3 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:     cfg,
		start:   time.Now(),
		done:    make(chan struct{}),
		wake:    make(chan struct{}, 1),
		changed: make(chan struct{}),
	}
	s.web.init()
	s.ws.init()
	s.socket.init()

	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.handleAPI)
	mux.HandleFunc("/link/", s.handleLink)
	mux.HandleFunc("/resp/", s.handleResponseURL)
	mux.HandleFunc("/upload/", s.handleUpload)
	s.srv = httptest.NewUnstartedServer(mux)
	s.srv.Start() // after s.srv is set: the handlers read its URL

	s.wg.Add(1)
	go s.dispatch()
	return s
}

// NewT is New with Close registered as t's cleanup.
func NewT(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	return s
}

// URL is the server's base URL, http://127.0.0.1:PORT.
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the Web API base to pass to slack.OptionAPIURL; it ends in a slash, as
// slack-go appends method names to it.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// BotToken is the bot token the server accepts.
func (s *Server) BotToken() string { return s.cfg.botToken }

// AppToken is the app-level token the server accepts for apps.connections.open.
func (s *Server) AppToken() string { return s.cfg.appToken }

// Close closes every socket-mode connection, stops the HTTP server and waits for the
// server's goroutines to end. Wait methods blocked at that moment return ErrClosed.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	conns := s.socket.live
	s.socket.live = nil
	s.changedLocked()
	s.mu.Unlock()

	for _, c := range conns {
		c.close()
	}
	s.srv.Close()
	s.wg.Wait()
}

// changedLocked wakes every waiter; s.mu must be held.
func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil blocks until cond holds for a snapshot of the server's state. snap runs
// with s.mu held; cond runs without it, so it may call the Server.
func waitUntil[T any](ctx context.Context, s *Server, snap func() T, cond func(T) bool) (T, error) {
	for {
		s.mu.Lock()
		v, closed, ch := snap(), s.closed, s.changed
		s.mu.Unlock()
		switch {
		case cond(v):
			return v, nil
		case closed:
			return v, ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return v, ctx.Err()
		}
	}
}

// waitFirst waits for the first element of a snapshot list that pred (nil: any)
// accepts.
func waitFirst[T any](ctx context.Context, s *Server, snap func() []T, pred func(T) bool) (T, error) {
	var found T
	_, err := waitUntil(ctx, s, snap, func(list []T) bool {
		for _, x := range list {
			if pred == nil || pred(x) {
				found = x
				return true
			}
		}
		return false
	})
	return found, err
}

// nextIDLocked returns a fresh id with Slack's look: prefix and digits.
func (s *Server) nextIDLocked(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%07d", prefix, s.seq)
}

// nextTSLocked returns a fresh, increasing message timestamp ("1700000000.000100").
func (s *Server) nextTSLocked() string {
	us := max(time.Now().UnixMicro(), s.lastTS+1)
	s.lastTS = us
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// sleep waits d, or less if ctx ends or the server closes.
func (s *Server) sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-s.done:
	}
}
