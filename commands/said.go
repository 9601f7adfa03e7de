package commands

import (
	"errors"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

// Said is an error whose message is a message of the catalogs, so that each surface
// says it in its reader's language (MessageIn); its own message, and that of the
// goalbot error it wraps (code and all), is the English one.
type Said struct {
	Err  *goalbot.Error
	ID   string        // the message's id
	Args messages.Args // its data
}

// Error is the English message.
func (e *Said) Error() string { return e.Err.Error() }

// Unwrap is the goalbot error, for goalbot.ErrorCode and goalbot.ErrorMessage.
func (e *Said) Unwrap() error { return e.Err }

// sayError is an error of code whose message is catalog message id with args.
func sayError(code, id string, args messages.Args) error {
	return &Said{Err: goalbot.Errorf(code, "%s", messages.English().T(id, args)), ID: id, Args: args}
}

// MessageIn is what a user is told of err in p's language: a Said error's message in
// p's, any other's as goalbot.ErrorMessage says it (the generic message for a fault
// of ours).
func MessageIn(p *messages.Printer, err error) string {
	var s *Said
	if errors.As(err, &s) && goalbot.ErrorCode(err) != goalbot.EINTERNAL {
		return p.T(s.ID, s.Args)
	}
	return goalbot.ErrorMessage(err)
}
