package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// The states of the socket.
const (
	stateIdle         = "not started"
	stateConnecting   = "connecting"
	stateConnected    = "connected"
	stateDisconnected = "disconnected"
	stateClosed       = "closed"
)

// connState is the socket's state as slack-go's events tell it: connecting before
// each attempt (also after a drop or a refresh), connected once the socket is open,
// disconnected after a failed attempt.
type connState struct {
	mu    sync.Mutex
	state string
	err   error
	since time.Time
}

func (c *connState) set(state string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if state != c.state {
		c.since = time.Now()
	}
	c.state, c.err = state, err
}

func (c *connState) get() (string, time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state, c.since, c.err
}

// Ready returns nil while the socket is connected and Slack takes both tokens, and
// otherwise an error saying what is wrong (for /readyz): the refused token first.
func (b *Bot) Ready(context.Context) error {
	if err := b.tokens.err(); err != nil {
		return err
	}
	state, since, err := b.conn.get()
	if state == stateConnected {
		return nil
	}
	msg := fmt.Sprintf("slack socket %s for %s", state, time.Since(since).Round(time.Second))
	if err != nil {
		msg += ": " + err.Error()
	}
	return errors.New(msg)
}

// track follows the socket's state from slack-go's own events; it reports whether evt
// was one of them.
func (b *Bot) track(evt socketmode.Event) bool {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.conn.set(stateConnecting, nil)
	case socketmode.EventTypeConnected:
		b.conn.set(stateConnected, nil)
		b.noteAccepted(appTokenVar)
		b.log.Info("slack socket connected")
	case socketmode.EventTypeHello:
		b.conn.set(stateConnected, nil)
	case socketmode.EventTypeConnectionError:
		var err error = errors.New("connection error")
		if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			err = e.ErrorObj
		}
		b.conn.set(stateDisconnected, err)
		if code := refusal(err); code != "" { // such as not_allowed_token_type, which slack-go retries
			b.noteRefused(appTokenVar, code)
			break
		}
		b.log.Warn("slack socket connection failed; retrying", "err", err)
	case socketmode.EventTypeInvalidAuth: // apps.connections.open answered 404
		b.conn.set(stateDisconnected, errors.New("invalid_auth"))
		b.noteRefused(appTokenVar, "invalid_auth")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("slack socket error", "type", string(evt.Type), "data", fmt.Sprint(evt.Data))
	default:
		return false
	}
	return true
}
