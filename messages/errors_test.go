package messages

import (
	"regexp"
	"testing"
)

// errorID is what a message id of the errors' areas looks like in the code: the
// domain and the surfaces name them in goalbot.M, goalbot.Invalid, NewError and
// Problems.Add, not only in T and N.
var errorID = regexp.MustCompile(`^(errors|api|sources)(\.[a-z0-9_]+)+$`)

// TestEveryErrorIDExists: every literal in the code that names a message of the
// errors, api or sources areas is in the catalogs (a literal ending in "." is a
// family the code completes).
func TestEveryErrorIDExists(t *testing.T) {
	en := readCatalogs(t)["en"]
	_, literals := sourceStrings(t)
	n := 0
	for s := range literals {
		if !errorID.MatchString(s) {
			continue
		}
		n++
		if _, ok := en[s]; !ok {
			t.Errorf("message %q is named by the code but is not in the catalogs", s)
		}
	}
	if n < 100 {
		t.Fatalf("found only %d ids of errors in the code", n)
	}
}
