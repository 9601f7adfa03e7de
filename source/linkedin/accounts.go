package linkedin

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/goalbot/goalbot/source"
)

// adAccount is an ad account's fields.
type adAccount struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Currency string `json:"currency"`
	Status   string `json:"status"`
}

// campaign is an ad campaign's fields.
type campaign struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Accounts reads the configured accounts, or lists the active accounts the token
// reaches. Days are UTC days.
func (c *Client) Accounts(ctx context.Context) ([]source.Account, error) {
	var out []source.Account
	add := func(a adAccount) {
		out = append(out, source.Account{ID: strconv.FormatInt(a.ID, 10), Name: a.Name, Currency: a.Currency, Location: time.UTC})
	}
	if len(c.cfg.AdAccountIDs) > 0 {
		for _, id := range c.cfg.AdAccountIDs {
			var a adAccount
			if err := c.get(ctx, "adAccounts/"+id, "", &a); err != nil {
				return nil, fmt.Errorf("read ad account %s: %w", id, err)
			}
			add(a)
		}
		return out, nil
	}
	err := list(ctx, c, "adAccounts", "q=search&search=(status:(values:List(ACTIVE)))", func(a adAccount) error { add(a); return nil })
	if err != nil {
		return nil, fmt.Errorf("list the ad accounts of the token: %w", err)
	}
	return out, nil
}

// Campaigns lists the account's campaigns that are or were running.
func (c *Client) Campaigns(ctx context.Context, a source.Account) ([]source.Campaign, error) {
	var out []source.Campaign
	err := list(ctx, c, "adAccounts/"+a.ID+"/adCampaigns", "q=search&search=(status:(values:List(ACTIVE,PAUSED,ARCHIVED,COMPLETED)))",
		func(cp campaign) error {
			out = append(out, source.Campaign{ID: strconv.FormatInt(cp.ID, 10), Name: cp.Name})
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list campaigns of account %s: %w", a.ID, err)
	}
	c.mu.Lock()
	c.campaigns[a.ID] = len(out)
	c.mu.Unlock()
	return out, nil
}
