package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/api"
	"github.com/goalbot/goalbot/bot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/engine"
	"github.com/goalbot/goalbot/source"
	"github.com/goalbot/goalbot/store"
	"github.com/prometheus/client_golang/prometheus"
)

// run is the run command: it starts goalbot, waits until ctx is cancelled and stops
// it again.
func (m *Main) run(ctx context.Context, args []string) error {
	if err := m.parseFlags(flag.NewFlagSet("run", flag.ContinueOnError), args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	return m.logRunError(m.serve(ctx))
}

// serve starts goalbot, waits until ctx is cancelled and stops it again.
func (m *Main) serve(ctx context.Context) error {
	if err := m.start(ctx); err != nil {
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

// start loads the configuration, opens the store and starts the engine, the HTTP
// server and the Slack bot.
func (m *Main) start(ctx context.Context) error {
	if err := m.loadConfig(true); err != nil {
		return err
	}
	m.Logger.Info("starting goalbot", "config", m.Config)
	if err := m.openStore(ctx); err != nil {
		return err
	}
	if err := m.newBot(); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	m.Engine = m.newEngine(reg)
	m.Runner = &engine.Runner{Engine: m.Engine, Coord: m.Store, Interval: m.Config.EvalInterval, Owner: m.owner}
	m.App.Refresh = m.Runner.Refresh
	if err := m.Runner.Start(); err != nil {
		return fmt.Errorf("start engine: %w", err)
	}
	if err := m.startSync(reg); err != nil {
		return err
	}
	m.HTTPServer = m.newHTTPServer(reg)
	if err := m.HTTPServer.Open(); err != nil {
		return fmt.Errorf("start http server: %w", err)
	}
	m.Logger.Info("http server listening", "addr", m.HTTPServer.ListenAddr().String())
	m.Bot.Start()
	m.startHomes()
	return nil
}

// startHomes runs the App Home republish loop until Close.
func (m *Main) startHomes() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Homes.Run(ctx)
	}()
	m.stopHomes = func() { cancel(); <-done }
}

// loadConfig reads the configuration (the Slack tokens are required when slack is
// true) and sets up the logger.
func (m *Main) loadConfig(slack bool) error {
	lookup, err := withEnvFile(m.LookupEnv, m.EnvFile)
	if err != nil {
		return fmt.Errorf("load config: %w", err)
	}
	cfg, err := LoadConfig(lookup, slack)
	if err != nil {
		return fmt.Errorf("load config: %w", err)
	}
	m.Config = cfg
	m.useLogger(newLogger(m.Stderr))
	m.owner = instanceName()
	return nil
}

// openStore opens REDIS_URL, or the embedded store in GOALBOT_DATA_DIR, and sets up
// the clock (shared through the store when GOALBOT_NOW freezes it) and the use cases.
func (m *Main) openStore(ctx context.Context) error {
	s, err := store.Open(ctx, store.Options{URL: m.Config.RedisURL, KeyPrefix: m.Config.KeyPrefix,
		DataDir: m.Config.DataDir, Logger: m.Logger, Compactor: m.compactor()})
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	m.Store = s
	m.Clock = goalbot.SystemClock{}
	if !m.Config.Now.IsZero() {
		shared, err := engine.NewSharedClock(ctx, m.Config.Now, s)
		if err != nil {
			return err
		}
		m.Clock, m.shared = shared, shared
		m.Logger.Info("the clock is frozen", "at", shared.Now())
	}
	m.App = &commands.App{Store: s, Clock: m.Clock, Settings: m.Config.Settings(), Admins: m.Config.Admins, Logger: m.Logger,
		Ingested: func(campaigns []string) {
			if err := s.MarkDirty(context.Background(), campaigns); err != nil {
				m.Logger.Error("mark touched campaigns", "err", err)
			}
		},
		MeasureSoon: s.MarkDirty}
	m.Syncer = m.newSyncer()
	if len(m.Syncer.Sources) > 0 {
		m.App.Sources = syncerSources{m.Syncer}
	}
	return nil
}

// startSync schedules the pulls from the configured networks (the first at once),
// on the replica that leads the engine.
func (m *Main) startSync(reg prometheus.Registerer) error {
	m.Syncer.Metrics = source.NewMetrics(reg)
	if len(m.Syncer.Sources) == 0 {
		return nil
	}
	stop, err := m.Syncer.Schedule(m.Runner, m.Config.Sources.Interval)
	if err != nil {
		return fmt.Errorf("start the pulls: %w", err)
	}
	m.stopSync = stop
	m.Logger.Info("pulling from the ad networks", "sources", m.Syncer.Names(), "every", m.Config.Sources.Interval)
	return nil
}

// newEngine builds the engine, posting its alerts to Slack (run always has the Slack
// tokens).
func (m *Main) newEngine(reg prometheus.Registerer) *engine.Engine {
	n := bot.NewNotifier(m.Bot.API(), m.Store, m.Logger)
	n.Refused, n.App = m.Bot.TokenRefused, m.App
	n.Locales = m.Bot.Locales()
	return &engine.Engine{Store: m.Store, Clock: m.Clock, Shared: m.shared, Settle: m.Config.Settle, StaleAfter: m.Config.StaleAfter,
		Workspace: m.Config.Settings(), Logger: m.Logger, Metrics: engine.NewMetrics(reg),
		Notifier: n, Changed: m.Homes.Changed}
}

// newHTTPServer builds the HTTP server with /healthz (which fails while the store is
// stuck), /readyz, /metrics and /v1.
func (m *Main) newHTTPServer(reg *prometheus.Registry) *api.Server {
	srv := api.NewServer(m.Config.HTTPAddr, m.Logger)
	srv.Observe(reg)
	srv.Ready(api.Check{Name: "store", Check: m.Store.Ping, Down: goalbot.M("api.ready.store", nil)},
		api.Check{Name: "slack", Check: m.Bot.Ready, Down: goalbot.M("api.ready.slack", nil)})
	st := m.Store
	srv.Live(api.Check{Name: "store", Check: func(context.Context) error { return st.Live() }})
	rows := prometheus.NewCounter(prometheus.CounterOpts{Name: "goalbot_ingest_rows_total", Help: "Metrics rows accepted."})
	reg.MustRegister(rows)
	v1 := &api.V1{App: m.App, IngestToken: string(m.Config.IngestToken), APIToken: string(m.Config.APIToken),
		MaxIngestBytes: m.Config.IngestMaxBytes, Logger: m.Logger,
		IngestedRows: func(n int) { rows.Add(float64(n)) },
		Evaluate: func(ctx context.Context, at *time.Time) (any, error) {
			return m.Engine.Evaluate(ctx, m.Store, m.owner, at)
		}}
	v1.Register(srv.Mux())
	return srv
}

// instanceName names this replica in leases: host, process and a random suffix.
func instanceName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
