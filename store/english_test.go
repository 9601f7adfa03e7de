package store

import "github.com/goalbot/goalbot/messages"

// english says errors as an English reader reads them, for the tests that pin the
// words of the store's refusals.
var english = messages.English()
