package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/goalbot/goalbot"
	"github.com/goalbot/goalbot/commands"
)

// demo is the demo command: `goalbot demo [--seed N] [--force]` fills the store
// with the demo catalog, metrics and goals (commands.LoadDemo) and prints them.
func (m *Main) demo(ctx context.Context, args []string) (err error) {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	seed := fs.Int64("seed", 1, "the seed of the demo's noise; the same seed gives the same data")
	force := fs.Bool("force", false, "load the demo into a store that already holds goals or a catalog")
	if err := m.parseFlags(fs, args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if err := m.openForCommand(ctx); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer func() { err = errors.Join(err, m.Close()) }()
	if !*force {
		if err := m.refuseNonEmpty(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	sum, err := m.App.LoadDemo(ctx, *seed)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return printDemo(m.Stdout, sum, *seed, m.storeName())
}

// refuseNonEmpty returns an error when the store holds any goal or catalog entry.
func (m *Main) refuseNonEmpty(ctx context.Context) error {
	goals, _, err := m.Store.ListGoals(ctx, goalbot.Filter{}, m.Clock.Now(), "", 1)
	if err != nil {
		return fmt.Errorf("check the store is empty: %w", err)
	}
	accounts, err := m.Store.SearchAccounts(ctx, "", 1)
	if err != nil {
		return fmt.Errorf("check the store is empty: %w", err)
	}
	campaigns, err := m.Store.SearchCampaigns(ctx, "", nil, 1)
	if err != nil {
		return fmt.Errorf("check the store is empty: %w", err)
	}
	var holds []string
	if len(goals) > 0 {
		holds = append(holds, "goals (such as "+goals[0].ID+")")
	}
	if len(accounts)+len(campaigns) > 0 {
		holds = append(holds, "a catalog of accounts and campaigns")
	}
	if len(holds) == 0 {
		return nil
	}
	return fmt.Errorf("%s already holds %s: the demo fills an empty store only. Run `goalbot demo --force` to add it anyway "+
		"(the demo campaigns' metrics are replaced and five more goals are created; nothing else changes), "+
		"or point GOALBOT_DATA_DIR (or REDIS_URL, or GOALBOT_KEY_PREFIX) at an empty store", m.storeName(), strings.Join(holds, " and "))
}

// storeName names the configured store for messages.
func (m *Main) storeName() string {
	if m.Config.RedisURL != "" {
		return "the Redis store at " + redactURL(m.Config.RedisURL)
	}
	return "the embedded store in " + m.Config.DataDir
}

// printDemo writes what the demo created.
func printDemo(w io.Writer, s commands.DemoSummary, seed int64, store string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Loaded the demo (seed %d) into %s:\n\n", seed, store)
	fmt.Fprintf(&b, "%d networks (%s), %d accounts, %d campaigns:\n", len(s.Networks()), strings.Join(s.Networks(), ", "), len(s.Accounts), len(s.Campaigns))
	for _, a := range s.Accounts {
		var ids []string
		for _, c := range s.Campaigns {
			if c.AccountID == a.ID {
				ids = append(ids, c.ID)
			}
		}
		fmt.Fprintf(&b, "  %-7s %-15s %-15s %s  %s\n", a.Network, a.ID, a.Name, a.Currency, strings.Join(ids, ", "))
	}
	fmt.Fprintf(&b, "\n%d metrics rows, one a day for each campaign from %s to %s\n", s.Rows, s.From, s.To)
	fmt.Fprintf(&b, "\n%d goals, created by %s:\n", len(s.Goals), commands.DemoUser)
	for _, g := range s.Goals {
		fmt.Fprintf(&b, "  %-4s %-37s %-22s %-9s %s to %s, %d campaigns\n", g.ID, g.Name, g.Type, g.Duration, g.Start, g.End, len(g.Campaigns))
	}
	b.WriteString("\nStart goalbot and the engine measures them at its first pass; then try `/goal list`.\n")
	_, err := io.WriteString(w, b.String())
	return err
}
