package bot

import (
	"context"
	"log/slog"
	"strings"
)

// logAdapter passes slack-go's socket-mode log lines (its debug output is off, so
// these are rare) to the bot's logger at debug level.
type logAdapter struct{ log *slog.Logger }

// Output implements slack-go's logger interface.
func (l logAdapter) Output(_ int, s string) error {
	l.log.Log(context.Background(), slog.LevelDebug, strings.TrimSpace(s), "component", "slack-go")
	return nil
}
