package linkedin

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/source"
)

// refuse reads a LinkedIn error, {"message","serviceErrorCode","status"}: 401 stops
// the source, 429 waits (Retry-After when sent; the quota is daily and resets at
// midnight UTC), 426 names a sunset version, 5xx is retried.
func refuse(resp *http.Response, body []byte) error {
	var e struct {
		Message          string `json:"message"`
		ServiceErrorCode int    `json:"serviceErrorCode"`
		Code             string `json:"code"`
		Status           int    `json:"status"`
	}
	if json.Unmarshal(body, &e) != nil || e.Message == "" {
		e.Message = strings.TrimSpace(string(body[:min(len(body), 200)]))
	}
	err := fmt.Errorf("%d (serviceErrorCode %d %s): %s", resp.StatusCode, e.ServiceErrorCode, e.Code, e.Message)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return &source.Error{Kind: source.Auth, Message: goalbot.M("sources.linkedin.token", goalbot.Args{"Detail": e.Message, "Fix": reconnect}), Err: err}
	case resp.StatusCode == http.StatusTooManyRequests:
		return &source.Error{Kind: source.RateLimited, Message: goalbot.M("sources.linkedin.quota", nil),
			RetryAfter: source.RetryAfter(resp.Header, time.Now()), Err: err}
	case resp.StatusCode == http.StatusUpgradeRequired:
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.linkedin.version", nil), Err: err}
	case resp.StatusCode == http.StatusForbidden:
		return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.linkedin.denied", goalbot.Args{"Detail": e.Message}), Err: err}
	case source.StatusKind(resp.StatusCode) == source.Transient:
		return &source.Error{Kind: source.Transient, Message: goalbot.M("sources.linkedin.failed", nil), Err: err}
	}
	return &source.Error{Kind: source.Permanent, Message: goalbot.M("sources.linkedin.refused", goalbot.Args{"Detail": e.Message}), Err: err}
}
