package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/api"
	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/engine"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/store"
)

// ShutdownTimeout is how long Close waits for requests in flight.
const ShutdownTimeout = 10 * time.Second

// ErrUsage is returned by Run for an unknown command, flag or argument, after the
// usage text was printed.
var ErrUsage = errors.New("usage error")

// Main is the goalbot program. NewMain sets it up for the real process; tests replace
// its environment and writers before calling Run. A Main runs once.
type Main struct {
	// LookupEnv reads the environment (os.LookupEnv).
	LookupEnv LookupFunc
	// EnvFile is a .env file whose variables apply where LookupEnv has none (".env");
	// a missing file is fine, and "" reads none.
	EnvFile string
	// Stdin is what `goalbot import -` reads.
	Stdin io.Reader
	// Stdout receives the usage text asked for and the commands' output; Stderr
	// receives the log, errors and progress bars (drawn only when it is a terminal).
	Stdout, Stderr io.Writer

	// Config, Logger and what follows are set by the command as it starts.
	Config     *Config
	Logger     *slog.Logger
	Store      *store.Redis
	Clock      goalbot.Clock
	App        *commands.App
	Engine     *engine.Engine
	Runner     *engine.Runner
	HTTPServer *api.Server
	Bot        *bot.Bot
	// Homes publishes App Home tabs; its republish loop runs while the bot does.
	Homes *bot.Homes
	// Syncer pulls from the configured ad networks; stopSync stops its schedule.
	Syncer   *source.Syncer
	stopSync func() error

	stopHomes       func()        // stops the Home republish loop and waits for it
	shutdownTimeout time.Duration // replaces ShutdownTimeout when set (tests)

	shared *engine.SharedClock // the frozen clock, when GOALBOT_NOW is set
	owner  string              // this replica's name in leases
	// slackRetry is the bot's first wait before it tries Slack again after a refusal
	// (bot.DefaultRetry when 0; tests shorten it).
	slackRetry time.Duration

	started chan struct{}
}

// NewMain returns a Main on the process's environment, .env file, stdout and stderr.
func NewMain() *Main {
	return &Main{
		LookupEnv: os.LookupEnv,
		EnvFile:   ".env",
		Stdin:     os.Stdin,
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		started:   make(chan struct{}),
	}
}

// Run runs the command that args name (run when args is empty) and returns when it
// is done; the run command returns once ctx is cancelled and everything it started
// has stopped.
func (m *Main) Run(ctx context.Context, args []string) error {
	name := "run"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	switch name {
	case "run":
		return m.run(ctx, args)
	case "import":
		return m.importMetrics(ctx, args)
	case "demo":
		return m.demo(ctx, args)
	case "console":
		return m.console(ctx, args)
	case "sync":
		return m.syncSources(ctx, args)
	case "connect":
		return m.connect(ctx, args)
	case "attribution":
		return m.attribution(ctx, args)
	case compactCommand:
		return m.internalCompact(ctx, args)
	case "help", "-h", "-help", "--help":
		return m.printUsage(m.Stdout)
	}
	what := "command"
	if strings.HasPrefix(name, "-") {
		what = "flag"
	}
	return m.usageError("unknown %s %q", what, name)
}

// Started is closed once the run command has started everything.
func (m *Main) Started() <-chan struct{} { return m.started }

// Close stops whatever the run command started, waiting up to ShutdownTimeout in all
// for requests in flight; a part that has not stopped by then is left behind and
// named in the error. It may be called more than once.
func (m *Main) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), m.shutdownBudget())
	defer cancel()
	var errs []error
	if b := m.Bot; b != nil { // first: stop taking envelopes and finish those in flight
		botCtx, cancel := m.shareOf(ctx, botShare)
		errs = append(errs, stopWithin(botCtx, "the Slack bot", b.Close))
		cancel()
		m.Bot = nil
	}
	if stop := m.stopHomes; stop != nil {
		errs = append(errs, stopWithin(ctx, "the Home tab loop", func(context.Context) error { stop(); return nil }))
		m.stopHomes = nil
	}
	if m.HTTPServer != nil {
		httpCtx, cancel := m.shareOf(ctx, httpShare)
		errs = append(errs, stopWithin(httpCtx, "the HTTP server", m.HTTPServer.Close))
		cancel()
	}
	if stop := m.stopSync; stop != nil { // before the runner: its lease elects the pulls
		errs = append(errs, stopWithin(ctx, "the source sync", func(context.Context) error { return stop() }))
		m.stopSync = nil
	}
	if r := m.Runner; r != nil {
		errs = append(errs, stopWithin(ctx, "the engine", r.Stop))
		m.Runner = nil
	}
	if s := m.Store; s != nil {
		errs = append(errs, stopWithin(ctx, "the store", func(context.Context) error { return s.Close() }))
		m.Store = nil
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

// parseFlags parses the flags of a command that takes no arguments. It prints the
// usage and returns flag.ErrHelp for -h, and returns ErrUsage for a bad flag or an
// argument.
func (m *Main) parseFlags(fs *flag.FlagSet, args []string) error {
	_, err := m.parseCommand(fs, args, "")
	return err
}

// parseCommand parses a command's flags and returns its one argument, which operand
// describes ("" for a command that takes none). It prints the usage and returns
// flag.ErrHelp for -h, and returns ErrUsage for a bad flag or a wrong number of
// arguments.
func (m *Main) parseCommand(fs *flag.FlagSet, args []string, operand string) ([]string, error) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		if err := m.printUsage(m.Stdout); err != nil {
			return nil, err
		}
		return nil, flag.ErrHelp
	case err != nil:
		return nil, m.usageError("%s: %v", fs.Name(), err)
	case operand == "" && fs.NArg() > 0:
		return nil, m.usageError("%s takes no arguments, got %q", fs.Name(), fs.Arg(0))
	case operand != "" && fs.NArg() != 1:
		return nil, m.usageError("%s takes one argument, %s; got %d", fs.Name(), operand, fs.NArg())
	}
	return fs.Args(), nil
}

// usageError prints the problem and the commands on Stderr and returns ErrUsage.
func (m *Main) usageError(format string, args ...any) error {
	fmt.Fprintf(m.Stderr, "goalbot: "+format+"\n\n%s", append(args, commandsUsage)...)
	fmt.Fprintln(m.Stderr, "Run 'goalbot help' for the configuration variables too.")
	return ErrUsage
}

// commandsUsage is the part of the usage text that lists the commands.
const commandsUsage = `Usage:

  goalbot [command]

Commands:

  run                         start goalbot (the default when no command is given)
  import FILE.csv             import metrics rows from a CSV file, all or nothing
  import -                    the same, from standard input
  demo [--seed N] [--force]   fill the store with a demo catalog, 120 days of metrics
                              and five goals (--force: even when it holds data)
  console [--demo] [--as USER]
                              a local prompt for the /goal commands, printing replies
                              and alerts as text (--demo: on a fresh embedded store
                              filled with the demo; --as: act as that Slack user)
  sync [--source NAME] [--from DATE --to DATE]
                              pull now from the configured ad networks (or one:
                              google_ads, meta, linkedin, hubspot), the trailing
                              window or the days from DATE to DATE (YYYY-MM-DD)
  attribution FILE.csv        set which HubSpot drill-downs (utm_campaign) count for
                              each campaign, all or nothing (docs/sources.md)
  connect google-ads|linkedin [--port N]
                              run the network's OAuth consent in a browser and print
                              the refresh token to put in .env (docs/sources.md)
  help                        print this help

`

// usageHead is the usage text before the configuration variables.
const usageHead = "goalbot is a Slack app that tracks marketing goals for ad campaigns.\n\n" +
	commandsUsage + `Configuration comes from the environment and, for variables that the environment
does not set, from a .env file in the working directory. An empty variable counts
as unset.

`

// printUsage writes the usage text, with the configuration variables, to w.
func (m *Main) printUsage(w io.Writer) error {
	if _, err := io.WriteString(w, usageHead); err != nil {
		return fmt.Errorf("print usage: %w", err)
	}
	return printEnvUsage(w)
}
