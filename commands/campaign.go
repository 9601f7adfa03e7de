package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/goalbot/goalbot"
)

// campaignCommand is `/goal campaign CAMPAIGN [utm:VALUE,…|utm:none]`: which CRM
// drill-downs count for a campaign, shown or set.
func (a *App) campaignCommand(ctx context.Context, c Command) (Reply, error) {
	if len(c.Args) != 1 {
		return Reply{}, goalbot.Errorf(goalbot.EINVALID, "name one campaign, such as `/goal campaign google-111 utm:spring_brand`")
	}
	for _, kv := range c.Pairs {
		if kv[0] != "utm" {
			return Reply{}, goalbot.Errorf(goalbot.EINVALID, "`%s:` is not a key of /goal campaign: use utm:VALUE[,VALUE…] or utm:none", Escape(kv[0]))
		}
	}
	id := c.Args[0]
	raw, set := c.Value("utm")
	if !set {
		return a.CampaignMatchReply(ctx, id)
	}
	vals, err := goalbot.ParseMatchValues(raw, "utm")
	if err != nil {
		return Reply{}, err
	}
	if err := a.SetCampaignMatch(ctx, map[string][]string{id: vals}); err != nil {
		return Reply{}, err
	}
	return a.CampaignMatchReply(ctx, id)
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
			p.Add("campaign", "%s is not a campaign goalbot knows: campaigns come from the pulled networks, metrics rows or POST /v1/catalog", Escape(id))
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

// CampaignMatchReply shows which drill-downs count for campaign id.
func (a *App) CampaignMatchReply(ctx context.Context, id string) (Reply, error) {
	cs, err := a.Store.Campaigns(ctx, []string{id})
	if err != nil {
		return Reply{}, fmt.Errorf("load campaign %s: %w", id, err)
	}
	c, ok := cs[id]
	if !ok {
		return Reply{}, goalbot.Errorf(goalbot.EINVALID, "%s is not a campaign goalbot knows: campaigns come from the pulled networks, metrics rows or POST /v1/catalog", Escape(id))
	}
	all, err := a.Store.Attribution(ctx)
	if err != nil {
		return Reply{}, fmt.Errorf("load attribution overrides: %w", err)
	}
	override := all[id]
	vals := goalbot.MatchValues(c, override)
	quoted := make([]string, len(vals))
	for i, v := range vals {
		quoted[i] = "`" + Escape(v) + "`"
	}
	how := "its name and id (the default; set others with `utm:VALUE`)"
	if len(override) > 0 {
		how = "the values set for it (`utm:none` goes back to its name and id)"
	}
	text := fmt.Sprintf("*%s* (%s): paid HubSpot contacts whose drill-down or utm_campaign is %s count for it — %s. A change counts from the next HubSpot pull.",
		Escape(id), Escape(c.Name), strings.Join(quoted, " or "), how)
	return textReply(text), nil
}
