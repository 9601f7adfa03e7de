package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/engine"
	"github.com/goalbot/goalbot/messages"
)

// console is the console command: `goalbot console [--demo] [--as USER] [--lang LANG]`.
func (m *Main) console(ctx context.Context, args []string) (err error) {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "run on a fresh embedded store filled with the demo")
	as := fs.String("as", "", "act as this Slack user id (U…), with that user's rights; without it, as an admin")
	langFlag := fs.String("lang", "", "the language to read and write: en or sv (also sv-SE, sv_SE.UTF-8); default en")
	charts := fs.String("charts", os.TempDir(), "the directory `chart G12` writes its PNG files to")
	if err := m.parseFlags(fs, args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	lang, ok := consoleLang(*langFlag)
	if !ok {
		return m.usageError("console: --lang %q is not a language goalbot speaks: use %s", *langFlag, strings.Join(messages.Codes(), " or "))
	}
	actor := commands.Actor{Admin: true, Lang: lang}
	if *as != "" {
		id, ok := goalbot.UserID(*as)
		if !ok {
			return m.usageError("console: --as %q is not a Slack user id such as U012AB3CD", *as)
		}
		actor = commands.Actor{UserID: id, Lang: lang}
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
			actor = commands.Actor{UserID: commands.DemoUser, Lang: lang}
		}
		p := messages.For(lang)
		fmt.Fprintln(m.Stdout, p.T("console.demo_loaded", messages.Args{"Goals": p.N("goals", len(sum.Goals)), "Creator": commands.DemoUser,
			"Campaigns": p.N("console.campaigns", len(sum.Campaigns)), "Days": p.N("console.days", goalbot.Days(sum.From, sum.To)), "You": actor.UserID}))
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

// consoleLang is the language code ("en", "sv") that the console's --lang names: a
// code, a tag such as sv-SE, or a POSIX locale such as sv_SE.UTF-8 (C and POSIX are
// English); "" is English. ok is false for a language goalbot does not speak.
func consoleLang(s string) (code string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "", "C", "POSIX":
		return "en", true
	}
	return messages.Supported(s)
}
