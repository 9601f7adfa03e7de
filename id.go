package goalbot

import (
	"fmt"
	"unicode"
)

// Hidden returns the first character of s that cannot be seen: a zero-width,
// joiner, direction or other formatting character (Unicode's Cf category, such as
// U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069 and U+FEFF). Slack
// and most screens show none of them, so an id holding one looks like another id.
func Hidden(s string) (rune, bool) {
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) {
			return r, true
		}
	}
	return 0, false
}

// CheckID refuses an id (of a goal, campaign, account, team, subscription…) that
// holds a character that cannot be seen, naming the field and the character.
func CheckID(field, id string) error {
	if r, ok := Hidden(id); ok {
		return Invalid("errors.id.invisible", Args{"Field": field, "ID": fmt.Sprintf("%+q", id), "Char": runeName(r)})
	}
	return nil
}

// runeName is a character's code point, such as U+200B.
func runeName(r rune) string { return fmt.Sprintf("U+%04X", r) }
