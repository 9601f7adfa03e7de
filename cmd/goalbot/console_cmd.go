package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/engine"
)

// console is the console command: `goalbot console [--demo] [--as USER]`.
func (m *Main) console(ctx context.Context, args []string) (err error) {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "run on a fresh embedded store filled with the demo")
	as := fs.String("as", "", "act as this Slack user id (U…), with that user's rights; without it, as an admin")
	charts := fs.String("charts", os.TempDir(), "the directory `chart G12` writes its PNG files to")
	if err := m.parseFlags(fs, args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	actor := commands.Actor{Admin: true}
	if *as != "" {
		id, ok := goalbot.UserID(*as)
		if !ok {
			return m.usageError("console: --as %q is not a Slack user id such as U012AB3CD", *as)
		}
		actor = commands.Actor{UserID: id}
	}
	if err := m.loadConfig(false); err != nil {
		return fmt.Errorf("console: %w", err)
	}
	m.useLogger(newLevelLogger(m.Stderr, slog.LevelWarn))
	if *demo {
		dir, err := os.MkdirTemp("", "goalbot-demo-")
		if err != nil {
			return fmt.Errorf("console: make the demo's data dir: %w", err)
		}
		defer os.RemoveAll(dir)
		m.Config.RedisURL, m.Config.DataDir = "", dir
	}
	if err := m.openStore(ctx); err != nil {
		return fmt.Errorf("console: %w", err)
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	if *demo {
		sum, err := m.App.LoadDemo(ctx, 1)
		if err != nil {
			return fmt.Errorf("console: load the demo: %w", err)
		}
		if *as == "" {
			actor = commands.Actor{UserID: commands.DemoUser}
		}
		fmt.Fprintf(m.Stdout, "Demo loaded: %d goals of %s on %d campaigns, %d days of metrics. You are %s.\n",
			len(sum.Goals), commands.DemoUser, len(sum.Campaigns), goalbot.Days(sum.From, sum.To), actor.UserID)
	}
	c := &Console{App: m.App, As: actor, In: m.Stdin, Out: m.Stdout, ChartDir: *charts}
	m.startConsoleEngine(c)
	if *demo {
		if _, err := m.App.Refresh(ctx, nil); err != nil {
			return fmt.Errorf("console: measure the demo: %w", err)
		}
	}
	return c.Run(ctx)
}

// startConsoleEngine gives the console an engine whose alerts it prints. On the
// embedded store the console holds the store alone, so it also runs the scheduled
// passes and delivers; on a shared Redis it only measures on `refresh` and leaves
// delivery to the running bots (it would otherwise take their alerts).
func (m *Main) startConsoleEngine(c *Console) {
	eng := &engine.Engine{Store: m.Store, Clock: m.Clock, Shared: m.shared, Settle: m.Config.Settle, StaleAfter: m.Config.StaleAfter,
		Workspace: m.Config.Settings(), Logger: m.Logger, Notifier: c}
	m.Engine = eng
	runner := &engine.Runner{Engine: eng, Coord: m.Store, Interval: m.Config.EvalInterval, Owner: m.owner}
	m.App.Refresh = runner.Refresh
	if m.Config.RedisURL != "" {
		return
	}
	if err := runner.Start(); err != nil {
		m.Logger.Error("console: start the engine", "err", err)
		return
	}
	m.Runner = runner
}
