package engine

import (
	"context"
	"log/slog"
	"time"

	"github.com/goalbot/goalbot"
)

// LogNotifier logs alerts while Slack is not configured. It never records a delivery:
// every alert stays queued, so nothing it logged is lost to Slack later.
type LogNotifier struct {
	Logger *slog.Logger
	// Recheck is how long an alert waits before it is logged and kept again.
	Recheck time.Duration
}

// Notify logs a and leaves it queued.
func (n LogNotifier) Notify(ctx context.Context, a goalbot.Alert) error {
	n.Logger.InfoContext(ctx, "alert (Slack is not configured; kept queued)", "goal", a.GoalID, "goals", a.GoalIDs, "event", a.Event,
		"recipient", a.Recipient, "period_start", a.PeriodStart.String(), "key", a.Key)
	return &TransientError{Reason: "slack_not_configured", RetryAfter: max(n.Recheck, time.Minute)}
}

// Undeliverable logs the failure.
func (n LogNotifier) Undeliverable(ctx context.Context, a goalbot.Alert, reason string) error {
	n.Logger.WarnContext(ctx, "alert cannot be delivered", "key", a.Key, "reason", reason)
	return nil
}
