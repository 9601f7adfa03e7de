package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/goalbot/goalbot/api"
)

// run is the run command: it starts goalbot, waits until ctx is cancelled and stops
// it again.
func (m *Main) run(ctx context.Context, args []string) error {
	if err := m.parseFlags(flag.NewFlagSet("run", flag.ContinueOnError), args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if err := m.start(); err != nil {
		return errors.Join(err, m.Close())
	}
	close(m.started)
	<-ctx.Done()
	m.Logger.Info("stopping", "cause", context.Cause(ctx).Error())
	if err := m.Close(); err != nil {
		return err
	}
	m.Logger.Info("stopped")
	return nil
}

// start loads the configuration and starts the HTTP server.
func (m *Main) start() error {
	lookup, err := withEnvFile(m.LookupEnv, m.EnvFile)
	if err != nil {
		return fmt.Errorf("load config: %w", err)
	}
	cfg, err := LoadConfig(lookup, true)
	if err != nil {
		return fmt.Errorf("load config: %w", err)
	}
	m.Config = cfg
	m.Logger = newLogger(m.Stderr)
	m.Logger.Info("starting goalbot", "config", cfg)

	m.HTTPServer = api.NewServer(cfg.HTTPAddr, m.Logger)
	if err := m.HTTPServer.Open(); err != nil {
		return fmt.Errorf("start http server: %w", err)
	}
	m.Logger.Info("http server listening", "addr", m.HTTPServer.ListenAddr().String())
	return nil
}
