package source

import (
	"context"
	"errors"
	"net/http"

	"github.com/goalbot/goalbot"
	"golang.org/x/oauth2"
)

// OAuthClient returns an HTTP client that sends cfg's access tokens, refreshing them
// with refreshToken at cfg's token URL; base (nil: http.DefaultClient) sends both the
// requests and the refreshes.
func OAuthClient(cfg *oauth2.Config, refreshToken string, base *http.Client) *http.Client {
	if base == nil {
		base = http.DefaultClient
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, base)
	return cfg.Client(ctx, &oauth2.Token{RefreshToken: refreshToken})
}

// TokenError turns a failure to send a request through an OAuthClient into an
// *Error: a refresh token the token endpoint refuses (expired, revoked: invalid_grant)
// or an OAuth client it does not know is Auth, with a message that names the network
// (label) and how to get new credentials (fix); anything else is Transient.
func TokenError(err error, label string, fix goalbot.Message) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return &Error{Kind: Transient, Message: goalbot.M("sources.unreachable", goalbot.Args{"Network": label}), Err: err}
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	switch {
	case re.ErrorCode == "invalid_grant":
		return &Error{Kind: Auth, Message: goalbot.M("sources.token.expired", goalbot.Args{"Network": label, "Fix": fix})}
	case re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client":
		return &Error{Kind: Auth, Message: goalbot.M("sources.token.client", goalbot.Args{"Network": label, "Fix": fix})}
	case status == http.StatusTooManyRequests || status >= 500:
		return &Error{Kind: Transient, Message: goalbot.M("sources.token.endpoint", goalbot.Args{"Network": label}), Err: err}
	}
	return &Error{Kind: Auth, Message: goalbot.M("sources.token.refused", goalbot.Args{"Network": label, "Code": re.ErrorCode, "Fix": fix})}
}
