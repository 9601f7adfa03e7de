package goalbot

import (
	"fmt"
	"time"
)

// The failures of a delivery, as a notifier reports them to the engine that retries
// its alerts: the Slack side builds them from Slack's answers, the engine reads them.

// TransientError is a delivery failure that may pass: a rate limit, a server error, a
// timeout. The alert is retried.
type TransientError struct {
	Reason     string
	RetryAfter time.Duration // 0: the engine's backoff decides
	Err        error
}

// Error implements the error interface.
func (e *TransientError) Error() string { return "transient: " + e.Reason + ": " + fmt.Sprint(e.Err) }

// Unwrap returns the failure it wraps.
func (e *TransientError) Unwrap() error { return e.Err }

// PermanentError is a delivery failure that will not pass: the channel is archived,
// the bot was removed, the user cannot be reached. The alert is recorded as failed
// and never retried.
type PermanentError struct {
	Reason string
	Err    error
}

// Error implements the error interface.
func (e *PermanentError) Error() string { return "permanent: " + e.Reason + ": " + fmt.Sprint(e.Err) }

// Unwrap returns the failure it wraps.
func (e *PermanentError) Unwrap() error { return e.Err }
