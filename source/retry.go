package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
)

// Retrier retries a network call that failed for a passing reason (Transient,
// RateLimited), waiting what the network asked for (Error.RetryAfter: Google's
// retryDelay, Meta's time to regain access, any Retry-After) or else an exponential
// backoff with jitter. Auth and Permanent errors are returned at once.
type Retrier struct {
	// Attempts is how many times a call is tried in all (default 5).
	Attempts int
	// Base is the first backoff (default 1s); it doubles each retry, up to MaxWait.
	Base time.Duration
	// MaxWait is the longest wait honoured (default 2m): a network that asks for more
	// ends the call with its error, and the next pull tries again.
	MaxWait time.Duration
	// Sleep waits d or until ctx ends (tests replace it).
	Sleep func(ctx context.Context, d time.Duration) error
}

func (r *Retrier) attempts() int {
	if r != nil && r.Attempts > 0 {
		return r.Attempts
	}
	return 5
}

func (r *Retrier) base() time.Duration {
	if r != nil && r.Base > 0 {
		return r.Base
	}
	return time.Second
}

func (r *Retrier) maxWait() time.Duration {
	if r != nil && r.MaxWait > 0 {
		return r.MaxWait
	}
	return 2 * time.Minute
}

func (r *Retrier) sleep(ctx context.Context, d time.Duration) error {
	if r != nil && r.Sleep != nil {
		return r.Sleep(ctx, d)
	}
	return Sleep(ctx, d)
}

// Sleep waits d, or until ctx ends (then it returns ctx's error).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Do runs call until it succeeds, fails for good, or the attempts are used up.
func (r *Retrier) Do(ctx context.Context, call func() error) error {
	backoff := r.base()
	for attempt := 1; ; attempt++ {
		err := call()
		if err == nil {
			return nil
		}
		kind := KindOf(err)
		if ctx.Err() != nil || kind == Auth || kind == Permanent || attempt >= r.attempts() {
			return err
		}
		wait := backoff + rand.N(backoff/2+1) // jitter
		var e *Error
		if errors.As(err, &e) && e.RetryAfter > 0 {
			wait = e.RetryAfter
		}
		if wait > r.maxWait() {
			return fmt.Errorf("the network asks to wait %s, longer than goalbot waits within a pull (the next pull tries again): %w",
				wait.Round(time.Second), err)
		}
		if err := r.sleep(ctx, wait); err != nil {
			return err
		}
		backoff = min(backoff*2, r.maxWait())
	}
}

// Caller sends a network's requests with retries.
type Caller struct {
	// HTTP sends the requests (an oauth2 client adds the bearer token).
	HTTP  *http.Client
	Retry *Retrier
	// Transport turns a failure to send (a dropped connection, a refused token
	// refresh) into an *Error; nil treats every such failure as Transient.
	Transport func(err error) error
	// Refuse turns an answer that is not 2xx into an *Error from its status, headers
	// and body (at most 1 MiB is read).
	Refuse func(resp *http.Response, body []byte) error
}

// maxErrorBody bounds how much of a refusal's body is read.
const maxErrorBody = 1 << 20

// Call sends the request that newReq builds (anew for each attempt) and hands a 2xx
// answer to read; read may fail with an *Error too (an error inside a streamed
// answer), and that attempt is retried like a refusal.
func (c *Caller) Call(ctx context.Context, newReq func(ctx context.Context) (*http.Request, error), read func(resp *http.Response) error) error {
	return c.Retry.Do(ctx, func() error {
		req, err := newReq(ctx)
		if err != nil {
			return &Error{Kind: Permanent, Message: goalbot.M("sources.build_request", nil), Err: err}
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if c.Transport != nil {
				return c.Transport(err)
			}
			return &Error{Kind: Transient, Message: goalbot.M("sources.unreachable_network", nil), Err: err}
		}
		defer resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
			return c.Refuse(resp, body)
		}
		return read(resp)
	})
}

// RetryAfter reads a Retry-After header: seconds, or an HTTP date after now; 0 when
// there is none or it cannot be read.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// StatusKind is the kind of a refusal by HTTP status alone: 429 RateLimited, 5xx
// and 408 Transient, 401 Auth, anything else Permanent.
func StatusKind(status int) Kind {
	switch {
	case status == http.StatusTooManyRequests:
		return RateLimited
	case status >= 500 || status == http.StatusRequestTimeout:
		return Transient
	case status == http.StatusUnauthorized:
		return Auth
	}
	return Permanent
}
