package google

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// apiError is google.rpc.Status as REST sends it, with GoogleAdsFailure details.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Status  string `json:"status"`
	Details []struct {
		Type   string `json:"@type"`
		Errors []struct {
			ErrorCode map[string]string `json:"errorCode"`
			Message   string            `json:"message"`
			Details   *struct {
				QuotaErrorDetails *struct {
					RetryDelay string `json:"retryDelay"`
				} `json:"quotaErrorDetails"`
			} `json:"details"`
		} `json:"errors"`
		RequestID string `json:"requestId"`
	} `json:"details"`
}

// refuse reads a refusal: {"error":{…}} or, from searchStream, [{"error":{…}}].
func refuse(resp *http.Response, body []byte) error {
	var e apiError
	var one struct {
		Error *apiError `json:"error"`
	}
	var arr []struct {
		Error *apiError `json:"error"`
	}
	switch {
	case json.Unmarshal(body, &one) == nil && one.Error != nil:
		e = *one.Error
	case json.Unmarshal(body, &arr) == nil && len(arr) > 0 && arr[0].Error != nil:
		e = *arr[0].Error
	default:
		e = apiError{Code: resp.StatusCode, Message: strings.TrimSpace(string(body[:min(len(body), 200)]))}
	}
	return e.classify(resp.StatusCode, resp.Header)
}

// codes returns the failure's error codes, such as "quotaError:RESOURCE_TEMPORARILY_EXHAUSTED".
func (e *apiError) codes() []string {
	var out []string
	for _, d := range e.Details {
		for _, fe := range d.Errors {
			for k, v := range fe.ErrorCode {
				out = append(out, k+":"+v)
			}
		}
	}
	return out
}

// retryDelay returns the longest quotaErrorDetails.retryDelay, 0 when none.
func (e *apiError) retryDelay() time.Duration {
	var d time.Duration
	for _, det := range e.Details {
		for _, fe := range det.Errors {
			if fe.Details != nil && fe.Details.QuotaErrorDetails != nil {
				if v, err := time.ParseDuration(fe.Details.QuotaErrorDetails.RetryDelay); err == nil {
					d = max(d, v)
				}
			}
		}
	}
	return d
}

// classify turns the failure into a source.Error: UNAUTHENTICATED stops the source,
// RESOURCE_EXHAUSTED waits the retryDelay (or Retry-After), server errors are
// retried, anything else fails the account with Google's message.
func (e *apiError) classify(status int, h http.Header) error {
	if status == 0 {
		status = e.Code
	}
	what := e.Message
	if codes := e.codes(); len(codes) > 0 {
		what += " (" + strings.Join(codes, ", ") + ")"
	}
	err := fmt.Errorf("%d %s: %s", status, e.Status, what)
	switch {
	case e.Status == "UNAUTHENTICATED" || status == http.StatusUnauthorized:
		return &source.Error{Kind: source.Auth, Message: goalbot.M("sources.google.token", goalbot.Args{"Fix": reconnect}), Err: err}
	case e.Status == "RESOURCE_EXHAUSTED" || status == http.StatusTooManyRequests:
		wait := e.retryDelay()
		if wait == 0 && h != nil {
			wait = source.RetryAfter(h, time.Now())
		}
		return &source.Error{Kind: source.RateLimited, Message: goalbot.M("sources.google.quota", nil), RetryAfter: wait, Err: err}
	case e.Status == "PERMISSION_DENIED" || status == http.StatusForbidden:
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.google.denied", goalbot.Args{"Detail": e.Message}), Err: err}
	case status == http.StatusNotFound:
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.google.not_found", nil), Err: err}
	case source.StatusKind(status) == source.Transient:
		return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.google.failed", nil), Err: err}
	}
	return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.google.refused", goalbot.Args{"Detail": e.Message}), Err: err}
}
