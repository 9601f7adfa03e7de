package commands

import "github.com/goalbot/goalbot"

// Outcome is what a use case did, as data, whatever door the request came in by:
// each surface renders it its own way (bot as Block Kit, the console as text, the
// HTTP API as JSON), and none reads another's rendering back. An outcome says what
// it changed, so that a surface can refresh what shows it.
type Outcome interface {
	// Changes are the goals and channels the use case changed: none for a read, a
	// refusal or a form.
	Changes() Changes
}

// Changes are the goals and channels a use case changed.
type Changes struct {
	Goals    []string
	Channels []string
}

// IsZero reports whether nothing changed.
func (c Changes) IsZero() bool { return len(c.Goals) == 0 && len(c.Channels) == 0 }

// unchanged is embedded in the outcomes that change nothing.
type unchanged struct{}

// Changes is none.
func (unchanged) Changes() Changes { return Changes{} }

// Refusal is a request refused: bad input, a permission, something not found, or a
// fault of ours (Code EINTERNAL, whose detail is logged, never shown). Nothing was
// changed; Message says what is wrong and what would be right.
type Refusal struct {
	unchanged
	// Code is the goalbot error code (goalbot.EINVALID, EFORBIDDEN, ENOTFOUND…).
	Code string
	// Message says what is wrong when there are no Problems (the generic
	// errors.internal for a fault of ours).
	Message goalbot.Message
	// Problems are the input's problems field by field, when it had some (fields as
	// the domain names them: see TypedField).
	Problems []goalbot.FieldError
	// UsageOf is the verb of the typed command, for bad input of a command: its
	// usage (see Usage) goes with the refusal.
	UsageOf string
}

// Refuse is the refusal of err; an error of ours gets the generic message.
func Refuse(err error) Refusal {
	return Refusal{Code: goalbot.ErrorCode(err), Message: goalbot.MessageOf(err), Problems: goalbot.ErrorFields(err)}
}
