package source

import (
	"errors"
	"time"

	"github.com/goalbot/goalbot"
)

// Kind says what a network's refusal means for the pull.
type Kind int

// The kinds of Error.
const (
	// Permanent: retrying will not help (a bad request, no access to an account, a
	// sunset API version); the account fails, the others are pulled.
	Permanent Kind = iota
	// Transient: a server error or a dropped connection; retried with backoff.
	Transient
	// RateLimited: the network asks to slow down; retried after the wait it names.
	RateLimited
	// Auth: the network refused the credentials (an expired or revoked token): the
	// source stops at once, is never retried in a loop, and its error says how to
	// get new credentials.
	Auth
)

func (k Kind) String() string {
	switch k {
	case Transient:
		return "transient"
	case RateLimited:
		return "rate_limited"
	case Auth:
		return "auth"
	}
	return "permanent"
}

// Error is a network's refusal, in plain words for the admin who runs goalbot.
type Error struct {
	Kind Kind
	// Message says what happened and, where it can, what to do (in the reader's
	// language: package messages says it).
	Message goalbot.Message
	// RetryAfter is the wait the network asked for (0: it named none).
	RetryAfter time.Duration
	Err        error
}

// Error returns the message's key and data, with the underlying error's text when
// there is one, for logs.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message.String() + ": " + e.Err.Error()
	}
	return e.Message.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of err: an *Error's, Transient for anything else (a
// dropped connection).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Transient
}

// Words is err in plain words for a source's status: an *Error's message, or the
// error's text as it is.
func Words(err error) goalbot.Message {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return goalbot.Text(err.Error())
}
