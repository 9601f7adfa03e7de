package goalbot

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. A code says what kind of failure happened; adapters map it to an HTTP
// status or a Slack reply.
const (
	ECONFLICT     = "conflict"     // the thing changed under us (optimistic concurrency)
	EINTERNAL     = "internal"     // a fault of ours or of a dependency; details are logged, not shown
	EINVALID      = "invalid"      // the input is wrong; the message says what would be right
	ENOTFOUND     = "not_found"    // no such goal, subscription, campaign…
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	EUNAVAILABLE  = "unavailable"  // the store cannot be reached right now; try again in a moment
	EUNAUTHORIZED = "unauthorized" // no or wrong credentials
)

// FieldError is one problem with one input field. Field is the name of the contract's field
// (`name`, `target`, `target_cmp-9`, `start_date`…), so that a modal can show the message
// under the block of that name and the API can name it in its JSON.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"error"`
	// Row is the metrics row (counted from 1 in its request or batch) the problem
	// is in, for errors of a metrics ingest; 0 otherwise.
	Row int `json:"row,omitempty"`
}

// Error is goalbot's error: a code, a message a user may read, and, for validation,
// every field-level problem found.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("goalbot error: code=%s message=%s", e.Code, e.Message)
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Sprintf("goalbot error: code=%s message=%s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the given code and a formatted, user-readable message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-readable message of the first *Error in err's chain,
// or a generic message for anything else (whose detail belongs in the log only).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. It has been logged; please try again."
}

// ErrorFields returns the field errors of the first *Error in err's chain.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation, so that every problem is reported
// at once.
type Problems []FieldError

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Has reports whether a problem with field was recorded.
func (p Problems) Has(field string) bool {
	for _, f := range p {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when nothing was recorded, otherwise an EINVALID *Error that lists
// every problem.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	msg := p[0].Message
	if len(p) > 1 {
		parts := make([]string, len(p))
		for i, f := range p {
			parts[i] = "• " + f.Message
			if f.Field != "" {
				parts[i] = "• " + f.Field + ": " + f.Message
			}
		}
		msg = fmt.Sprintf("%d problems:\n%s", len(p), strings.Join(parts, "\n"))
	}
	return &Error{Code: EINVALID, Message: msg, Fields: append([]FieldError(nil), p...)}
}
