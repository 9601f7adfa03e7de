package commands

import (
	"strings"

	"github.com/goalbot/goalbot/messages"
)

// english says errors and problems as an English reader reads them, for the tests
// that pin their words.
var english = messages.English()

// refusalWords is a refusal's message and problems in English, for tests that look
// for words in either.
func refusalWords(r Refusal) string {
	parts := []string{english.Message(r.Message)}
	for _, p := range r.Problems {
		parts = append(parts, p.Field+": "+english.Problem(p))
	}
	return strings.Join(parts, "\n")
}
