// Command goalbot runs goalbot, the Slack app that tracks marketing goals for ad
// campaigns. `goalbot help` lists its commands and its configuration.
//
// This package is the only one that reads the environment: it loads the
// configuration, wires the other packages together and handles signals.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	_ "time/tzdata" // time zones even where the system has no zoneinfo (distroless)

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/messages"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }() // after the first signal, a second one kills at once
	err := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports err on w and returns the exit code for it: 0 for none, 2 for a
// usage error (whose usage text was already printed) and 1 for any other (printed
// unless it was logged already).
func exitCode(err error, w io.Writer) int {
	var reported *reportedError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	case errors.As(err, &reported):
		return 1
	}
	fmt.Fprintf(w, "goalbot: %s\n", errorText(err))
	return 1
}

// errorText is err as the command line says it: the context its wrappers add ("import
// rows.csv: "), then the goalbot error or the use case's message at its end, said in
// English from the catalogs; any other error as it is.
func errorText(err error) string {
	text := err.Error()
	var said interface {
		error
		Said() goalbot.Message
	}
	var ge *goalbot.Error
	switch {
	case errors.As(err, &said):
		return strings.TrimSuffix(text, said.Error()) + english.Message(said.Said())
	case errors.As(err, &ge):
		return strings.TrimSuffix(text, ge.Error()) + english.Error(ge)
	}
	return text
}

// english says the use cases' messages and errors on the command line (goalbot
// sync, import, attribution and the errors that end a command).
var english = messages.English()
