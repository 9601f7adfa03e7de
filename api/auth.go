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
		return goalbot.NewError(goalbot.EUNAUTHORIZED, "api.auth.bearer", nil)
	}
	return nil
}

// The errors of an endpoint whose token is not configured.
var (
	errIngestOff = goalbot.NewError(goalbot.ENOTFOUND, "api.auth.ingest_off", nil)
	errAPIOff    = goalbot.NewError(goalbot.ENOTFOUND, "api.auth.api_off", nil)
)
