package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/goalbot/goalbot"
	"github.com/redis/go-redis/v9"
)

// errUnavailable is the domain error every connection failure carries, so that a
// caller can tell users to try again in a moment (goalbot.ErrorCode is EUNAVAILABLE).
var errUnavailable = goalbot.NewError(goalbot.EUNAVAILABLE, "errors.store.unavailable", nil)

// IsUnavailable reports whether err means the store could not be reached (a network
// error, a timeout, Redis loading, failing over or down), as opposed to a fault of the
// request: the operation may succeed if tried again later.
func IsUnavailable(err error) bool { return goalbot.ErrorCode(err) == goalbot.EUNAVAILABLE }

// wrap returns err wrapped with what was being done (`load goal G7: …`). A connection
// failure also carries errUnavailable; a redis.Nil never reaches here (it is turned
// into a not-found error where it can happen). nil stays nil.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	doing := fmt.Sprintf(format, args...)
	if unreachable(err) && !IsUnavailable(err) {
		return fmt.Errorf("%s: %w: %w", doing, errUnavailable, err)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// unreachable reports whether err is a failure to reach Redis rather than a refusal
// of the command.
func unreachable(err error) bool {
	var ne net.Error
	switch {
	case errors.As(err, &ne),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, redis.ErrPoolTimeout),
		redis.IsLoadingError(err), redis.IsClusterDownError(err), redis.IsMasterDownError(err),
		redis.IsTryAgainError(err), redis.IsReadOnlyError(err), redis.IsMaxClientsError(err):
		return true
	}
	return false
}

// notFound is the domain's not-found error for the thing id: key is the message
// that names its kind (errors.store.missing_goal, …_subscription).
func notFound(key, id string) error {
	return goalbot.NewError(goalbot.ENOTFOUND, key, goalbot.Args{"ID": id})
}
