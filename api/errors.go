package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
)

// errorBody is every error answer: the problems, and the error's code.
type errorBody struct {
	Code   string        `json:"code"`
	Errors []problemJSON `json:"errors"`
}

// problemJSON is one problem of an error answer, in the reader's language: the
// field it is in (empty for the request as a whole), what is wrong, and, for a
// metrics row, the row.
type problemJSON struct {
	Field string `json:"field"`
	Error string `json:"error"`
	Row   int    `json:"row,omitempty"`
}

// printer says the answers to r in the language its Accept-Language asks for
// (English when it asks for none goalbot speaks).
func printer(r *http.Request) *messages.Printer {
	return messages.For(r.Header.Get("Accept-Language"))
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

// writeError renders err as JSON in the reader's language (see printer): field
// errors for invalid input, the message for the others, and for internal errors a
// generic message while the detail goes to the log.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	p := printer(r)
	var tooLarge *tooLargeError
	if errors.As(err, &tooLarge) {
		writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Code: "too_large", Errors: []problemJSON{{Error: p.Message(tooLarge.Said())}}})
		return
	}
	code := goalbot.ErrorCode(err)
	if code == goalbot.EINTERNAL {
		log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := errorBody{Code: code}
	for _, f := range goalbot.ErrorFields(err) {
		body.Errors = append(body.Errors, problemJSON{Field: jsonField(f.Field), Error: p.Problem(f), Row: f.Row})
	}
	if len(body.Errors) == 0 {
		body.Errors = []problemJSON{{Error: p.Error(err)}}
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
	Code   string         `json:"code"`
	Errors []rowErrorJSON `json:"errors"`
	// More counts the problems beyond the first 100.
	More int `json:"more,omitempty"`
}

// rowErrorJSON is one problem of a metrics row (see commands.RowError), in the
// reader's language.
type rowErrorJSON struct {
	Row   int    `json:"row"`
	Line  int    `json:"line,omitempty"`
	Field string `json:"field"`
	Error string `json:"error"`
}

// writeRowErrors answers 400 with the problems of the metrics rows.
func writeRowErrors(w http.ResponseWriter, r *http.Request, e *commands.RowErrors) {
	p := printer(r)
	body := rowErrorBody{Code: goalbot.EINVALID, Errors: make([]rowErrorJSON, len(e.List)), More: e.More}
	for i, re := range e.List {
		body.Errors[i] = rowErrorJSON{Row: re.Row, Line: re.Line, Field: re.Field, Error: p.Message(re.Error)}
	}
	writeJSON(w, http.StatusBadRequest, body)
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
