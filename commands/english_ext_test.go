package commands_test

import "github.com/goalbot/goalbot/messages"

// english says errors and problems as an English reader reads them, for the tests
// that pin their words.
var english = messages.English()
