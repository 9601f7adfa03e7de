package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/redis/go-redis/v9"
	"golang.org/x/term"
)

// newLogger returns a logger writing to w: text for a person at a terminal, JSON
// lines for anything else (a container's log collector, a file, a test).
func newLogger(w io.Writer) *slog.Logger { return newLevelLogger(w, slog.LevelInfo) }

// newLevelLogger is newLogger for records at level or above.
func newLevelLogger(w io.Writer, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether w is a terminal (not merely a character device such
// as /dev/null).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// useLogger makes l the logger of m and of the libraries that log by themselves:
// go-redis (its connection pool's lines) and the standard log package. Both are
// process-wide, so the last Main to set its logger gets their lines (in tests,
// where several Mains share a process, a library's line goes to one of them).
func (m *Main) useLogger(l *slog.Logger) {
	m.Logger = l
	redis.SetLogger(redisLogger{l})
	slog.SetDefault(l)
}

// redisLogger passes go-redis's own log lines to slog, at WARN (they tell of dial
// failures and dropped connections, which the store's errors report too).
type redisLogger struct{ log *slog.Logger }

// Printf implements go-redis's logging interface.
func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.WarnContext(ctx, strings.TrimSpace(fmt.Sprintf(format, v...)), "component", "go-redis")
}

// reportedError is an error that was already logged, so that main only sets the
// exit code.
type reportedError struct{ err error }

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() error { return e.err }

// logRunError logs the error that ended the run command as a log line when the log
// is JSON (not a terminal), one line per configuration problem, so that the log
// holds nothing but JSON lines; it returns err marked as reported. On a terminal it
// returns err as it is, for main to print.
func (m *Main) logRunError(err error) error {
	if err == nil || errors.Is(err, ErrUsage) || isTerminal(m.Stderr) {
		return err
	}
	if m.Logger == nil {
		m.useLogger(newLogger(m.Stderr))
	}
	var cerr *ConfigError
	if errors.As(err, &cerr) {
		for _, p := range cerr.Problems {
			m.Logger.Error("invalid configuration", "variable", p.Variable, "problem", p.Message)
		}
	} else {
		m.Logger.Error("goalbot stopped", "err", err)
	}
	return &reportedError{err: err}
}
