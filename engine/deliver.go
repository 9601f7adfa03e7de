package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goalbot/goalbot"
)

// Notifier delivers one alert (Slack's poster, or the console's printer).
type Notifier interface {
	// Notify posts a. An error that is a *goalbot.TransientError is retried later;
	// a *goalbot.PermanentError is recorded and never retried; any other error is
	// treated as transient.
	Notify(ctx context.Context, a goalbot.Alert) error
	// Undeliverable tells the subscriber that alert a can never reach its channel, and
	// why. It is called once, when the failure is recorded.
	Undeliverable(ctx context.Context, a goalbot.Alert, reason string) error
}

// Delivery settings.
const (
	// ChannelInterval is the least time between two posts to one channel, across
	// every replica (Slack's chat.postMessage allows about one a second per channel).
	ChannelInterval = time.Second
	// DeliveryLease is how long a taken alert is held before another taker may retry it
	// (a replica that dies while posting).
	DeliveryLease = time.Minute
	// MaxBackoff caps the wait between retries of a transient failure.
	MaxBackoff = 10 * time.Minute
)

// Delivered is the outcome of one delivery attempt.
type Delivered struct {
	Alert  goalbot.Alert
	Status string // sent, waiting, failed
}

// Deliver takes the alerts due now (at most limit) and hands each to the notifier,
// pacing each channel; it returns what happened to each.
func (e *Engine) Deliver(ctx context.Context, limit int) ([]Delivered, error) {
	now := e.wall()
	alerts, err := e.Store.TakeDueAlerts(ctx, now, limit, DeliveryLease)
	if err != nil {
		return nil, fmt.Errorf("take due alerts: %w", err)
	}
	out := make([]Delivered, 0, len(alerts))
	var errs []error
	for _, a := range alerts {
		status, err := e.deliverOne(ctx, a)
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, Delivered{Alert: a, Status: status})
	}
	return out, errors.Join(errs...)
}

// deliverOne posts one taken alert and records the outcome.
func (e *Engine) deliverOne(ctx context.Context, a goalbot.Alert) (string, error) {
	now := e.wall()
	wait, err := e.Store.ReserveChannel(ctx, a.Recipient, ChannelInterval, now)
	if err != nil {
		return "waiting", fmt.Errorf("pace %s: %w", a.Recipient, err) // the lease brings it back
	}
	if wait > 0 {
		return "waiting", e.requeue(ctx, a, now.Add(wait), "paced")
	}
	err = e.Notifier.Notify(ctx, a)
	var perm *goalbot.PermanentError
	var trans *goalbot.TransientError
	switch {
	case err == nil:
		e.Metrics.delivered()
		return "sent", wrapf(e.Store.MarkDelivered(ctx, a.Key), "record delivery of %s", a.Key)
	case errors.As(err, &perm):
		return "failed", e.fail(ctx, a, perm.Reason)
	case errors.As(err, &trans) && trans.RetryAfter > 0:
		return "waiting", e.requeue(ctx, a, now.Add(trans.RetryAfter), trans.Reason)
	default:
		reason := err.Error()
		if trans != nil {
			reason = trans.Reason
		}
		return "waiting", e.requeue(ctx, a, now.Add(Backoff(a.Attempts)), reason)
	}
}

// Backoff is the wait before retry n (1-based) of a transient failure: 5 s doubling,
// capped at MaxBackoff.
func Backoff(attempt int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

func (e *Engine) requeue(ctx context.Context, a goalbot.Alert, at time.Time, reason string) error {
	e.Metrics.retried(reason)
	e.Logger.Info("alert delivery deferred", "key", a.Key, "recipient", a.Recipient, "until", at, "reason", reason, "attempt", a.Attempts)
	return wrapf(e.Store.Requeue(ctx, a.Key, at), "requeue alert %s", a.Key)
}

// fail records a permanent failure against the alert and its subscription, and tells
// the subscriber once.
func (e *Engine) fail(ctx context.Context, a goalbot.Alert, reason string) error {
	e.Metrics.failed(reason)
	e.Logger.Warn("alert cannot be delivered", "key", a.Key, "recipient", a.Recipient, "reason", reason)
	if err := e.Store.MarkFailed(ctx, a.Key, reason); err != nil {
		return fmt.Errorf("record failure of %s: %w", a.Key, err)
	}
	if a.SubscriptionID == "" {
		return nil
	}
	if err := e.Store.SetSubscriptionFailure(ctx, a.SubscriptionID, reason); err != nil && goalbot.ErrorCode(err) != goalbot.ENOTFOUND {
		return fmt.Errorf("record failure of subscription %s: %w", a.SubscriptionID, err)
	}
	return wrapf(e.Notifier.Undeliverable(ctx, a, reason), "tell the subscriber of %s", a.SubscriptionID)
}

func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
