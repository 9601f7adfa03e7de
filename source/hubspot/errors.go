package hubspot

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// reconnect says how to get a new token.
var reconnect = goalbot.M("sources.hubspot.reconnect", nil)

// apiError is HubSpot's error body.
type apiError struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	Category      string `json:"category"`
	CorrelationID string `json:"correlationId"`
	PolicyName    string `json:"policyName"`
}

// statusError keeps a refusal's HTTP status under the *source.Error.
type statusError struct {
	status int
	body   apiError
}

func (e *statusError) Error() string {
	s := fmt.Sprintf("HTTP %d", e.status)
	if e.body.Category != "" {
		s += " " + e.body.Category
	}
	if e.body.Message != "" {
		s += ": " + e.body.Message
	}
	if e.body.CorrelationID != "" {
		s += " (correlation id " + e.body.CorrelationID + ")"
	}
	return s
}

// rateLimitWait is the wait after a 429 that names none: HubSpot's limits roll over
// each second and each ten seconds.
const rateLimitWait = 2 * time.Second

// refuse turns an answer that is not 2xx into a *source.Error.
func refuse(resp *http.Response, body []byte) error {
	var b apiError
	_ = json.Unmarshal(body, &b) // a body that is not HubSpot's JSON still has its status
	se := &statusError{status: resp.StatusCode, body: b}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return &source.Error{Kind: source.Auth, Message: goalbot.M("sources.hubspot.token", goalbot.Args{"Fix": reconnect}), Err: se}
	case resp.StatusCode == http.StatusForbidden:
		return &source.Error{Kind: source.Auth, Message: goalbot.M("sources.hubspot.scope", goalbot.Args{"Fix": reconnect}), Err: se}
	case resp.StatusCode == http.StatusTooManyRequests:
		wait := source.RetryAfter(resp.Header, time.Now())
		if wait == 0 {
			wait = rateLimitWait
		}
		return &source.Error{Kind: source.RateLimited, Message: goalbot.M("sources.hubspot.slow_down", goalbot.Args{"Policy": b.PolicyName}), RetryAfter: wait, Err: se}
	case source.StatusKind(resp.StatusCode) == source.Transient:
		return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.hubspot.failed", nil), Err: se}
	}
	msg := goalbot.M("sources.hubspot.refused", nil)
	if b.Message != "" {
		msg = goalbot.M("sources.hubspot.refused_detail", goalbot.Args{"Detail": b.Message})
	}
	return &source.Error{Kind: source.Permanent, Message: msg, Err: se}
}

// statusOf returns the HTTP status of a refusal (0: none).
func statusOf(err error) int {
	var se *statusError
	if errors.As(err, &se) {
		return se.status
	}
	return 0
}

func isNotFound(err error) bool   { return statusOf(err) == http.StatusNotFound }
func isBadRequest(err error) bool { return statusOf(err) == http.StatusBadRequest }

// errCap is a page refused beyond the 10,000 results HubSpot pages through: the
// range is split and read again.
var errCap = errors.New("more than 10,000 results in one search")

// afterAtCap reports whether a page starting at after lies beyond the cap (after is
// an offset; one goalbot cannot read is taken to be).
func afterAtCap(after string) bool {
	n, err := strconv.Atoi(after)
	return err != nil || n >= MaxResults
}
