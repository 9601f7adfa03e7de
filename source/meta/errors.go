package meta

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// graphError is the Graph API's error envelope.
type graphError struct {
	Error struct {
		Message      string `json:"message"`
		Type         string `json:"type"`
		Code         int    `json:"code"`
		ErrorSubcode int    `json:"error_subcode"`
		UserTitle    string `json:"error_user_title"`
		UserMsg      string `json:"error_user_msg"`
		FBTraceID    string `json:"fbtrace_id"`
	} `json:"error"`
}

// errTooMuchData is code 100, subcode 1487534: the range holds too much data for a
// plain GET; an async report run can take it.
var errTooMuchData = errors.New("too much data for a synchronous request")

// reconnect says how to get a new token.
var reconnect = goalbot.M("sources.meta.reconnect", nil)

// refuse reads a Graph error: the access token refused stops the source; the rate
// limits (codes 4, 17, 32, 613, 80000-80014) wait what the usage headers say; codes
// 1, 2, 99 and server errors are retried; anything else fails the account.
func refuse(resp *http.Response, body []byte) error {
	var ge graphError
	if err := json.Unmarshal(body, &ge); err != nil || ge.Error.Code == 0 {
		kind := source.StatusKind(resp.StatusCode)
		return &source.Error{Kind: kind, Message: goalbot.M("sources.meta.status", goalbot.Args{"Status": resp.StatusCode}), RetryAfter: source.RetryAfter(resp.Header, time.Now())}
	}
	e := ge.Error
	err := fmt.Errorf("%d %s code %d subcode %d: %s (fbtrace_id %s)", resp.StatusCode, e.Type, e.Code, e.ErrorSubcode, e.Message, e.FBTraceID)
	switch {
	case e.Code == 190 || e.Code == 102:
		return &source.Error{Kind: source.Auth, Message: goalbot.M("sources.meta.token", goalbot.Args{"Detail": e.Message, "Fix": reconnect}), Err: err}
	case e.ErrorSubcode == 1487534: // documented under code 100; matched under any code
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.meta.too_much", nil), Err: fmt.Errorf("%w: %w", errTooMuchData, err)}
	case e.Code == 4 || e.Code == 17 || e.Code == 32 || e.Code == 613 || (e.Code >= 80000 && e.Code <= 80014):
		return &source.Error{Kind: source.RateLimited, Message: goalbot.M("sources.meta.rate", nil), RetryAfter: usageWait(resp.Header), Err: err}
	case e.Code == 1 || e.Code == 2 || e.Code == 99 || e.Code == -2 || (e.Code == 100 && e.ErrorSubcode == 1504018) || resp.StatusCode >= 500:
		return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.meta.failed", nil), Err: err}
	case e.Code == 10 || (e.Code >= 200 && e.Code <= 299):
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.meta.denied", goalbot.Args{"Detail": e.Message}), Err: err}
	case e.Code == 12 || e.Code == 2635:
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.meta.version", goalbot.Args{"Detail": e.Message}), Err: err}
	}
	return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.meta.refused", goalbot.Args{"Detail": e.Message}), Err: err}
}

// usageWait reads how long Meta asks to wait: the longest of X-Business-Use-Case-Usage's
// estimated_time_to_regain_access (minutes), X-Ad-Account-Usage's reset_time_duration
// (seconds) and Retry-After; 0 when none says.
func usageWait(h http.Header) time.Duration {
	wait := source.RetryAfter(h, time.Now())
	var buc map[string][]struct {
		EstimatedTimeToRegainAccess float64 `json:"estimated_time_to_regain_access"`
	}
	if json.Unmarshal([]byte(h.Get("X-Business-Use-Case-Usage")), &buc) == nil {
		for _, entries := range buc {
			for _, e := range entries {
				wait = max(wait, time.Duration(e.EstimatedTimeToRegainAccess*float64(time.Minute)))
			}
		}
	}
	var acc struct {
		ResetTimeDuration float64 `json:"reset_time_duration"`
	}
	if json.Unmarshal([]byte(h.Get("X-Ad-Account-Usage")), &acc) == nil {
		wait = max(wait, time.Duration(acc.ResetTimeDuration*float64(time.Second)))
	}
	return wait
}
