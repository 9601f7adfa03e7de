package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/goalbot/goalbot/messages"
	"github.com/slack-go/slack/socketmode"
)

// maxAck is the largest ack payload sent: Slack drops a socket-mode response of
// 20 KiB or more, and the envelope_id wrapper needs room too.
const maxAck = 19 << 10

// take handles one event from the socket without blocking: state events update the
// connection state, envelopes are served in a goroutine of their own.
func (b *Bot) take(evt socketmode.Event) {
	if b.track(evt) {
		return
	}
	switch evt.Type {
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		b.mu.Lock()
		if b.draining {
			b.mu.Unlock()
			b.log.Info("stopping: envelope left for Slack to deliver again", "envelope", evt.Request.EnvelopeID)
			return
		}
		b.inflight.Add(1)
		b.busy.Add(1)
		b.unacked.Add(1)
		b.mu.Unlock()
		go b.serve(evt)
	case socketmode.EventTypeErrorBadMessage:
		// A frame slack-go could not decode (an event type it does not know): ack it
		// all the same, so that Slack does not retry it for nothing.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			b.log.Warn("undecodable envelope acked and ignored", "err", bad.Cause)
			if id := envelopeIDOf(bad.Message); id != "" {
				go b.ack(id, nil) // never block the consumer
			}
		}
	}
}

// serve acks one envelope and runs its handler: an AckHandler before the ack, a
// Handler after it.
func (b *Bot) serve(evt socketmode.Event) {
	defer b.inflight.Done()
	defer b.busy.Add(-1)
	acked := false
	ack := func(payload any) {
		if !acked {
			acked = true
			b.ack(evt.Request.EnvelopeID, payload)
			b.unacked.Done()
		}
	}
	defer ack(nil) // whatever happens, the envelope is acked
	req, err := newRequest(evt)
	if err != nil {
		b.log.Error("envelope not understood; acked", "err", err)
		return
	}
	req.bot = b
	reg, found := b.routes[route{req.Kind, req.ID}]
	switch {
	case !found:
		ack(unroutedAck(req))
		b.log.Info("envelope with no route acked", "kind", req.Kind, "id", req.ID, "envelope", req.EnvelopeID)
	case reg.ignore:
		ack(nil)
	case reg.ackHandler != nil:
		payload := b.answer(req, reg.ackHandler)
		then, later := payload.(AckThen)
		if later {
			payload = then.Payload
		}
		ack(payload)
		if later {
			b.sleep(ThenDelay)
			b.run(req, then.Then, false)
		}
	default:
		ack(nil)
		b.work(req, reg.handler)
	}
}

// AckThen is an AckHandler's answer that acks with Payload and then, ThenDelay
// later, runs Then as a Handler runs after its ack (such as a views.update of a view
// too large for the ack).
type AckThen struct {
	Payload any
	Then    Handler
}

// ThenDelay is how long an AckThen's work waits after handing the ack to the socket:
// slack-go writes acks from a queue of its own, and a Web API call that overtook the
// ack (a views.update of the view being submitted) would be undone by it.
const ThenDelay = 200 * time.Millisecond

// sleep waits d, or less when the bot is closing.
func (b *Bot) sleep(d time.Duration) {
	select {
	case <-time.After(d):
	case <-b.workCtx.Done():
	}
}

// unroutedAck is the ack of an envelope no handler takes: no options for a
// suggestion, nothing otherwise (a modal closes).
func unroutedAck(r *Request) any {
	if r.Kind == KindBlockSuggestion {
		return OptionsAck(nil)
	}
	return nil
}

// ack hands the ack of an envelope to the socket's sender, waiting at most AckTimeout.
func (b *Bot) ack(envelopeID string, payload any) {
	ctx, cancel := context.WithTimeout(context.Background(), AckTimeout)
	defer cancel()
	if err := b.sm.AckCtx(ctx, envelopeID, payload); err != nil {
		b.log.Error("ack failed", "envelope", envelopeID, "err", err)
	}
}

// answer runs an AckHandler within AckBudget and returns the ack's payload. A repeat
// delivery, an error, a panic or a payload too large for an ack gets an answer that
// tells the user, so that the envelope is always acked in time.
func (b *Bot) answer(r *Request, h AckHandler) (payload any) {
	ctx, cancel := context.WithTimeout(b.workCtx, AckBudget)
	defer cancel()
	done := make(chan any, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				b.logPanic(r, p)
				done <- b.errorAck(r, errPanic)
			}
		}()
		done <- b.answerNow(ctx, r, h)
	}()
	select {
	case payload = <-done:
	case <-ctx.Done():
		b.log.Error("handler took longer than the ack budget; acked without its answer", "kind", r.Kind, "id", r.ID, "envelope", r.EnvelopeID)
		return b.errorAck(r, errors.New("answer not ready within the ack budget"))
	}
	ackPayload := payload
	if then, ok := payload.(AckThen); ok {
		ackPayload = then.Payload
	}
	if raw, err := json.Marshal(ackPayload); err != nil || len(raw) > maxAck {
		b.log.Error("ack payload cannot be sent", "kind", r.Kind, "id", r.ID, "bytes", len(raw), "err", err)
		return b.errorAck(r, errors.New("ack payload too large"))
	}
	return payload
}

func (b *Bot) answerNow(ctx context.Context, r *Request, h AckHandler) any {
	if r.Kind == KindViewSubmission { // a submission acts; a suggestion only reads
		first, err := b.first(ctx, r)
		if err != nil {
			return b.errorAck(r, err)
		} else if !first {
			return nil
		}
	}
	r.learnLang(ctx, AckLocaleWait)
	payload, err := h(ctx, r)
	if err != nil {
		return b.errorAck(r, err)
	}
	return payload
}

// work runs a Handler in a worker slot, once per envelope identity, recovering a
// panic; an error is logged and shown to the user.
func (b *Bot) work(r *Request, h Handler) { b.run(r, h, true) }

// run runs a Handler in a worker slot, recovering a panic; an error is logged and
// shown to the user. With once, only on the envelope's first delivery (an AckThen's
// work was recognised as first before its ack).
func (b *Bot) run(r *Request, h Handler, once bool) {
	select {
	case b.slots <- struct{}{}:
		defer func() { <-b.slots }()
	case <-b.workCtx.Done():
		return
	}
	ctx, cancel := context.WithTimeout(b.workCtx, b.handlerTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			b.logPanic(r, p)
			b.fail(ctx, r, errPanic)
		}
	}()
	if once {
		first, err := b.first(ctx, r)
		if err != nil {
			b.fail(ctx, r, err)
			return
		} else if !first {
			b.log.Info("repeated envelope not acted on again", "kind", r.Kind, "id", r.ID, "key", r.dedupeKey(), "retry", r.RetryAttempt)
			return
		}
	}
	start := time.Now()
	r.learnLang(ctx, LocaleWait)
	err := h(ctx, r)
	switch {
	case err != nil && b.workCtx.Err() != nil: // Close stopped it
		b.log.Warn("handler stopped: goalbot is shutting down", "kind", r.Kind, "id", r.ID, "envelope", r.EnvelopeID, "err", err)
		b.tell(r, RestartingText(r.Printer()))
	case err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		b.log.Error("handler stopped at its deadline", "kind", r.Kind, "id", r.ID, "envelope", r.EnvelopeID, "user", r.UserID,
			"timeout", b.handlerTimeout.String(), "err", err)
		b.tell(r, TooLongText(r.Printer(), b.handlerTimeout))
	case err != nil:
		b.fail(ctx, r, err)
	default:
		b.log.Debug("envelope handled", "kind", r.Kind, "id", r.ID, "duration_ms", time.Since(start).Milliseconds())
	}
}

// RestartingText tells a user, in p's language, that their request was stopped
// because goalbot is shutting down.
func RestartingText(p *messages.Printer) string { return p.T("slack.restarting") }

// TooLongText tells a user, in p's language, that their request was stopped at its
// deadline, d.
func TooLongText(p *messages.Printer, d time.Duration) string {
	return p.T("slack.too_long_time", messages.Args{"Limit": d.String()})
}

// tell answers the user of r with text, on a context of its own: r's has ended.
func (b *Bot) tell(r *Request, text string) {
	ctx, cancel := context.WithTimeout(context.Background(), noticeTimeout)
	defer cancel()
	if err := r.Reply(ctx, Message{Text: text}); err != nil && !errors.Is(err, ErrNoReplyTarget) {
		b.log.Error("could not tell the user that their request was stopped", "kind", r.Kind, "id", r.ID, "err", err)
	}
}

// first records r's identity and reports whether this is its first delivery. It is
// bounded so that a store that does not answer costs at most AckBudget.
func (b *Bot) first(ctx context.Context, r *Request) (bool, error) {
	if b.once == nil {
		return true, nil
	}
	ctx, cancel := context.WithTimeout(ctx, AckBudget)
	defer cancel()
	first, err := b.once.Once(ctx, r.dedupeKey(), OnceTTL)
	if err != nil {
		return false, fmt.Errorf("recognise repeated delivery: %w", err)
	}
	return first, nil
}

// errPanic stands for a handler's panic; users get the generic error message.
var errPanic = errors.New("handler panicked")

func (b *Bot) logPanic(r *Request, p any) {
	b.log.Error("handler panicked", "kind", r.Kind, "id", r.ID, "envelope", r.EnvelopeID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
}
