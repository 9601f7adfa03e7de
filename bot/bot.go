package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Timings of the envelope path.
const (
	// AckBudget is how long an AckHandler may take before its envelope is acked
	// anyway (Slack allows three seconds).
	AckBudget = 2 * time.Second
	// AckTimeout bounds handing an ack to the socket's sender (it blocks while the
	// socket is down and the sender's queue is full).
	AckTimeout = time.Second
	// HandlerTimeout bounds a Handler's work after the ack (unless Config says
	// otherwise): a handler still at work then is stopped, and its user told so.
	HandlerTimeout = 30 * time.Second
	// StopGrace is the part of Close's time kept for the handlers still running
	// when it cancels them: to return, and to tell their users that goalbot is
	// restarting.
	StopGrace = time.Second
	// noticeTimeout bounds telling a user that their request was stopped (its own
	// context has ended by then).
	noticeTimeout = 2 * time.Second
	// OnceTTL is how long an envelope's identity is remembered to recognise a
	// redelivery (Slack retries an event for up to about five minutes).
	OnceTTL = 30 * time.Minute
	// WebTimeout bounds every Web API call and response_url post.
	WebTimeout = 10 * time.Second
)

// DefaultWorkers is how many handlers run at once unless Config.Workers says
// otherwise; envelopes beyond it are acked at once and wait for a slot.
const DefaultWorkers = 32

// Deduper records an envelope's identity and reports whether it is the first time
// (store.Redis.Once).
type Deduper interface {
	Once(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Config is what a Bot needs.
type Config struct {
	BotToken string // SLACK_BOT_TOKEN, xoxb-…
	AppToken string // SLACK_APP_TOKEN, xapp-…, with connections:write
	// APIURL is SLACK_API_URL, ending in "/" (slack.com's when empty).
	APIURL string
	// Once recognises redelivered envelopes; nil acts on every delivery.
	Once   Deduper
	Logger *slog.Logger // slog.Default when nil
	// Workers bounds the handlers running at once (DefaultWorkers when 0).
	Workers int
	// PingInterval is how long the socket may go without a ping from Slack before it
	// is reopened (slack-go's default, 30 s, when 0).
	PingInterval time.Duration
	// Retry is the first wait before the socket is opened again after slack-go gave
	// up, and before a refused bot token is checked again; each wait doubles, up to
	// five minutes (DefaultRetry when 0).
	Retry time.Duration
	// HandlerTimeout bounds each Handler's work (HandlerTimeout when 0).
	HandlerTimeout time.Duration
	// Locale is the language of users whose Slack locale goalbot does not speak or
	// cannot learn (GOALBOT_LOCALE: "en", "sv"; English when empty).
	Locale string
}

// DefaultRetry is Config.Retry's default.
const DefaultRetry = 5 * time.Second

// maxRetry caps the waits between attempts that Slack keeps refusing.
const maxRetry = 5 * time.Minute

// Bot is goalbot's socket-mode connection to Slack and the dispatch of its envelopes.
// Start it once, Close it once.
type Bot struct {
	api     *slack.Client
	sm      *socketmode.Client
	routes  routes
	once    Deduper
	log     *slog.Logger
	slots   chan struct{} // worker slots
	conn    connState
	tokens  tokenState
	retry   time.Duration // Config.Retry
	recheck chan struct{} // asks watchBotToken to check the bot token again
	// handlerTimeout bounds each Handler's work.
	handlerTimeout time.Duration
	locales        *Locales

	mu       sync.Mutex // guards draining and the Add of inflight and unacked
	draining bool
	inflight sync.WaitGroup // envelopes being served (ack and work)
	busy     atomic.Int32   // how many, for the log
	unacked  sync.WaitGroup // envelopes taken and not acked yet

	workCtx    context.Context // handlers' parent; cancelled when Close gives up
	workCancel context.CancelFunc
	runCancel  context.CancelFunc
	running    sync.WaitGroup // the socket loop and the consumer
}

// New returns a bot with the routes of r; it fails when a route is registered twice
// or a token is missing. It does no I/O: Start connects.
func New(cfg Config, r *Router) (*Bot, error) {
	if cfg.BotToken == "" || cfg.AppToken == "" {
		return nil, errors.New("new bot: the bot token and the app-level token are both required")
	}
	rt, err := r.build()
	if err != nil {
		return nil, fmt.Errorf("new bot: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Retry <= 0 {
		cfg.Retry = DefaultRetry
	}
	if cfg.HandlerTimeout <= 0 {
		cfg.HandlerTimeout = HandlerTimeout
	}
	b := &Bot{api: NewClient(cfg.BotToken, cfg.AppToken, cfg.APIURL), routes: rt, once: cfg.Once,
		log: cfg.Logger, slots: make(chan struct{}, cfg.Workers), retry: cfg.Retry, recheck: make(chan struct{}, 1),
		handlerTimeout: cfg.HandlerTimeout}
	opts := []socketmode.Option{socketmode.OptionLog(logAdapter{b.log})}
	if cfg.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(cfg.PingInterval))
	}
	b.locales = NewLocales(SlackUserInfo(b.api), cfg.Locale)
	// No OptionDialer: slack-go's own dialer keeps the 32 KiB write buffer that keeps
	// an ack in one frame.
	b.sm = socketmode.New(b.api, opts...)
	b.workCtx, b.workCancel = context.WithCancel(context.Background())
	b.conn.set(stateIdle, nil)
	return b, nil
}

// NewClient returns a Web API client for the bot token at apiURL (slack.com's when
// empty), with the app-level token for socket mode and WebTimeout on every call.
func NewClient(botToken, appToken, apiURL string) *slack.Client {
	opts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: WebTimeout})}
	if apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	if appToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(appToken))
	}
	return slack.New(botToken, opts...)
}

// API returns the bot's Web API client (for the Notifier and Admins).
func (b *Bot) API() *slack.Client { return b.api }

// Locales returns the languages of the workspace's users, as the bot learns them
// (for the Notifier, Homes and Admins to share).
func (b *Bot) Locales() *Locales { return b.locales }

// Start connects to Slack in the background and serves envelopes until Close. The
// connection is retried for ever, with backoff, and reopened whenever Slack asks or
// the socket drops. The bot token is checked at once (auth.test), and again, with
// backoff, while Slack refuses it; a refused token is logged once and shown by Ready.
func (b *Bot) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	b.runCancel = cancel
	b.running.Add(3)
	go func() {
		defer b.running.Done()
		b.watchBotToken(ctx)
	}()
	socketDone := make(chan struct{})
	go func() {
		defer b.running.Done()
		defer close(socketDone)
		b.runSocket(ctx)
	}()
	go func() {
		defer b.running.Done()
		b.consume(socketDone)
	}()
}

// runSocket runs slack-go's socket loop until ctx ends. slack-go reconnects by itself;
// it gives up only on an authentication error, and then this loop retries after a
// backoff (a token may be fixed without a restart).
func (b *Bot) runSocket(ctx context.Context) {
	wait := b.retry
	for {
		err := b.sm.RunContext(ctx)
		if ctx.Err() != nil {
			return
		}
		b.conn.set(stateDisconnected, err)
		if code := refusal(err); code != "" {
			b.noteRefused(appTokenVar, code) // logged once, not at every retry
		} else {
			b.log.Error("slack socket mode stopped; retrying", "err", err, "retry_in", wait.String())
		}
		if !b.sleepCtx(ctx, wait) {
			return
		}
		wait = min(2*wait, maxRetry)
	}
}

// consume reads the socket's events until the socket loop has ended. It never blocks
// on an envelope: each is served in a goroutine of its own.
func (b *Bot) consume(socketDone <-chan struct{}) {
	for {
		select {
		case evt := <-b.sm.Events:
			b.take(evt)
		case <-socketDone:
			return
		}
	}
}

// Close stops taking envelopes, waits for the acks still due, closes the socket, and
// waits for the handlers in flight. When ctx is about to end (StopGrace before it,
// or a quarter of what is left when that is less) it cancels the handlers still
// running: each stops at its next check of its context and tells its user that
// goalbot is restarting. Close reports an error only for handlers that have not
// returned when ctx ends. Envelopes that arrive meanwhile are not acked, so Slack
// delivers them again, to another replica or after the restart.
func (b *Bot) Close(ctx context.Context) error {
	b.mu.Lock()
	already := b.draining
	b.draining = true
	b.mu.Unlock()
	if already || b.runCancel == nil {
		return nil
	}
	if !waitCtx(ctx, &b.unacked) {
		b.log.Warn("closing the socket with acks still due")
	}
	b.runCancel()
	b.running.Wait()
	b.conn.set(stateClosed, nil)
	defer b.workCancel()
	cancelAt, cancel := context.WithDeadline(ctx, stopDeadline(ctx))
	defer cancel()
	if waitCtx(cancelAt, &b.inflight) {
		return nil
	}
	n := b.busy.Load()
	b.workCancel() // the handlers still running stop at their next check of ctx
	if !waitCtx(ctx, &b.inflight) {
		return fmt.Errorf("close bot: %d handlers still running after they were told to stop: %w", b.busy.Load(), ctx.Err())
	}
	b.log.Warn("stopping: handlers in flight were stopped at the shutdown deadline; their users were told to try again", "handlers", n)
	return nil
}

// stopDeadline is when Close cancels the handlers still running: StopGrace before
// ctx's deadline, or a quarter of the time left when that is shorter.
func stopDeadline(ctx context.Context) time.Time {
	end, ok := ctx.Deadline()
	if !ok {
		return time.Now().Add(24 * time.Hour) // no deadline: wait for them
	}
	return end.Add(-min(StopGrace, time.Until(end)/4))
}

// waitCtx waits for wg until ctx ends; it reports whether wg finished.
func waitCtx(ctx context.Context, wg *sync.WaitGroup) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}
