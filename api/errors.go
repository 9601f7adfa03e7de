package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// errorBody is every error answer: the problems, and the error's code.
type errorBody struct {
	Code   string               `json:"code"`
	Errors []goalbot.FieldError `json:"errors"`
}

// status maps an error code to an HTTP status.
func status(code string) int {
	switch code {
	case goalbot.EINVALID:
		return http.StatusBadRequest
	case goalbot.ENOTFOUND:
		return http.StatusNotFound
	case goalbot.ECONFLICT:
		return http.StatusConflict
	case goalbot.EFORBIDDEN:
		return http.StatusForbidden
	case goalbot.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case goalbot.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// writeError renders err as JSON: field errors for invalid input, the message for the
// others, and for internal errors a generic message while the detail goes to the log.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var tooLarge *tooLargeError
	if errors.As(err, &tooLarge) {
		writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Code: "too_large", Errors: []goalbot.FieldError{{Message: tooLarge.Error()}}})
		return
	}
	code := goalbot.ErrorCode(err)
	if code == goalbot.EINTERNAL {
		log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := errorBody{Code: code}
	for _, f := range goalbot.ErrorFields(err) {
		f.Field = jsonField(f.Field) // the rest (the message, a metrics row's number) as it is
		body.Errors = append(body.Errors, f)
	}
	if len(body.Errors) == 0 {
		body.Errors = []goalbot.FieldError{{Message: goalbot.ErrorMessage(err)}}
	}
	st := status(code)
	if _, ok := errors.AsType[*preconditionFailed](err); ok {
		st = http.StatusPreconditionFailed
	}
	writeJSON(w, st, body)
}

// jsonField names a field as the API's JSON does: a campaign's own target is
// `targets.CAMPAIGN` (`target_CAMPAIGN` in the modals).
func jsonField(field string) string {
	if c, ok := strings.CutPrefix(field, "target_"); ok {
		return "targets." + c
	}
	return field
}

// rowErrorBody is the answer to invalid metrics rows.
type rowErrorBody struct {
	Code   string              `json:"code"`
	Errors []commands.RowError `json:"errors"`
	// More counts the problems beyond the first 100.
	More int `json:"more,omitempty"`
}

// writeJSON answers with v as JSON. Messages keep their < and > as they are (the
// answers are JSON for programs and people with curl, never HTML).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing left to tell it
}
