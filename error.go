package goalbot

import (
	"encoding/json"
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
// under the block of that name and the API can name it in its JSON. Its Message is
// said in the reader's language by package messages.
type FieldError struct {
	Field string
	Message
	// Row is the metrics row (counted from 1 in its request or batch) the problem
	// is in, for errors of a metrics ingest; 0 otherwise.
	Row int
}

// String is the problem for logs: its field, its message's key and data.
func (f FieldError) String() string {
	if f.Field == "" {
		return f.Message.String()
	}
	return f.Field + ": " + f.Message.String()
}

// Error is goalbot's error: a code, a message a user may read, and, for validation,
// every field-level problem found. The message is zero when the problems say it all
// (see Problems.Err).
type Error struct {
	Code string
	Message
	Fields []FieldError
}

// Error implements the error interface, for logs: the code, the message's key and
// data, and the problems. People read an error through package messages.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("goalbot error: code=" + e.Code)
	if e.Key != "" {
		b.WriteString(" message=" + e.Message.String())
	}
	if len(e.Fields) > 0 {
		parts := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			parts[i] = f.String()
		}
		b.WriteString(" (" + strings.Join(parts, "; ") + ")")
	}
	return b.String()
}

// NewError returns an *Error with the given code and the message key with args.
func NewError(code, key string, args Args) *Error {
	return &Error{Code: code, Message: Message{Key: key, Args: args}}
}

// Invalid returns an EINVALID *Error: input that is wrong, the message saying what
// would be right.
func Invalid(key string, args Args) *Error { return NewError(EINVALID, key, args) }

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

// MessageInternal is the key of what people are told of an error that is not a
// goalbot *Error (a fault of ours or of a dependency): its detail belongs in the log.
const MessageInternal = "errors.internal"

// MessageOf is err as one message: an *Error's message, its one problem, or its
// problems one a line; an error that is not an *Error is said as the generic
// MessageInternal (its detail belongs in the log).
func MessageOf(err error) Message {
	var e *Error
	switch {
	case !errors.As(err, &e):
		return Message{Key: MessageInternal}
	case e.Key != "":
		return e.Message
	case len(e.Fields) == 1:
		return e.Fields[0].Message
	}
	return Message{Key: MessageText, Args: Args{"Text": e}}
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

// Add records a problem with field: the message key with args.
func (p *Problems) Add(field, key string, args Args) {
	*p = append(*p, FieldError{Field: field, Message: Message{Key: key, Args: args}})
}

// AddError records err as a problem with field: its message, or each of its
// problems; an error that is not an *Error is recorded as an internal one.
func (p *Problems) AddError(field string, err error) {
	var e *Error
	switch {
	case err == nil:
	case !errors.As(err, &e):
		p.Add(field, MessageInternal, nil)
	case e.Key != "" || len(e.Fields) == 0:
		*p = append(*p, FieldError{Field: field, Message: e.Message})
	default:
		for _, f := range e.Fields {
			*p = append(*p, FieldError{Field: field, Message: f.Message, Row: f.Row})
		}
	}
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
// every problem (its own message is zero: a reader is told the problems).
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Fields: append([]FieldError(nil), p...)}
}

// Messages are texts a user may read, in the catalogs of package messages (the
// domain names them, each surface says them in its reader's language).

// Args are the data of a message: the values its template names ({{.Value}}). A
// value may be a number, a Micro, a Date, a time.Month or time.Weekday, a List, an
// error or a Message (said first, in the same language), or text.
type Args = map[string]any

// Message is a text a user may read: its key in the catalogs (`errors.target.positive`)
// and the data its template names. The zero Message says nothing.
type Message struct {
	Key  string `json:"key"`
	Args Args   `json:"args,omitempty"`
}

// MessageText is the key of a text kept as it was written: a failure stored before
// goalbot kept messages as keys, or a network's own words.
const MessageText = "errors.text"

// Text is s said as it is, in every language (see MessageText).
func Text(s string) Message { return Message{Key: MessageText, Args: Args{"Text": s}} }

// UnmarshalJSON reads a Message as MarshalJSON writes it ({"key":…,"args":…}), or
// a text stored before messages were kept as keys (a JSON string, see Text).
func (m *Message) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = Message{}
		if s != "" {
			*m = Text(s)
		}
		return nil
	}
	var v struct {
		Key  string `json:"key"`
		Args Args   `json:"args"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("read a message: %w", err)
	}
	*m = Message{Key: v.Key, Args: v.Args}
	return nil
}

// M returns the message key with args.
func M(key string, args Args) Message { return Message{Key: key, Args: args} }

// IsZero reports whether m says nothing.
func (m Message) IsZero() bool { return m.Key == "" }

// String is m for logs: its key and data (`errors.target.positive{Value:-5}`).
func (m Message) String() string {
	if len(m.Args) == 0 {
		return m.Key
	}
	keys := sortedKeys(m.Args)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%v", k, m.Args[k])
	}
	return m.Key + "{" + strings.Join(parts, " ") + "}"
}

// List is items a message names, joined the reader's way: "a, b or c" (Or), "a, b
// and c" (And) or "a, b, c"; with Max above zero it shows the first Max and says how
// many more there are ("a, b and 3 more").
type List struct {
	Items []any // text, or Messages
	Join  ListJoin
	Max   int
}

// ListJoin says how a List's last item is joined.
type ListJoin int

// The joins of a List.
const (
	JoinComma ListJoin = iota
	JoinOr
	JoinAnd
)

// OrList is items as "a, b or c".
func OrList(items []string) List { return List{Items: anys(items), Join: JoinOr} }

// AndList is items as "a, b and c".
func AndList(items []string) List { return List{Items: anys(items), Join: JoinAnd} }

// SomeOf is up to n of items, comma-separated, and how many more there are.
func SomeOf(items []string, n int) List { return List{Items: anys(items), Max: n} }

func anys(items []string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

// Quote is s in double quotes with Go's escapes, for a message to show exactly what
// was typed.
func Quote(s string) string { return fmt.Sprintf("%q", s) }
