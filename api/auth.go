package api

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/goalbot/goalbot"
)

// bearer checks the request's bearer token against want in constant time. The
// scheme's name is case-insensitive (`Bearer`, `bearer`), as HTTP has it. An empty
// want means the endpoint is off.
func bearer(r *http.Request, want string) error {
	scheme, got, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) != 1 {
		return goalbot.Errorf(goalbot.EUNAUTHORIZED, "missing or wrong bearer token: send Authorization: Bearer <token>")
	}
	return nil
}

// off is the error of an endpoint whose token is not configured.
func off(what, variable string) error {
	return goalbot.Errorf(goalbot.ENOTFOUND, "the %s is off: set %s to a secret token and restart goalbot to enable it", what, variable)
}
