package commands

import (
	"context"
	"fmt"

	"github.com/goalbot/goalbot"
)

// Catalog is a batch of accounts and campaigns to add before they have metrics
// (POST /v1/catalog).
type Catalog struct {
	Accounts  []goalbot.Account  `json:"accounts"`
	Campaigns []goalbot.Campaign `json:"campaigns"`
	// Attribution sets campaigns' attribution overrides: campaign id → the CRM
	// drill-downs (utm_campaign values) that count for it; an empty list removes one.
	Attribution map[string][]string `json:"attribution,omitempty"`
}

// AddCatalog validates and stores accounts and campaigns. A campaign's account must be
// in the batch or already known; every problem is reported at once, named
// `accounts[i].field` or `campaigns[i].field`.
func (a *App) AddCatalog(ctx context.Context, c Catalog) error {
	var p goalbot.Problems
	if len(c.Accounts)+len(c.Campaigns)+len(c.Attribution) == 0 {
		p.Add("accounts", "errors.catalog.empty", nil)
	}
	overrides := checkAttribution(&p, c.Attribution)
	inBatch := map[string]bool{}
	for i, acc := range c.Accounts {
		m := goalbot.Metric{Date: goalbot.Date{Year: goalbot.MinYear, Month: 1, Day: 1}, AccountID: acc.ID, CampaignID: "x",
			AccountName: acc.Name, Network: acc.Network, Currency: acc.Currency}
		for _, f := range m.Validate(a.today()) {
			p = append(p, goalbot.FieldError{Field: fmt.Sprintf("accounts[%d].%s", i, idField(f.Field)), Message: f.Message})
		}
		inBatch[acc.ID] = true
	}
	var missing []string
	for i, cp := range c.Campaigns {
		m := goalbot.Metric{Date: goalbot.Date{Year: goalbot.MinYear, Month: 1, Day: 1}, AccountID: cp.AccountID, CampaignID: cp.ID,
			CampaignName: cp.Name, Currency: "USD"}
		for _, f := range m.Validate(a.today()) {
			p = append(p, goalbot.FieldError{Field: fmt.Sprintf("campaigns[%d].%s", i, campaignField(f.Field)), Message: f.Message})
		}
		if cp.AccountID != "" && !inBatch[cp.AccountID] {
			missing = append(missing, cp.AccountID)
		}
	}
	if len(missing) > 0 {
		known, err := a.Store.Accounts(ctx, missing)
		if err != nil {
			return fmt.Errorf("load accounts: %w", err)
		}
		for i, cp := range c.Campaigns {
			if _, ok := known[cp.AccountID]; cp.AccountID != "" && !inBatch[cp.AccountID] && !ok {
				p.Add(fmt.Sprintf("campaigns[%d].account_id", i), "errors.catalog.account_unknown", goalbot.Args{"Account": cp.AccountID})
			}
		}
	}
	if err := a.checkAttributed(ctx, &p, c, overrides); err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	if len(c.Accounts)+len(c.Campaigns) > 0 {
		if err := a.Store.UpsertCatalog(ctx, c.Accounts, c.Campaigns); err != nil {
			return fmt.Errorf("store catalog: %w", err)
		}
	}
	if len(overrides) == 0 {
		return nil
	}
	err := a.SetCampaignMatch(ctx, overrides)
	if goalbot.ErrorCode(err) == goalbot.EINVALID {
		return goalbot.Invalid("errors.catalog.attribution", goalbot.Args{"Problem": err})
	}
	return err
}

// checkAttributed checks that each campaign of the attribution part is in the batch
// or in the catalog.
func (a *App) checkAttributed(ctx context.Context, p *goalbot.Problems, c Catalog, overrides map[string][]string) error {
	inBatch := map[string]bool{}
	for _, cp := range c.Campaigns {
		inBatch[cp.ID] = true
	}
	var ids []string
	for id := range overrides {
		if !inBatch[id] {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	known, err := a.Store.Campaigns(ctx, ids)
	if err != nil {
		return fmt.Errorf("load campaigns: %w", err)
	}
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			p.Add("attribution."+id, "errors.catalog.campaign_unknown", goalbot.Args{"Campaign": id})
		}
	}
	return nil
}

// checkAttribution checks the attribution part of a catalog request, each campaign's
// list named `attribution.ID`.
func checkAttribution(p *goalbot.Problems, in map[string][]string) map[string][]string {
	out := make(map[string][]string, len(in))
	for id, vals := range in {
		field := "attribution." + id
		if len(vals) == 0 {
			out[id] = []string{}
			continue
		}
		clean, err := goalbot.CheckMatchValues(vals, field)
		if err != nil {
			p.AddError(field, err)
			continue
		}
		out[id] = clean
	}
	return out
}

// idField names an account's fields as the catalog request does.
func idField(f string) string {
	switch f {
	case "account_id":
		return "id"
	case "account_name":
		return "name"
	}
	return f
}

// campaignField names a campaign's fields as the catalog request does.
func campaignField(f string) string {
	switch f {
	case "campaign_id":
		return "id"
	case "campaign_name":
		return "name"
	}
	return f
}
