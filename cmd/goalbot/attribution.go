package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// attribution is the attribution command: `goalbot attribution FILE.csv` (or - for
// standard input) sets which CRM drill-downs count for each campaign, all or
// nothing (the CSV's format is in docs/sources.md).
func (m *Main) attribution(ctx context.Context, args []string) (err error) {
	fs := flag.NewFlagSet("attribution", flag.ContinueOnError)
	operands, err := m.parseCommand(fs, args, "FILE.csv, or - for standard input")
	if errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if err := m.openForCommand(ctx); err != nil {
		return fmt.Errorf("attribution: %w", err)
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	in, _, name, err := m.openInput(operands[0])
	if err != nil {
		return fmt.Errorf("attribution: %w", err)
	}
	defer in.Close()
	overrides, err := commands.ReadAttributionCSV(in)
	if err == nil {
		err = m.App.SetCampaignMatch(ctx, overrides)
	}
	if goalbot.ErrorCode(err) == goalbot.EINVALID {
		return fmt.Errorf("attribution %s: nothing was changed:\n%s", name, english.Error(err))
	} else if err != nil {
		return fmt.Errorf("attribution %s: %w", name, err)
	}
	fmt.Fprintf(m.Stdout, "set the attribution of %d campaigns from %s\n", len(overrides), name)
	return nil
}
