package engine

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
)

// learnCurrencies asks the store for the currency of every campaign of gs (but the
// retimed ones) that the engine does not know yet: one round trip or two, only when
// there is one. A campaign spends in its account's currency; a known currency never
// changes (the catalog refuses to change an account's, and a campaign never moves
// between accounts), so it is kept for the engine's life. A campaign whose account
// has none is asked again next time (its spend is not known meanwhile).
func (e *Engine) learnCurrencies(ctx context.Context, gs []*goalbot.Goal, retimed []bool) error {
	var ask []string
	seen := map[string]bool{}
	e.currencyMu.RLock()
	for i, g := range gs {
		if retimed[i] {
			continue
		}
		for _, c := range g.Campaigns {
			if _, ok := e.currencies[c]; !ok && !seen[c] {
				seen[c] = true
				ask = append(ask, c)
			}
		}
	}
	e.currencyMu.RUnlock()
	if len(ask) == 0 {
		return nil
	}
	known, err := e.Store.Campaigns(ctx, ask)
	if err != nil {
		return fmt.Errorf("load the currencies of %d campaigns: %w", len(ask), err)
	}
	e.currencyMu.Lock()
	defer e.currencyMu.Unlock()
	for id, c := range known {
		if c.Currency != "" {
			if e.currencies == nil {
				e.currencies = make(map[string]string)
			}
			e.currencies[id] = c.Currency
		}
	}
	return nil
}

// currenciesOf returns the currency of each of g's campaigns ("" when not known),
// as goalbot.MeasurePeriods takes them. Safe to call concurrently.
func (e *Engine) currenciesOf(g *goalbot.Goal) []string {
	out := make([]string, len(g.Campaigns))
	e.currencyMu.RLock()
	defer e.currencyMu.RUnlock()
	for i, c := range g.Campaigns {
		out[i] = e.currencies[c]
	}
	return out
}
