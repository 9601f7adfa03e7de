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
	"github.com/slack-go/slack"
	"golang.org/x/term"
)

// Console is the local prompt of `goalbot console`: the /goal commands of Slack, on
// the same use cases, with replies and alerts printed as text.
type Console struct {
	App *commands.App
	As  commands.Actor
	In  io.Reader
	Out io.Writer

	mu   sync.Mutex // serialises printing between the prompt and the alerts
	next string     // the More value of the last list, for `more`
	del  string     // the ids the previous line's delete asked about, for `confirm`
	term *term.Terminal
}

// consoleHelp is printed by `help` in addition to /goal's own help.
const consoleHelp = `Console: type /goal commands with or without "/goal" (e.g. list status:in_progress).
Buttons are words here: "more" shows the next page of a list, "confirm" deletes what
"delete" asked about, "exit" (or end of input) leaves.`

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
			c.print(tooLong.Error())
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
	c.print(consoleHelp)
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
	var r commands.Reply
	var err error
	switch strings.ToLower(word) {
	case "exit", "quit":
		return true
	case "more":
		if c.next == "" {
			c.print("Nothing more: run list first.")
			return false
		}
		r, err = c.App.Click(ctx, c.As, commands.ActionListMore, c.next)
	case "confirm":
		ids, ok := confirmable(pending, rest)
		if !ok {
			c.print(nothingToConfirm(pending, rest))
			return false
		}
		r, err = c.App.Click(ctx, c.As, commands.ActionDeleteConfirm, ids)
	default:
		r, err = c.App.Execute(ctx, c.As, "", line)
		if word == "" || strings.EqualFold(word, commands.VerbHelp) {
			defer c.print(consoleHelp)
		}
	}
	if err != nil {
		c.App.Logger.Error("console command failed", "line", line, "err", err)
	}
	c.print(commands.PlainText(r.Blocks))
	if hint := c.remember(r); hint != "" {
		c.print(hint)
	}
	return false
}

// remember keeps the values of the buttons that typed words stand for, and returns
// the hint that says so.
func (c *Console) remember(r commands.Reply) string {
	c.next, c.del = "", ""
	for _, b := range buttons(r) {
		switch b[0] {
		case commands.ActionListMore:
			c.next = b[1]
		case commands.ActionDeleteConfirm:
			c.del = b[1]
		}
	}
	switch {
	case c.next != "":
		return "(type more for the next page)"
	case c.del != "" && strings.Contains(r.Text, "Confirm or cancel"):
		return "(type confirm to delete, anything else to keep them)"
	}
	return ""
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

// consoleStaleIDs is how many goals the console names in a stale alert that groups
// several.
const consoleStaleIDs = 20

// Notify prints an alert as the engine hands it over (the console's notifier).
func (c *Console) Notify(_ context.Context, a goalbot.Alert) error {
	what := a.GoalID
	if len(a.GoalIDs) > 0 {
		what = strings.Join(a.GoalIDs, ", ")
	}
	if a.Event == goalbot.EventStale && len(a.GoalIDs) > 0 {
		ids := a.GoalIDs
		if len(ids) > consoleStaleIDs {
			ids = append(ids[:consoleStaleIDs:consoleStaleIDs], fmt.Sprintf("…and %d more", len(a.GoalIDs)-consoleStaleIDs))
		}
		c.print(fmt.Sprintf("🔔 alert to %s: %d goals have had no metrics since %s (%s): %s", a.Recipient, len(a.GoalIDs),
			a.Since.UTC().Format("2006-01-02 15:04 UTC"), a.Words(), strings.Join(ids, ", ")))
		return nil
	}
	progress := ""
	if a.Progress != nil {
		progress = " (" + commands.Percent(a.Progress) + ")"
	}
	c.print(fmt.Sprintf("🔔 alert to %s: %s %s%s · %s – %s", a.Recipient, what, a.Words(), progress, a.PeriodStart, a.PeriodEnd))
	return nil
}

// Undeliverable prints why an alert cannot be delivered.
func (c *Console) Undeliverable(_ context.Context, a goalbot.Alert, reason string) error {
	c.print(fmt.Sprintf("⚠️ alert %s cannot be delivered: %s", a.Key, reason))
	return nil
}

// buttons returns the (action id, value) of every button of a reply.
func buttons(r commands.Reply) [][2]string {
	var out [][2]string
	for _, b := range r.Blocks {
		ab, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, e := range ab.Elements.ElementSet {
			if btn, ok := e.(*slack.ButtonBlockElement); ok {
				out = append(out, [2]string{btn.ActionID, btn.Value})
			}
		}
	}
	return out
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
func nothingToConfirm(pending, typed string) string {
	next := "type delete and the goals' ids, then confirm"
	if ids := strings.Fields(typed); len(ids) > 0 {
		next = "type delete " + strings.Join(ids, " ") + ", then confirm"
	}
	if pending == "" {
		return "Nothing to confirm, so nothing was deleted: confirm answers the delete on the line just before it (" + next + ")."
	}
	return "Nothing to confirm for " + strings.Join(strings.Fields(typed), " ") + ", so nothing was deleted: the delete just before asked about " +
		strings.Join(strings.Fields(pending), ", ") + " (" + next + ")."
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
