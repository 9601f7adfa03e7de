package bot

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/goalbot/goalbot"
	"github.com/slack-go/slack"
)

// permanentCodes are the Slack error codes of a post that will never succeed: the
// channel or user is gone, archived or cannot be written to, or the message itself
// is refused.
var permanentCodes = map[string]bool{
	"channel_not_found":                        true,
	"is_archived":                              true,
	"not_in_channel":                           true,
	"method_not_supported_for_channel_type":    true,
	"account_inactive":                         true,
	"user_not_found":                           true,
	"user_disabled":                            true,
	"cannot_dm_bot":                            true,
	"restricted_action":                        true,
	"restricted_action_read_only_channel":      true,
	"restricted_action_thread_only_channel":    true,
	"restricted_action_non_threadable_channel": true,
	"team_access_not_granted":                  true,
	"ekm_access_denied":                        true,
	"msg_too_long":                             true,
	"no_text":                                  true,
	"invalid_blocks":                           true,
	"invalid_blocks_format":                    true,
	"invalid_metadata_format":                  true,
	"invalid_metadata_schema":                  true,
	"metadata_too_large":                       true,
}

// slackCode returns the error code of a Slack {"ok":false} answer in err's chain, or "".
func slackCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// deliveryError turns the failure of doing (a Web API call of a delivery) into the
// engine's terms: a goalbot.PermanentError for a post that will never succeed, a
// TransientError (with Slack's Retry-After for a rate limit) for one that may, such
// as a server error, a network failure, a timeout, or the store unavailable. Token
// and scope problems are transient too: once an admin fixes them, the alerts flow
// again instead of being lost.
func deliveryError(err error, doing string) error {
	if err == nil {
		return nil
	}
	wrapped := fmt.Errorf("%s: %w", doing, err)
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	code := slackCode(err)
	switch {
	case errors.As(err, &rl):
		return &goalbot.TransientError{Reason: "ratelimited", RetryAfter: rl.RetryAfter, Err: wrapped}
	case permanentCodes[code]:
		return &goalbot.PermanentError{Reason: code, Err: wrapped}
	case code != "":
		return &goalbot.TransientError{Reason: code, Err: wrapped}
	case errors.As(err, &sc):
		return &goalbot.TransientError{Reason: fmt.Sprintf("http_%d", sc.Code), Err: wrapped}
	case goalbot.ErrorCode(err) == goalbot.EUNAVAILABLE:
		return &goalbot.TransientError{Reason: "store_unavailable", Err: wrapped}
	case errors.As(err, new(*url.Error)):
		return &goalbot.TransientError{Reason: "network", Err: wrapped}
	}
	return &goalbot.TransientError{Reason: "failed", Err: wrapped}
}
