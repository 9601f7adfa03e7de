package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/messages"
	"golang.org/x/term"
)

// Console is the local prompt of `goalbot console`: the /goal commands of Slack, on
// the same use cases, with replies and alerts printed as text in the language of
// its user (As.Lang), who types in that language too.
type Console struct {
	App *commands.App
	As  commands.Actor
	In  io.Reader
	Out io.Writer
	// ChartDir is where `chart G12` writes the chart's PNG (the system's temporary
	// directory when empty).
	ChartDir string

	mu   sync.Mutex         // serialises printing between the prompt and the alerts
	page *commands.GoalPage // the last list, for `more` (nil when it was the last page)
	del  string             // the ids the previous line's delete asked about, for `confirm`
	term *term.Terminal
}

// words are the console's words in its user's language.
func (c *Console) words() words { return wordsIn(c.As.Lang) }

// Run reads commands until the end of input (or "exit") and prints their replies.
// On a terminal it offers line editing and history.
func (c *Console) Run(ctx context.Context) error {
	if f, ok := c.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if out, ok := c.Out.(*os.File); ok && term.IsTerminal(int(out.Fd())) {
			return c.runTerminal(ctx, f)
		}
	}
	r := bufio.NewReaderSize(c.In, 64<<10)
	for {
		line, err := readLine(r, maxConsoleLine)
		var tooLong *lineTooLongError
		switch {
		case errors.As(err, &tooLong):
			p := c.words().p
			c.print(p.T("console.line_too_long", messages.Args{"Bytes": p.Int(int64(tooLong.n)), "Max": p.Int(maxConsoleLine)}))
			continue
		case errors.Is(err, io.EOF) && line == "":
			return nil
		case err != nil && !errors.Is(err, io.EOF):
			return fmt.Errorf("read commands: %w", err)
		}
		if done := c.Handle(ctx, line); done || err != nil {
			return nil
		}
	}
}

// runTerminal runs the prompt with line editing and history.
func (c *Console) runTerminal(ctx context.Context, f *os.File) error {
	state, err := term.MakeRaw(int(f.Fd()))
	if err != nil {
		return fmt.Errorf("set up the terminal: %w", err)
	}
	defer func() { _ = term.Restore(int(f.Fd()), state) }()
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{f, c.Out}, "goal> ")
	c.mu.Lock()
	c.term = t
	c.mu.Unlock()
	c.print(c.words().t("console.help"))
	for {
		line, err := t.ReadLine()
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("read command: %w", err)
		}
		if c.Handle(ctx, line) {
			return nil
		}
	}
}

// Handle runs one line and prints its reply; it reports whether to stop.
func (c *Console) Handle(ctx context.Context, line string) bool {
	line = strings.TrimSpace(line)
	line = strings.TrimSpace(strings.TrimPrefix(line, "/goal"))
	word, rest, _ := strings.Cut(line, " ")
	// A delete waits for the very next line: anything but confirm keeps the goals.
	pending := c.del
	c.del = ""
	w := c.words()
	var o commands.Outcome
	var err error
	switch {
	case w.d.Says(word, "console.word.exit"):
		return true
	case w.d.Says(word, "console.word.more"):
		if c.page == nil {
			c.print(w.t("console.more.none"))
			return false
		}
		o, err = c.App.List(ctx, c.page.Filter, c.page.Next)
	case w.d.Says(word, "console.word.confirm"):
		ids, ok := confirmable(pending, rest)
		if !ok {
			c.print(w.nothingToConfirm(pending, rest))
			return false
		}
		o, err = c.App.ConfirmDelete(ctx, c.As, strings.Fields(ids))
	default:
		o, err = c.App.Execute(ctx, c.As, "", line)
		if _, ok := o.(commands.Help); ok {
			defer c.print(w.t("console.help"))
		}
	}
	if err != nil {
		o = commands.Refuse(err)
		if goalbot.ErrorCode(err) == goalbot.EINTERNAL {
			c.App.Logger.Error("console command failed", "line", line, "err", err)
		}
	}
	c.remember(o)
	if ch, ok := o.(commands.Charted); ok {
		c.print(c.writeChart(w, ch))
		return false
	}
	c.print(w.outcome(o))
	return false
}

// remember keeps what the words more and confirm act on: the last list's next page,
// the goals the last delete asked about.
func (c *Console) remember(o commands.Outcome) {
	c.page = nil
	switch o := o.(type) {
	case commands.GoalPage:
		if o.Next != "" {
			c.page = &o
		}
	case commands.DeleteAsked:
		c.del = strings.Join(o.IDs(), " ")
	}
}

// print writes text and a newline, above the prompt on a terminal.
func (c *Console) print(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.term != nil {
		_, _ = c.term.Write([]byte(strings.ReplaceAll(text, "\n", "\r\n") + "\r\n"))
		return
	}
	_, _ = fmt.Fprintln(c.Out, text)
}

// Notify prints an alert as the engine hands it over (the console's notifier), with
// the goals it names as they are now.
func (c *Console) Notify(ctx context.Context, a goalbot.Alert) error {
	alerted, err := c.App.LoadAlert(ctx, a)
	if err != nil {
		return fmt.Errorf("load alert %s: %w", a.Key, err)
	}
	c.print(c.words().alert(alerted))
	return nil
}

// Undeliverable prints why an alert cannot be delivered.
func (c *Console) Undeliverable(_ context.Context, a goalbot.Alert, reason string) error {
	c.print(c.words().t("console.alert.undeliverable", messages.Args{"Key": a.Key, "Reason": reason}))
	return nil
}

// confirmable returns the ids that `confirm [IDS]` deletes: those the previous line's
// delete asked about (pending), or the ones typed when each was among them. It
// reports false when there is nothing to confirm.
func confirmable(pending, typed string) (string, bool) {
	if pending == "" {
		return "", false
	}
	ids := strings.Fields(typed)
	if len(ids) == 0 {
		return pending, true
	}
	asked := strings.Fields(pending)
	for _, id := range ids {
		if !slices.ContainsFunc(asked, func(a string) bool { return strings.EqualFold(a, id) }) {
			return "", false
		}
	}
	return strings.Join(ids, " "), true
}

// nothingToConfirm says why `confirm [IDS]` deletes nothing, and what to type.
func (w words) nothingToConfirm(pending, typed string) string {
	next := w.t("console.confirm.next")
	if ids := strings.Fields(typed); len(ids) > 0 {
		next = w.t("console.confirm.next_ids", messages.Args{"IDs": strings.Join(ids, " ")})
	}
	if pending == "" {
		return w.t("console.confirm.nothing", messages.Args{"Next": next})
	}
	return w.t("console.confirm.other", messages.Args{"Typed": strings.Join(strings.Fields(typed), " "), "Asked": strings.Join(strings.Fields(pending), ", "), "Next": next})
}

// maxConsoleLine is the longest command line the console reads (far more than any
// command needs; Slack's own limit is a few thousand characters).
const maxConsoleLine = 1 << 20

// lineTooLongError is a line longer than the console reads; the rest of it was skipped.
type lineTooLongError struct{ n int }

func (e *lineTooLongError) Error() string {
	return fmt.Sprintf("⚠️ That line is too long (%d bytes or more; a command may have at most %d): it was skipped and nothing was run.", e.n, maxConsoleLine)
}

// readLine reads one line without its line end. A line longer than limit is read to
// its end and dropped with a *lineTooLongError; at the end of input it returns what
// it read with io.EOF.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var b []byte
	n := 0
	for {
		chunk, err := r.ReadSlice('\n')
		n += len(chunk)
		if n <= limit+1 { // +1: the line end
			b = append(b, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if n > limit+1 || (n > limit && !bytes.HasSuffix(chunk, []byte("\n"))) {
			return "", &lineTooLongError{n: n}
		}
		return strings.TrimRight(string(b), "\r\n"), err
	}
}
