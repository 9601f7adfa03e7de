package main

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"
)

// openForCommand prepares a one-shot command (import, demo): it loads the
// configuration without requiring the Slack tokens and opens the store: REDIS_URL,
// or the embedded store in GOALBOT_DATA_DIR, whose lock makes the command refuse
// while a running goalbot holds it. Only warnings are logged: what the command did
// is its output.
func (m *Main) openForCommand(ctx context.Context) error {
	if err := m.loadConfig(false); err != nil {
		return err
	}
	m.useLogger(newLevelLogger(m.Stderr, slog.LevelWarn))
	return m.openStore(ctx)
}

// progress returns a progress bar on Stderr up to max (bytes when bytes is true,
// rows otherwise; -1 for a spinner) when Stderr is a terminal, and a bar that draws
// nothing otherwise (a pipe, a file, a test).
func (m *Main) progress(max int64, what string, bytes bool) *progressbar.ProgressBar {
	if !isTerminal(m.Stderr) {
		return progressbar.NewOptions64(max, progressbar.OptionSetWriter(io.Discard), progressbar.OptionSetVisibility(false))
	}
	return progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(m.Stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(bytes),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionClearOnFinish(),
	)
}
