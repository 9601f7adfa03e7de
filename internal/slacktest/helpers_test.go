package slacktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/goalbot/goalbot/internal/slacktest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// ctxT is a context that ends with the test, or after d.
func ctxT(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// api is slack-go's Web API client pointed at fake.
func api(fake *slacktest.Server, opts ...slack.Option) *slack.Client {
	opts = append([]slack.Option{
		slack.OptionAPIURL(fake.APIURL()),
		slack.OptionAppLevelToken(fake.AppToken()),
	}, opts...)
	return slack.New(fake.BotToken(), opts...)
}

// acker answers an envelope with an ack payload (nil for none).
type acker func(socketmode.Event) any

// bot is a running socketmode client that acks every envelope.
type bot struct {
	sm   *socketmode.Client
	seen chan socketmode.Event
}

// runBot connects a socketmode client to fake and acks every envelope with ack's
// payload, as a bot must: the consumer starts before RunContext and never blocks.
func runBot(t *testing.T, fake *slacktest.Server, ack acker, opts ...socketmode.Option) *bot {
	t.Helper()
	sm := socketmode.New(api(fake), opts...)
	b := &bot{sm: sm, seen: make(chan socketmode.Event, 100)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() {
		defer func() { done <- struct{}{} }()
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Request == nil || evt.Request.EnvelopeID == "" {
					continue
				}
				select { // before the ack, so a test that saw the ack sees the envelope
				case b.seen <- evt:
				default:
				}
				var payload any
				if ack != nil {
					payload = ack(evt)
				}
				actx, acancel := context.WithTimeout(ctx, 2*time.Second)
				if err := sm.AckCtx(actx, evt.Request.EnvelopeID, payload); err != nil && ctx.Err() == nil {
					t.Errorf("ack %s: %v", evt.Request.EnvelopeID, err)
				}
				acancel()
			}
		}
	}()
	go func() {
		defer func() { done <- struct{}{} }()
		_ = sm.RunContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		<-done
	})
	return b
}

// next returns the next envelope the bot received.
func (b *bot) next(t *testing.T) socketmode.Event {
	t.Helper()
	select {
	case evt := <-b.seen:
		return evt
	case <-time.After(5 * time.Second):
		t.Fatal("bot received no envelope in 5s")
		return socketmode.Event{}
	}
}
