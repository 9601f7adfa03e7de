package commands

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
)

// campaignCommand is `/goal campaign CAMPAIGN [utm:VALUE,…|utm:none]`: which CRM
// drill-downs count for a campaign, shown or set.
func (a *App) campaignCommand(ctx context.Context, c Command) (Outcome, error) {
	if len(c.Args) != 1 {
		return nil, goalbot.Invalid("errors.campaign.missing", nil)
	}
	for _, kv := range c.Pairs {
		if kv[0] != "utm" {
			return nil, goalbot.Invalid("errors.campaign.key", goalbot.Args{"Key": kv[0]})
		}
	}
	id := c.Args[0]
	raw, set := c.Value("utm")
	if !set {
		return a.ShowCampaignMatch(ctx, id)
	}
	vals, err := goalbot.ParseMatchValues(raw, "utm")
	if err != nil {
		return nil, err
	}
	if err := a.SetCampaignMatch(ctx, map[string][]string{id: vals}); err != nil {
		return nil, err
	}
	return a.ShowCampaignMatch(ctx, id)
}

// SetCampaignMatch checks that every campaign is in the catalog, then replaces their
// attribution overrides at once (an empty list removes one: its name and id match
// again).
func (a *App) SetCampaignMatch(ctx context.Context, overrides map[string][]string) error {
	ids := make([]string, 0, len(overrides))
	for id := range overrides {
		ids = append(ids, id)
	}
	known, err := a.Store.Campaigns(ctx, ids)
	if err != nil {
		return fmt.Errorf("load campaigns: %w", err)
	}
	var p goalbot.Problems
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			p.Add("campaign", "errors.campaign.unknown", goalbot.Args{"Campaign": id})
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	if err := a.Store.SetAttribution(ctx, overrides); err != nil {
		return fmt.Errorf("save the attribution of %d campaigns: %w", len(overrides), err)
	}
	return nil
}

// CampaignMatch is `/goal campaign`: which CRM drill-downs count for a campaign.
type CampaignMatch struct {
	unchanged
	Campaign goalbot.Campaign
	// Values are the drill-downs (utm_campaign values) that count for it.
	Values []string
	// Overridden: Values were set for it; else they are its name and id.
	Overridden bool
}

// ShowCampaignMatch loads which drill-downs count for campaign id.
func (a *App) ShowCampaignMatch(ctx context.Context, id string) (CampaignMatch, error) {
	cs, err := a.Store.Campaigns(ctx, []string{id})
	if err != nil {
		return CampaignMatch{}, fmt.Errorf("load campaign %s: %w", id, err)
	}
	c, ok := cs[id]
	if !ok {
		return CampaignMatch{}, goalbot.Invalid("errors.campaign.unknown", goalbot.Args{"Campaign": id})
	}
	all, err := a.Store.Attribution(ctx)
	if err != nil {
		return CampaignMatch{}, fmt.Errorf("load attribution overrides: %w", err)
	}
	override := all[id]
	return CampaignMatch{Campaign: c, Values: goalbot.MatchValues(c, override), Overridden: len(override) > 0}, nil
}
