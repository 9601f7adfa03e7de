package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
	"github.com/goalbot/goalbot/source"
)

// syncSources is the sync command: `goalbot sync [--source NAME] [--from DATE --to
// DATE]` pulls now from the configured networks (or one), with a progress bar on a
// terminal, and prints what each source did. It fails when a source failed.
func (m *Main) syncSources(ctx context.Context, args []string) (err error) {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	name := fs.String("source", "", "")
	fromText := fs.String("from", "", "")
	toText := fs.String("to", "", "")
	if err := m.parseFlags(fs, args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	from, to, err := commands.SyncDates(*fromText, *toText, "--from", "--to")
	if err != nil {
		return fmt.Errorf("sync: %s", english.Error(err))
	}
	if err := m.openForCommand(ctx); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	start := time.Now()
	bar := m.progress(-1, "pulling", false)
	var mu sync.Mutex
	var planned int64
	res, err := m.Syncer.Sync(ctx, source.Request{Source: *name, From: from, To: to, Progress: func(_ string, plan, done int) {
		mu.Lock()
		defer mu.Unlock()
		if plan > 0 {
			planned += int64(plan)
			bar.ChangeMax64(planned)
		}
		_ = bar.Add(done)
	}})
	_ = bar.Finish()
	if err != nil {
		if goalbot.ErrorCode(err) == goalbot.EINVALID {
			return fmt.Errorf("sync: %s", english.Error(err))
		}
		return fmt.Errorf("sync: %w", err)
	}
	var failed []string
	for _, r := range res {
		fmt.Fprintf(m.Stdout, "%s: %d accounts, %d campaigns, %d rows", r.Name, r.Accounts, r.Campaigns, r.Rows)
		if !r.Error.IsZero() {
			fmt.Fprintf(m.Stdout, "; failed: %s", english.Message(r.Error))
			failed = append(failed, r.Name)
		}
		fmt.Fprintln(m.Stdout)
	}
	fmt.Fprintf(m.Stdout, "pulled in %.1fs\n", time.Since(start).Seconds())
	if len(failed) > 0 {
		return fmt.Errorf("sync: %s failed (see above); `goalbot sync` again once it is fixed", strings.Join(failed, ", "))
	}
	return nil
}
